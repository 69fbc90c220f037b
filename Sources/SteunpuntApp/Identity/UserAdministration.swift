import Foundation
import SteunpuntDomain
import SteunpuntStorage


/// Administrators keep the user accounts: adding a user (with a password, or an invitation
/// link to choose one), changing name, role and whether the account is active, resetting
/// two-step verification, inviting again. Every step audited; a role change or
/// deactivation ends the user's sessions at once.
package struct UserAdministration: Sendable {
    package let users: UserStore
    package let sessions: SessionStore
    package let invitations: InvitationStore
    package let mfa: MFAStore
    /// Where invitation mail goes; nil without a mail server (the link is shown instead).
    package let outbox: MailOutboxStore?
    package let hasher: any PasswordHashing
    package let commonPasswords: Set<String>
    package let privacy: PrivacyGuard
    /// Where the site is reached from outside, for the invitation link.
    package let publicURL: String?
    /// A mail text in Dutch by its key, placeholders filled.
    package let mailText: @Sendable (_ key: String, _ values: [String: String]) -> String
    package let dependencies: Dependencies

    /// How long an invitation link works.
    package static let invitationValidity: TimeInterval = 7 * 86_400

    package init(users: UserStore, sessions: SessionStore, invitations: InvitationStore, mfa: MFAStore, outbox: MailOutboxStore?,
                 hasher: any PasswordHashing, commonPasswords: Set<String>, privacy: PrivacyGuard, publicURL: String?,
                 mailText: @escaping @Sendable (String, [String: String]) -> String, dependencies: Dependencies) {
        self.users = users
        self.sessions = sessions
        self.invitations = invitations
        self.mfa = mfa
        self.outbox = outbox
        self.hasher = hasher
        self.commonPasswords = commonPasswords
        self.privacy = privacy
        self.publicURL = publicURL
        self.mailText = mailText
        self.dependencies = dependencies
    }

    /// An invitation made: the link to pass on, or nil when it was mailed to the user.
    package struct Invitation: Sendable {
        package let user: User
        package let link: String?
    }

    /// A page of accounts, by name, optionally matching `text`.
    package func list(page: PageRequest, text: String?, by administrator: User?) async throws -> Page<User> {
        guard AccessPolicy.canAdminister(administrator) else { throw DomainError.forbidden }
        return try await users.list(page: page, text: text)
    }

    /// One account; `notFound` when there is none.
    package func user(_ id: UUID, by administrator: User?) async throws -> User {
        guard AccessPolicy.canAdminister(administrator) else { throw DomainError.forbidden }
        guard let user = try await users.get(id) else { throw DomainError.notFound }
        return user
    }

    /// Adds a user. Without a password the user is invited to choose one. The draft's
    /// problems and the password's come at once.
    package func create(_ draft: UserDraft, password: String, by administrator: User?, actor: Actor) async throws -> (user: User, invitation: Invitation?) {
        guard AccessPolicy.canAdminister(administrator) else { throw DomainError.forbidden }
        var errors: [FieldError] = []
        var valid: UserDraft.Valid?
        do {
            valid = try draft.validated(privacy: privacy)
        } catch {
            if case .invalid(let found) = error { errors = found }
        }
        let invite = password.isEmpty
        if !invite { errors += PasswordPolicy.problems(password, email: draft.email, commonPasswords: commonPasswords) }
        guard errors.isEmpty, let valid else { throw DomainError.invalid(errors) }
        let now = dependencies.now()
        let hash = try await hasher.hash(invite ? dependencies.secret("") : password)
        let user = try await users.create(valid, id: dependencies.uuid(), passwordHash: hash, at: now,
                                          audit: actor.auditEvent(.userCreated, objectType: "user", at: now))
        return (user, invite ? try await self.invite(user, by: administrator, actor: actor) : nil)
    }

    /// Adds a user with a password from the server's command line (`Actor.commandLine`):
    /// the operator needs no account, which is how the first administrator is made. The
    /// same rules as on the page; every problem at once.
    package func createAsOperator(_ draft: UserDraft, password: String, actor: Actor) async throws -> User {
        var errors: [FieldError] = []
        var valid: UserDraft.Valid?
        do {
            valid = try draft.validated(privacy: privacy)
        } catch {
            if case .invalid(let found) = error { errors = found } else { throw error }
        }
        errors += PasswordPolicy.problems(password, email: draft.email, commonPasswords: commonPasswords)
        guard errors.isEmpty, let valid else { throw DomainError.invalid(errors) }
        let now = dependencies.now()
        return try await users.create(valid, id: dependencies.uuid(), passwordHash: try await hasher.hash(password), at: now,
                                      audit: actor.auditEvent(.userCreated, objectType: "user", at: now))
    }

    /// Changes a user's name, role and whether the account is active. An administrator
    /// cannot demote or deactivate themselves.
    package func update(_ user: User, name: String, role: String, isActive: Bool, by administrator: User, actor: Actor) async throws {
        guard AccessPolicy.canAdminister(administrator) else { throw DomainError.forbidden }
        let draft = UserDraft(email: user.email, name: name, organisation: user.organisation.rawValue, role: role)
        let valid = try draft.validated(privacy: privacy)
        if user.id == administrator.id, !isActive || valid.role != .administrator {
            throw DomainError.invalid([FieldError(field: "rol", code: "cannot_demote_self")])
        }
        let now = dependencies.now()
        let id = user.id.uppercasedText
        var events = [actor.auditEvent(.userUpdated, objectType: "user", objectID: id, at: now)]
        if valid.role != user.role { events.append(actor.auditEvent(.userRoleChanged, objectType: "user", objectID: id, at: now)) }
        if user.isActive && !isActive { events.append(actor.auditEvent(.userDeactivated, objectType: "user", objectID: id, at: now)) }
        try await users.update(user.id, name: valid.name, role: valid.role, isActive: isActive, at: now, audit: events)
        if !isActive || valid.role != user.role { try await sessions.deleteAll(user: user.id) }
    }

    /// Turns off a user's two-step verification (phone and recovery codes lost) and ends
    /// their sessions: at the next sign-in a role that requires it enrols again.
    package func resetTwoStep(_ user: User, by administrator: User?, actor: Actor) async throws {
        guard AccessPolicy.canAdminister(administrator) else { throw DomainError.forbidden }
        try await mfa.disable(user: user.id, audit: actor.auditEvent(.mfaDisabled, objectType: "user", objectID: user.id.uppercasedText, at: dependencies.now()))
        try await sessions.deleteAll(user: user.id)
    }

    /// A new invitation link (first sign-in, or a forgotten password): with a mail server it
    /// goes to the user only, in the transaction that records it; without, the
    /// administrator is given it to pass on.
    package func invite(_ user: User, by administrator: User?, actor: Actor) async throws -> Invitation {
        guard AccessPolicy.canAdminister(administrator) else { throw DomainError.forbidden }
        guard user.isActive else { throw DomainError.invalid([FieldError(field: "actief", code: "user_inactive")]) }
        let secret = dependencies.secret("")
        let now = dependencies.now()
        let link = (publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "") + "/uitnodiging/\(secret)"
        let mail = outbox.map { outbox in
            let body = mailText("mail_invitation_body", ["name": user.name, "inviter": administrator?.name ?? "Steunpunt", "link": link])
            return (OutgoingMail(purpose: "invitation", recipient: user.email, subject: mailText("mail_invitation_subject", [:]), body: body), outbox)
        }
        try await invitations.create(secret: secret, user: user.id, at: now, validFor: Self.invitationValidity,
                                     audit: actor.auditEvent(.invitationCreated, objectType: "user", objectID: user.id.uppercasedText, at: now),
                                     mail: mail)
        return Invitation(user: user, link: mail == nil ? link : nil)
    }
}
