import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// People keep their own password: changing it with the current one, and choosing a new
/// one with a link by mail when it is forgotten. The link works once, for an hour; asking
/// for one gives the same answer whether the address is known or not, and sends at most
/// `resetsPerHour` links to one account an hour. A new password ends the account's other
/// sessions and is confirmed by mail (so someone who did not change it hears of it);
/// every step is audited.
package struct Passwords: Sendable {
    package let users: UserStore
    package let links: InvitationStore
    package let audit: AuditStore
    /// The sign-in throttle: a wrong current password counts as a failed sign-in, so the
    /// form cannot be used to guess a password the sign-in page would lock out.
    package let throttle: SignInThrottleStore
    /// Where mail goes; nil without a mail server (no reset link can be sent then).
    package let outbox: MailOutboxStore?
    package let hasher: any PasswordHashing
    package let commonPasswords: Set<String>
    /// Where the site is reached from outside, for the link.
    package let publicURL: String?
    /// A mail text in Dutch by its key, placeholders filled.
    package let mailText: @Sendable (_ key: String, _ values: [String: String]) -> String
    package let dependencies: Dependencies

    package static let resetValidity: TimeInterval = 3600
    package static let resetsPerHour = 3

    package init(users: UserStore, links: InvitationStore, audit: AuditStore, throttle: SignInThrottleStore, outbox: MailOutboxStore?, hasher: any PasswordHashing,
                 commonPasswords: Set<String>, publicURL: String?, mailText: @escaping @Sendable (String, [String: String]) -> String,
                 dependencies: Dependencies) {
        self.users = users
        self.links = links
        self.audit = audit
        self.throttle = throttle
        self.outbox = outbox
        self.hasher = hasher
        self.commonPasswords = commonPasswords
        self.publicURL = publicURL
        self.mailText = mailText
        self.dependencies = dependencies
    }

    /// Whether a forgotten password can be reset by mail here (a mail server is set).
    package var canReset: Bool { outbox != nil }

    // MARK: Changing one's own password

    /// Changes the signed-in user's password: the current one must be right, the new one
    /// must pass the password rules and be typed twice the same. The session that changes
    /// it (`session`) stays signed in; every other one ends.
    package func change(current: String, new: String, repeated: String, session: String?, actor: Actor) async throws {
        guard let user = actor.user, let credentials = try await users.credentials(email: user.email), credentials.user.isActive else {
            throw DomainError.unauthenticated
        }
        var errors: [FieldError] = []
        let key = SignInThrottleStore.accountKey(user.email)
        if current.isEmpty {
            errors.append(FieldError(field: "huidig", code: "required"))
        } else if try await throttle.lockedUntil([key], at: dependencies.now()) != nil {
            // Locked as the sign-in page would be: the current password is not even checked.
            throw DomainError.invalid([FieldError(field: "huidig", code: "password_attempts_locked")])
        } else if !(try await hasher.verify(current, hash: credentials.passwordHash)) {
            let now = dependencies.now()
            try await throttle.recordFailure(accountKey: key, addressKey: actor.origin.map(SignInThrottleStore.addressKey), at: now)
            try await audit.append(actor.auditEvent(.passwordChanged, result: .failure, objectType: "user", objectID: user.id.uppercasedText, at: now))
            errors.append(FieldError(field: "huidig", code: "wrong_password"))
        }
        errors += problems(new, repeated: repeated, email: user.email)
        if errors.isEmpty, current == new { errors.append(FieldError(field: "wachtwoord", code: "password_unchanged")) }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        let now = dependencies.now()
        try await throttle.reset(accountKey: key)
        try await users.setPassword(user.id, passwordHash: try await hasher.hash(new), keeping: session, at: now,
                                    audit: actor.auditEvent(.passwordChanged, objectType: "user", objectID: user.id.uppercasedText, at: now),
                                    mail: changedNotice(to: user))
    }

    // MARK: A forgotten password

    /// Sends a reset link to `email` when it is an active account, at most `resetsPerHour`
    /// an hour. Says nothing about the outcome: the caller answers the same either way.
    package func requestReset(email: String, actor: Actor) async throws {
        guard let outbox, let user = try await users.credentials(email: email)?.user, user.isActive else { return }
        let now = dependencies.now()
        guard try await links.count(user: user.id, purpose: .reset, since: now.addingTimeInterval(-3600)) < Self.resetsPerHour else {
            try await audit.append(actor.auditEvent(.passwordResetRequested, result: .denied, objectType: "user", objectID: user.id.uppercasedText, at: now))
            return
        }
        let secret = dependencies.secret("")
        let link = base + "/wachtwoord-herstellen/\(secret)"
        let body = mailText("mail_reset_body", ["name": user.name, "link": link])
        try await links.create(secret: secret, user: user.id, purpose: .reset, at: now, validFor: Self.resetValidity,
                               audit: actor.auditEvent(.passwordResetRequested, objectType: "user", objectID: user.id.uppercasedText, at: now),
                               mail: (OutgoingMail(purpose: "password-reset", recipient: user.email, subject: mailText("mail_reset_subject", [:]), body: body),
                                      outbox))
    }

    /// The user whose reset link this is, while it works; nil when it was used or expired.
    package func resetting(secret: String) async throws -> User? {
        try await links.pending(secret: secret, purpose: .reset, at: dependencies.now())
    }

    package enum ResetOutcome: Sendable {
        case expired
        case invalid(User, [FieldError])
        case reset
    }

    /// Sets the new password with a reset link: the link is used up and every session of
    /// the account ends (whoever had it signed in is signed out).
    package func reset(secret: String, password: String, repeated: String, actor: Actor) async throws -> ResetOutcome {
        guard let user = try await resetting(secret: secret) else { return .expired }
        let errors = problems(password, repeated: repeated, email: user.email)
        guard errors.isEmpty else { return .invalid(user, errors) }
        let now = dependencies.now()
        let done = try await links.accept(secret: secret, purpose: .reset, passwordHash: try await hasher.hash(password), at: now,
                                          audit: actor.auditEvent(.passwordReset, objectType: "user", at: now), mail: changedNotice(to: user))
        // Whoever was locked out by wrong guesses can sign in with the new password at once.
        if done { try await throttle.reset(accountKey: SignInThrottleStore.accountKey(user.email)) }
        return done ? .reset : .expired
    }

    // MARK: Shared

    private func problems(_ password: String, repeated: String, email: String) -> [FieldError] {
        Self.problems(password, repeated: repeated, email: email, commonPasswords: commonPasswords)
    }

    /// What is wrong with a chosen password typed twice (`wachtwoord`, `herhaling`): the
    /// password rules, and whether both are the same. Invitations use it too.
    package static func problems(_ password: String, repeated: String, email: String, commonPasswords: Set<String>) -> [FieldError] {
        var errors = PasswordPolicy.problems(password, email: email, commonPasswords: commonPasswords)
        if password != repeated { errors.append(FieldError(field: "herhaling", code: "passwords_differ")) }
        return errors
    }

    private var base: String { publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "" }

    /// The mail that tells the account holder the password changed, with where to turn if
    /// it was not them. It carries no secret.
    private func changedNotice(to user: User) -> (OutgoingMail, MailOutboxStore)? {
        outbox.map { outbox in
            let body = mailText("mail_password_changed_body", ["name": user.name, "link": base + "/wachtwoord-vergeten"])
            return (OutgoingMail(purpose: "password-changed", recipient: user.email, subject: mailText("mail_password_changed_subject", [:]), body: body), outbox)
        }
    }
}
