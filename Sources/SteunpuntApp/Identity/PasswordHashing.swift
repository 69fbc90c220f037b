import Foundation

/// Hashes and checks passwords (bcrypt, off the event loops); the web layer supplies it.
package protocol PasswordHashing: Sendable {
    func hash(_ password: String) async throws -> String
    /// Whether `password` matches `hash`. With no hash (an unknown or inactive account) it
    /// takes as long as a real check and answers false, so timing tells nothing.
    func verify(_ password: String, hash: String?) async throws -> Bool
}
