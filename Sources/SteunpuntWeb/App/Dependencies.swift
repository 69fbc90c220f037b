import Foundation
import HummingbirdBcrypt
import NIOPosix
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

/// bcrypt hashing off the event loops: each hash takes tens to hundreds of milliseconds
/// by design, so it runs on NIO's blocking thread pool.
public struct PasswordHasher: Sendable {
    public let cost: Int
    /// A hash of a random password nobody knows, verified when an e-mail address is
    /// unknown so that the answer takes as long as for a real account.
    let decoyHash: String

    public init(cost: Int) async throws {
        self.cost = cost
        let password = SecretToken.generate()
        decoyHash = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: UInt8(cost)) }
    }

    public func hash(_ password: String) async throws -> String {
        let cost = UInt8(cost)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Checks `password` against `hash`; with no hash (unknown account) it spends the same
    /// time on the decoy and answers false.
    public func verify(_ password: String, hash: String?) async throws -> Bool {
        let target = hash ?? decoyHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: target) }
        return hash != nil && matches
    }
}
