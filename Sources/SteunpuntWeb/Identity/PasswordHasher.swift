import Foundation
import HummingbirdBcrypt
import NIOPosix
import SteunpuntApp
import SteunpuntStorage

/// bcrypt hashing off the event loops: each hash takes tens to hundreds of milliseconds
/// by design, so it runs on NIO's blocking thread pool.
public struct PasswordHasher: PasswordHashing {
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
