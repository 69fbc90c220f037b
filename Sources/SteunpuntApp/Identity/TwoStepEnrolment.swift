import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Switching two-step verification on and off for one's own account. A secret is made on
/// the first visit and kept sealed until a code from the app confirms it; confirming
/// gives ten recovery codes (shown once) and counts as a fresh proof of identity for the
/// session. Switching off takes a current code. Both audited.
package struct TwoStepEnrolment: Sendable {
    package let mfa: MFAStore
    package let sessions: SessionStore
    package let codes: OneTimeCodes
    package let dependencies: Dependencies

    package init(mfa: MFAStore, sessions: SessionStore, codes: OneTimeCodes, dependencies: Dependencies) {
        self.mfa = mfa
        self.sessions = sessions
        self.codes = codes
        self.dependencies = dependencies
    }

    /// The user's two-step status; a new (unconfirmed) secret when there was none.
    package func status(for user: User) async throws -> MFAStatus {
        if let status = try await mfa.status(user: user.id) { return status }
        try await mfa.begin(user: user.id, secret: OneTimeCodes.newSecret())
        guard let status = try await mfa.status(user: user.id) else { throw DomainError.notFound }
        return status
    }

    package func remainingRecoveryCodes(for user: User) async throws -> Int {
        try await mfa.remainingRecoveryCodes(user: user.id)
    }

    package enum Confirmation: Sendable {
        /// Already on, or never begun: nothing changed.
        case unchanged
        case invalidCode(MFAStatus)
        case confirmed(MFAStatus, recoveryCodes: [String])
    }

    /// Switches it on with a code from the app; `sessionToken`'s session counts as verified now.
    package func confirm(code: String, sessionToken: String?, actor: Actor) async throws -> Confirmation {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard let status = try await mfa.status(user: user.id), !status.isEnabled else { return .unchanged }
        let now = dependencies.now()
        guard let step = codes.matchingStep(code: code, secret: status.secret, at: now) else { return .invalidCode(status) }
        let recoveryCodes = OneTimeCodes.recoveryCodes()
        try await mfa.confirm(user: user.id, step: step, recoveryCodes: recoveryCodes, at: now,
                              audit: actor.auditEvent(.mfaEnabled, objectType: "user", objectID: user.id.uppercasedText, at: now))
        if let sessionToken { try await sessions.markVerified(token: sessionToken, at: now) }
        guard let confirmed = try await mfa.status(user: user.id) else { throw DomainError.notFound }
        return .confirmed(confirmed, recoveryCodes: recoveryCodes)
    }

    package enum Removal: Sendable {
        /// It was not on: nothing changed.
        case unchanged
        case invalidCode(MFAStatus)
        case disabled
    }

    /// Switches it off with a current code (one not used before).
    package func disable(code: String, actor: Actor) async throws -> Removal {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard let status = try await mfa.status(user: user.id), status.isEnabled else { return .unchanged }
        let now = dependencies.now()
        guard let step = codes.matchingStep(code: code, secret: status.secret, at: now), try await mfa.use(user: user.id, step: step) else {
            return .invalidCode(status)
        }
        try await mfa.disable(user: user.id, audit: actor.auditEvent(.mfaDisabled, objectType: "user", objectID: user.id.uppercasedText, at: now))
        return .disabled
    }
}
