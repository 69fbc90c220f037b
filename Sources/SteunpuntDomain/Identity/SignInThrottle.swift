import Foundation

/// Sign-in protection (BIO2 8.05): too many failed attempts for one account, or from one
/// address, lock further attempts for a while. The account is keyed by the address
/// *typed*, so a lock looks the same whether or not the account exists.
public struct SignInThrottle: Sendable, Equatable {
    /// Failures within `window` that lock an account (by the e-mail address tried).
    public var accountLimit: Int
    /// Failures within `window` that lock a client address (slows down spraying many accounts).
    public var addressLimit: Int
    public var window: TimeInterval
    public var lockout: TimeInterval

    public init(accountLimit: Int = 5, addressLimit: Int = 20, window: TimeInterval = 15 * 60, lockout: TimeInterval = 15 * 60) {
        self.accountLimit = accountLimit
        self.addressLimit = addressLimit
        self.window = window
        self.lockout = lockout
    }

    /// The failure count of one key: failures since `windowStart`, and a lock if any.
    public struct Counter: Sendable, Equatable {
        public var failures: Int
        public var windowStart: Date
        public var lockedUntil: Date?

        public init(failures: Int, windowStart: Date, lockedUntil: Date? = nil) {
            self.failures = failures
            self.windowStart = windowStart
            self.lockedUntil = lockedUntil
        }

        public func isLocked(at now: Date) -> Bool { lockedUntil.map { now < $0 } ?? false }
    }

    /// The counter after one more failure at `now`, with `limit` failures locking.
    public func afterFailure(_ counter: Counter?, at now: Date, limit: Int) -> Counter {
        var next = counter ?? Counter(failures: 0, windowStart: now)
        if now.timeIntervalSince(next.windowStart) >= window || (next.lockedUntil.map { now >= $0 } ?? false) {
            next = Counter(failures: 0, windowStart: now)
        }
        next.failures += 1
        if next.failures >= limit { next.lockedUntil = now.addingTimeInterval(lockout) }
        return next
    }
}
