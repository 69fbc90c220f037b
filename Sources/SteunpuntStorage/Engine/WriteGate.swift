import Foundation
import NIOCore

/// One writer at a time, first come first served, within this process (SQLite).
///
/// SQLite lets one connection write at a time; the others wait in its busy handler, which
/// polls with growing sleeps and is not fair: under load a writer could lose the lock
/// again and again until its busy timeout ran out ("database is locked"). Queueing write
/// transactions here before `BEGIN IMMEDIATE` hands the lock over in order instead; the
/// busy timeout is left for other processes (the command line beside the server).
actor WriteGate {
    private var busy = false
    private var queue: [(id: UUID, continuation: CheckedContinuation<Void, any Error>)] = []

    /// Runs `work` as the only writer; waits at most `timeout` for its turn, then throws
    /// `StorageError.unavailable` (answered 503: try again shortly).
    nonisolated func run<R: Sendable>(within timeout: Duration, _ work: @Sendable () async throws -> R) async throws -> R {
        try await acquire(within: timeout)
        do {
            let result = try await work()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    private func acquire(within timeout: Duration) async throws {
        if !busy {
            busy = true
            return
        }
        let id = UUID()
        // A timer, not a sleeping task: see `CancellableTimer`.
        let timer = CancellableTimer()
        timer.arm(at: .now() + TimeAmount(timeout)) { [weak self] in
            Task { await self?.expire(id, after: timeout) }
        }
        defer { timer.cancel() }
        try await withCheckedThrowingContinuation { queue.append((id, $0)) }
    }

    private func expire(_ id: UUID, after timeout: Duration) {
        guard let index = queue.firstIndex(where: { $0.id == id }) else { return }
        queue.remove(at: index).continuation.resume(throwing: StorageError.unavailable("no turn to write within \(timeout)"))
    }

    /// Hands the turn to the next writer in line, or frees it.
    private func release() {
        if queue.isEmpty {
            busy = false
        } else {
            queue.removeFirst().continuation.resume()
        }
    }
}
