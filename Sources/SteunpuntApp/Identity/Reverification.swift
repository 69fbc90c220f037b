import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Proving again who one is before a sensitive action (`/bevestigen`): with a fresh code
/// when two-step verification is on, else with the password. Failures count towards the
/// sign-in lock-out; when locked, the session ends, as a stolen session guessing codes
/// would want to go on.
extension SignInService {
    /// Whether the user proves it with a code (two-step verification on) or a password.
    package func reverifiesWithCode(_ user: User) async throws -> Bool {
        try await mfa.status(user: user.id)?.isEnabled == true
    }

    package func reverify(sessionToken: String, code: String, password: String, actor: Actor) async throws -> StepOutcome {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        let now = dependencies.now()
        let accountKey = SignInThrottleStore.accountKey(user.email)
        let usesCode = try await reverifiesWithCode(user)
        if try await throttle.lockedUntil([accountKey], at: now) != nil {
            try await sessions.delete(token: sessionToken)
            return .locked
        }
        let accepted: Bool
        if usesCode {
            accepted = try await codes.accept(code: code, user: user.id, in: mfa, at: now) != .rejected
        } else {
            let credentials = try await users.credentials(email: user.email)
            accepted = try await hasher.verify(password, hash: credentials?.passwordHash)
        }
        guard accepted else {
            try await audit.append(actor.auditEvent(.reverified, result: .failure, objectType: "user", objectID: user.id.uppercasedText, at: now))
            try await throttle.recordFailure(accountKey: accountKey, addressKey: actor.origin.map(SignInThrottleStore.addressKey), at: now)
            return .rejected
        }
        try await sessions.markVerified(token: sessionToken, at: now)
        try await throttle.reset(accountKey: accountKey)
        try await audit.append(actor.auditEvent(.reverified, objectType: "user", objectID: user.id.uppercasedText, at: now))
        return .accepted
    }
}
