import Foundation
import Synchronization

/// A clock a test moves by hand (for time-outs, lock-outs and deadlines).
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    /// Moves the clock to `date` (forward only): a test whose peer checks times against the
    /// real clock starts its own at the real time once its setup, slow under load, is done.
    public func set(_ date: Date) {
        current.withLock { $0 = max($0, date) }
    }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
