import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// Thrown by a sensitive action when the session's last proof of identity is too old;
/// the error middleware sends the user to `/bevestigen`, and back to `returnTo` after.
struct ReverificationRequired: Error {
    let returnTo: String
}

extension AppContext {
    /// Stops a sensitive action (creating tokens, managing accounts, exporting personal
    /// data) unless the session signed in or re-verified within the policy's window.
    /// `returnTo` is the page to come back to; by default the page asked for.
    func requireFreshVerification(_ request: Request, at now: Date, returnTo: String? = nil) throws {
        guard let session, twoStep.needsReverification(lastVerifiedAt: session.verifiedAt, now: now) else { return }
        throw ReverificationRequired(returnTo: returnTo ?? request.uri.description)
    }
}

/// `/bevestigen`: proving again who one is, with a fresh code when two-step verification
/// is on, else with the password. Failures count towards the sign-in lock-out.
struct ReverifyPages {
    let renderer: PageRenderer
    let users: UserStore
    let mfa: MFAStore
    let sessions: SessionStore
    let audit: AuditStore
    let throttle: SignInThrottleStore
    let hasher: PasswordHasher
    let dependencies: Dependencies

    struct Model {
        let usesCode: Bool
        let returnTo: String
        let errors: [FormErrorModel]
        let hasErrors: Bool
    }

    func register(on router: Router<AppContext>) {
        router.get("bevestigen", use: show)
        router.post("bevestigen", use: confirm)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let back = ReturnPath.safe(request.uri.queryParameters["terug"].map(String.init))
        let usesCode = try await mfa.status(user: user.id)?.isEnabled == true
        return try render(Model(usesCode: usesCode, returnTo: back, errors: [], hasErrors: false), request: request, context: context)
    }

    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard let token = request.cookies[IdentityMiddleware.sessionCookie]?.value else { throw DomainError.unauthenticated }
        var request = request
        let form = try await request.form(context)
        let back = ReturnPath.safe(form.value("terug"))
        let now = dependencies.now()
        let accountKey = SignInThrottleStore.accountKey(user.email)
        let t = renderer.catalogue(context.language)
        let usesCode = try await mfa.status(user: user.id)?.isEnabled == true
        if try await throttle.lockedUntil([accountKey], at: now) != nil {
            // Locked by failures: the session ends, as a stolen session guessing codes would want to go on.
            try await sessions.delete(token: token)
            return .redirect(to: "/inloggen", type: .normal)
        }
        var accepted = false
        if usesCode {
            accepted = try await mfa.accept(code: form.value("code") ?? "", user: user.id, at: now) != .rejected
        } else {
            let credentials = try await users.credentials(email: user.email)
            accepted = try await hasher.verify(form.value("wachtwoord") ?? "", hash: credentials?.passwordHash)
        }
        guard accepted else {
            try await audit.append(context.auditEvent(.reverified, result: .failure, objectType: "user", objectID: user.id.uuidString, at: now))
            try await throttle.recordFailure(accountKey: accountKey, addressKey: context.origin.map(SignInThrottleStore.addressKey), at: now)
            let errors = [FormErrorModel(field: usesCode ? "code" : "wachtwoord", message: t.text("reverify_failed"))]
            return try render(Model(usesCode: usesCode, returnTo: back, errors: errors, hasErrors: true), request: request, context: context,
                              status: .unauthorized)
        }
        try await sessions.markVerified(token: token, at: now)
        try await throttle.reset(accountKey: accountKey)
        try await audit.append(context.auditEvent(.reverified, objectType: "user", objectID: user.id.uuidString, at: now))
        return .redirect(to: back, type: .normal)
    }

    private func render(_ model: Model, request: Request, context: AppContext, status: HTTPResponse.Status = .ok) throws -> Response {
        try renderer.render("reverify", page: model, title: renderer.catalogue(context.language).text("reverify_title"),
                            request: request, context: context, status: status)
    }
}
