import Foundation
import SteunpuntStorage

/// The side effects the app uses, as values: tests fix the clock and count hashes.
public struct Dependencies: Sendable {
    /// The current time.
    public var now: @Sendable () -> Date
    /// A new random secret (session cookie, CSRF token, API token).
    public var secret: @Sendable (_ prefix: String) -> String
    /// A new UUID for a record.
    public var uuid: @Sendable () -> UUID

    public init(now: @escaping @Sendable () -> Date, secret: @escaping @Sendable (String) -> String, uuid: @escaping @Sendable () -> UUID) {
        self.now = now
        self.secret = secret
        self.uuid = uuid
    }

    /// The real clock, the system's random source.
    public static let live = Dependencies(now: { Date() }, secret: { SecretToken.generate(prefix: $0) }, uuid: { UUID() })
}
