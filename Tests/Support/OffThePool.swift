import Dispatch

/// Runs blocking work (a subprocess to its end, a read that waits) on a Dispatch thread
/// and awaits it, so it never holds one of Swift's cooperative threads: with two cores
/// there are two, and the whole suite's timers and database calls resume on them (a
/// blocked pair once delayed a 0.2-second timer by 25 seconds).
public func offThePool<R: Sendable>(_ work: @escaping @Sendable () throws -> R) async throws -> R {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try work() })
        }
    }
}
