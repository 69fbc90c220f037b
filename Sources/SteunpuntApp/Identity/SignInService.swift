import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Signing in with e-mail and password, the second step (a TOTP or recovery code), and
/// signing out. A failed attempt is answered the same, and takes as long, whether or not
/// the account exists; failures count towards a lock-out per account and per address.
/// Every outcome is audited. The caller (a page) turns the outcome into a cookie.
package struct SignInService: Sendable {
    package let users: UserStore
    package let sessions: SessionStore
    package let audit: AuditStore
    package let throttle: SignInThrottleStore
    package let mfa: MFAStore
    package let hasher: any PasswordHashing
    package let codes: OneTimeCodes
    package let lifetime: SessionLifetime
    package let dependencies: Dependencies

    package init(users: UserStore, sessions: SessionStore, audit: AuditStore, throttle: SignInThrottleStore, mfa: MFAStore,
                 hasher: any PasswordHashing, codes: OneTimeCodes, lifetime: SessionLifetime, dependencies: Dependencies) {
        self.users = users
        self.sessions = sessions
        self.audit = audit
        self.throttle = throttle
        self.mfa = mfa
        self.hasher = hasher
        self.codes = codes
        self.lifetime = lifetime
        self.dependencies = dependencies
    }

    package enum Outcome: Sendable {
        /// Too many failures: no password was checked.
        case locked(until: Date)
        /// Wrong address or password, or an inactive account (the same answer for each).
        case failed
        /// The password was right; a session waits for the second step.
        case secondStepNeeded(sessionToken: String)
        case signedIn(sessionToken: String, user: User)
    }

    /// Checks e-mail and password. `previousToken` is the session cookie sent along: it
    /// ends, so every sign-in starts a new session (no fixation).
    package func signIn(email typed: String, password: String, previousToken: String?, origin: String?) async throws -> Outcome {
        let email = EmailAddress.normalise(typed)
        let actor = Actor(user: nil, origin: origin)
        let now = dependencies.now()
        let accountKey = SignInThrottleStore.accountKey(email)
        let addressKey = origin.map(SignInThrottleStore.addressKey)
        if let until = try await throttle.lockedUntil([accountKey] + (addressKey.map { [$0] } ?? []), at: now) {
            // Locked: no password is checked, and the answer is the same for every address typed.
            var event = actor.auditEvent(.signInFailed, result: .denied, at: now)
            event.actorLabel = Self.label(email)
            try await audit.append(event)
            return .locked(until: until)
        }
        let credentials = try await users.credentials(email: email)
        let usable = credentials?.user.isActive == true
        let verified = try await hasher.verify(password, hash: usable ? credentials?.passwordHash : nil)
        guard verified, let user = credentials?.user else {
            // The attempt is recorded against the account when it exists; otherwise the address
            // tried, but only when it looks like one (a password typed in the wrong field is never kept).
            var event = actor.auditEvent(.signInFailed, result: .failure, objectType: "user", objectID: credentials?.user.id.uppercasedText,
                                         at: dependencies.now())
            if credentials == nil { event.actorLabel = Self.label(email) }
            try await audit.append(event)
            try await throttle.recordFailure(accountKey: accountKey, addressKey: addressKey, at: now)
            return .failed
        }
        if let previousToken { try await sessions.delete(token: previousToken) }
        let token = dependencies.secret("")
        if try await mfa.status(user: user.id)?.isEnabled == true {
            // Password right; the second step decides. Failures there count towards the same lock.
            try await sessions.create(token: token, csrfToken: dependencies.secret(""), user: user.id, at: now, lifetime: lifetime, pendingMFA: true)
            return .secondStepNeeded(sessionToken: token)
        }
        try await throttle.reset(accountKey: accountKey)
        try await sessions.create(token: token, csrfToken: dependencies.secret(""), user: user.id, at: dependencies.now(), lifetime: lifetime)
        try await audit.append(Actor(user: user, origin: origin).auditEvent(.signInSucceeded, objectType: "user", objectID: user.id.uppercasedText,
                                                                           at: dependencies.now()))
        return .signedIn(sessionToken: token, user: user)
    }

    package enum StepOutcome: Sendable, Equatable {
        /// Locked by failures: the waiting session has ended.
        case locked
        case rejected
        case accepted
    }

    /// The second step of signing in, for the session that waits for it.
    package func completeSecondStep(sessionToken: String, user: User, code: String, origin: String?) async throws -> StepOutcome {
        let actor = Actor(user: user, origin: origin)
        let now = dependencies.now()
        let accountKey = SignInThrottleStore.accountKey(user.email)
        if try await throttle.lockedUntil([accountKey], at: now) != nil {
            try await sessions.delete(token: sessionToken)
            return .locked
        }
        let result = try await codes.accept(code: code, user: user.id, in: mfa, at: now)
        guard result != .rejected else {
            try await audit.append(actor.auditEvent(.signInFailed, result: .failure, objectType: "user", objectID: user.id.uppercasedText, at: now))
            try await throttle.recordFailure(accountKey: accountKey, addressKey: origin.map(SignInThrottleStore.addressKey), at: now)
            return .rejected
        }
        try await sessions.completeMFA(token: sessionToken, at: now)
        try await throttle.reset(accountKey: accountKey)
        try await audit.append(actor.auditEvent(.signInSucceeded, objectType: "user", objectID: user.id.uppercasedText, at: now))
        if result == .recoveryCode {
            try await audit.append(actor.auditEvent(.mfaRecoveryCodeUsed, objectType: "user", objectID: user.id.uppercasedText, at: now))
        }
        return .accepted
    }

    /// Ends the session of `sessionToken`; audited when someone was signed in.
    package func signOut(sessionToken: String?, actor: Actor) async throws {
        if let sessionToken { try await sessions.delete(token: sessionToken) }
        if let user = actor.user {
            try await audit.append(actor.auditEvent(.signOut, objectType: "user", objectID: user.id.uppercasedText, at: dependencies.now()))
        }
    }

    /// Ends every session of the acting user, on every device.
    package func signOutEverywhere(actor: Actor) async throws {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        try await sessions.deleteAll(user: user.id)
        try await audit.append(actor.auditEvent(.signOutEverywhere, objectType: "user", objectID: user.id.uppercasedText, at: dependencies.now()))
    }

    /// What the audit trail keeps of a typed address: it, when it looks like one.
    private static func label(_ email: String) -> String {
        EmailAddress.isValid(email) ? email : "invalid-address"
    }
}
