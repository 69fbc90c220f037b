import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// A new user (or one whose administrator sent a new link) choosing a password with the
/// invitation link. The link works once, for `UserAdministration.invitationValidity`.
package struct InvitationAcceptance: Sendable {
    package let invitations: InvitationStore
    package let hasher: any PasswordHashing
    package let commonPasswords: Set<String>
    package let dependencies: Dependencies

    package init(invitations: InvitationStore, hasher: any PasswordHashing, commonPasswords: Set<String>, dependencies: Dependencies) {
        self.invitations = invitations
        self.hasher = hasher
        self.commonPasswords = commonPasswords
        self.dependencies = dependencies
    }

    /// The invited user, while the link works; nil when it was used or has expired.
    package func invitee(secret: String) async throws -> User? {
        try await invitations.pending(secret: secret, at: dependencies.now())
    }

    package enum Outcome: Sendable {
        case expired
        /// Every problem with the password and its repetition.
        case invalid(User, [FieldError])
        case accepted
    }

    package func accept(secret: String, password: String, repeated: String, actor: Actor) async throws -> Outcome {
        guard let user = try await invitee(secret: secret) else { return .expired }
        let errors = Passwords.problems(password, repeated: repeated, email: user.email, commonPasswords: commonPasswords)
        guard errors.isEmpty else { return .invalid(user, errors) }
        let now = dependencies.now()
        let accepted = try await invitations.accept(secret: secret, passwordHash: try await hasher.hash(password), at: now,
                                                    audit: actor.auditEvent(.invitationAccepted, objectType: "user", at: now))
        return accepted ? .accepted : .expired
    }
}
