import Foundation
import NIOCore
import Synchronization

/// How long a database call may take: `acquire` to get a connection, `call` for the whole
/// call (one statement, or one transaction). Past either the call fails with
/// `StorageError.unavailable`, which the web layer answers 503 with `Retry-After`: a
/// request never waits out a database outage, and never waits for ever.
///
/// `connections` is the size of a PostgreSQL pool; with `keepsConnectionsOpen` all of them
/// are opened at the start and kept (`PostgresConnectionProvider` says why), otherwise they
/// are opened on demand and closed after a minute unused. A SQLite file has its own pool.
public struct DatabaseLimits: Sendable, Equatable {
    public var acquire: Duration
    public var call: Duration
    public var connections: Int
    public var keepsConnectionsOpen: Bool

    public init(acquire: Duration = .seconds(5), call: Duration = .seconds(30), connections: Int = 10, keepsConnectionsOpen: Bool = true) {
        self.acquire = acquire
        self.call = call
        self.connections = connections
        self.keepsConnectionsOpen = keepsConnectionsOpen
    }
}

/// Runs work against a deadline without waiting for work that does not end: when the
/// deadline passes first, the caller gets its error at once, `onExpiry` runs (it closes
/// the connection the work holds) and the work task is cancelled and left to end by
/// itself. A task group could not do this, as it waits for every child; PostgresNIO's
/// write to an already closed connection can leave a query that never completes.
enum Deadline {
    /// `acquired` says whether the work got its connection; until it does, `limits.acquire`
    /// applies, after that `limits.call` (from the start).
    static func run<R: Sendable>(_ limits: DatabaseLimits, acquired: @escaping @Sendable () -> Bool,
                                 onExpiry: @escaping @Sendable () -> Void,
                                 _ work: @escaping @Sendable () async throws -> R) async throws -> R {
        let outcome = Outcome<R>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                outcome.install(continuation)
                let worker = Task {
                    do { outcome.finish(.success(try await work())) } catch { outcome.finish(.failure(error)) }
                }
                // A timer, not a sleeping task: see `CancellableTimer`.
                let timer = CancellableTimer()
                let start = NIODeadline.now()
                timer.arm(at: start + TimeAmount(limits.acquire)) {
                    guard acquired() else {
                        if outcome.finish(.failure(StorageError.unavailable("no connection within \(limits.acquire)"))) { worker.cancel() }
                        return
                    }
                    timer.arm(at: start + TimeAmount(limits.call)) {
                        // The connection is being closed before the caller hears of it.
                        outcome.finish(.failure(StorageError.unavailable("no answer within \(limits.call)"))) {
                            onExpiry()
                            worker.cancel()
                        }
                    }
                }
                outcome.onFinish { timer.cancel() }
            }
        } onCancel: {
            outcome.finish(.failure(CancellationError()))
        }
    }

    /// The continuation, resumed exactly once by whichever comes first.
    final class Outcome<R: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<R, any Error>?
            var early: Result<R, any Error>?
            var done = false
            var finished: (@Sendable () -> Void)?
        }

        private let state = Mutex(State())

        func install(_ continuation: CheckedContinuation<R, any Error>) {
            let early = state.withLock { state -> Result<R, any Error>? in
                if let early = state.early { return early }
                state.continuation = continuation
                return nil
            }
            if let early { continuation.resume(with: early) }
        }

        func onFinish(_ action: @escaping @Sendable () -> Void) {
            let already = state.withLock { state -> Bool in
                if state.done { return true }
                state.finished = action
                return false
            }
            if already { action() }
        }

        /// Whether this call decided the outcome; if it did, `first` runs before the
        /// continuation resumes.
        @discardableResult
        func finish(_ result: Result<R, any Error>, first: () -> Void = {}) -> Bool {
            let (decided, continuation, action) = state.withLock { state -> (Bool, CheckedContinuation<R, any Error>?, (@Sendable () -> Void)?) in
                guard !state.done else { return (false, nil, nil) }
                state.done = true
                if state.continuation == nil { state.early = result }
                let continuation = state.continuation
                state.continuation = nil
                return (true, continuation, state.finished)
            }
            if decided { first() }
            continuation?.resume(with: result)
            action?()
            return decided
        }
    }
}
