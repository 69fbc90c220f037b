import NIOCore
import NIOPosix
import Synchronization

/// A timer that can be called off, freeing what it holds at once: the guard for a wait
/// that nearly always ends first (a database call's deadline, a writer's turn).
///
/// Not `Task.sleep` in a task cancelled when the wait ends: a cancelled sleep keeps its
/// task's memory until the moment it would have woken (swiftlang/swift#60441), so a
/// 5-second guard on every PostgreSQL statement kept five seconds' worth of statements in
/// memory. (The larger part of the 190 MB a PostgreSQL server grew to under load was the
/// same bug in PostgresNIO's pool timers, see `PostgresConnectionProvider`; issue 17.) A
/// cancelled NIO scheduled task leaves the event loop's timer queue at once.
final class CancellableTimer: Sendable {
    private struct State {
        var scheduled: Scheduled<Void>?
        var cancelled = false
    }

    private let state = Mutex(State())
    private let loop: any EventLoop

    init(on loop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()) {
        self.loop = loop
    }

    /// Runs `action` on an event loop at `deadline` unless cancelled first; what was armed
    /// before is replaced (it has fired, or is left to fire: arm again only from an action).
    func arm(at deadline: NIODeadline, _ action: @escaping @Sendable () -> Void) {
        guard !isCancelled else { return }
        let scheduled = loop.scheduleTask(deadline: deadline) { [self] in
            if !isCancelled { action() }
        }
        let kept = state.withLock { state -> Bool in
            guard !state.cancelled else { return false }
            state.scheduled = scheduled
            return true
        }
        if !kept { scheduled.cancel() }
    }

    private var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Calls off what is armed, and anything armed later.
    func cancel() {
        let scheduled = state.withLock { state -> Scheduled<Void>? in
            state.cancelled = true
            defer { state.scheduled = nil }
            return state.scheduled
        }
        scheduled?.cancel()
    }
}
