import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// Signing in with e-mail and password, and signing out. A failed attempt says the
/// same, and takes as long, whether or not the account exists.
struct SignInPages {
    let renderer: PageRenderer
    let users: UserStore
    let sessions: SessionStore
    let audit: AuditStore
    let throttle: SignInThrottleStore
    let mfa: MFAStore
    let hasher: PasswordHasher
    let lifetime: SessionLifetime
    let isTLS: Bool
    let dependencies: Dependencies

    struct Model {
        let email: String
        let returnTo: String
        let hasErrors: Bool
        let errors: [FormErrorModel]
    }

    func register(on router: Router<AppContext>) {
        router.get("inloggen", use: show)
        router.post("inloggen", use: signIn)
        router.post("uitloggen", use: signOut)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let back = ReturnPath.safe(request.uri.queryParameters["terug"].map(String.init))
        if context.session != nil { return .redirect(to: back, type: .found) }
        return try render(Model(email: "", returnTo: back, hasErrors: false, errors: []), request: request, context: context)
    }

    @Sendable func signIn(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let form = try await request.form(context)
        let email = EmailAddress.normalise(form.value("email") ?? "")
        let password = form.value("wachtwoord") ?? ""
        let back = ReturnPath.safe(form.value("terug"))
        let now = dependencies.now()
        let accountKey = SignInThrottleStore.accountKey(email)
        let addressKey = context.origin.map(SignInThrottleStore.addressKey)
        if let until = try await throttle.lockedUntil([accountKey] + (addressKey.map { [$0] } ?? []), at: now) {
            // Locked: no password is checked, and the answer is the same for every address typed.
            var event = context.auditEvent(.signInFailed, result: .denied, at: now)
            event.actorLabel = EmailAddress.isValid(email) ? email : "invalid-address"
            try await audit.append(event)
            let catalogue = renderer.catalogue(context.language)
            let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
            let errors = [FormErrorModel(field: "email", message: catalogue.text("sign_in_locked", ["minutes": String(minutes)]))]
            var response = try render(Model(email: email, returnTo: back, hasErrors: true, errors: errors), request: request, context: context, status: .tooManyRequests)
            response.headers[.retryAfter] = String(Int(until.timeIntervalSince(now).rounded(.up)))
            return response
        }
        let credentials = try await users.credentials(email: email)
        let usable = credentials?.user.isActive == true
        let verified = try await hasher.verify(password, hash: usable ? credentials?.passwordHash : nil)
        guard verified, let user = credentials?.user else {
            context.logger.notice("sign-in failed")
            // The attempt is recorded against the account when it exists; otherwise the address
            // tried, but only when it looks like one (a password typed in the wrong field is never kept).
            var event = context.auditEvent(.signInFailed, result: .failure, objectType: "user", objectID: credentials?.user.id.uuidString,
                                           at: dependencies.now())
            if credentials == nil { event.actorLabel = EmailAddress.isValid(email) ? email : "invalid-address" }
            try await audit.append(event)
            try await throttle.recordFailure(accountKey: accountKey, addressKey: addressKey, at: now)
            let catalogue = renderer.catalogue(context.language)
            let errors = [FormErrorModel(field: "email", message: catalogue.text("sign_in_failed"))]
            return try render(Model(email: email, returnTo: back, hasErrors: true, errors: errors), request: request, context: context, status: .unauthorized)
        }
        // A new session on every sign-in (no fixation): the old cookie's session ends.
        if let old = request.cookies[IdentityMiddleware.sessionCookie]?.value { try await sessions.delete(token: old) }
        let token = dependencies.secret("")
        if try await mfa.status(user: user.id)?.isEnabled == true {
            // Password right; the second step decides. Failures there count towards the same lock.
            try await sessions.create(token: token, csrfToken: dependencies.secret(""), user: user.id, at: now, lifetime: lifetime, pendingMFA: true)
            var response = Response.redirect(to: "/inloggen/code?terug=" + ReturnPath.queryValue(back), type: .normal)
            response.setCookie(Cookie(name: IdentityMiddleware.sessionCookie, value: token, path: "/", secure: isTLS, httpOnly: true, sameSite: .lax))
            return response
        }
        try await throttle.reset(accountKey: accountKey)
        try await sessions.create(token: token, csrfToken: dependencies.secret(""), user: user.id, at: dependencies.now(), lifetime: lifetime)
        context.logger.info("signed in", metadata: ["user": "\(user.id)"])
        var event = context.auditEvent(.signInSucceeded, objectType: "user", objectID: user.id.uuidString, at: dependencies.now())
        event.actor = user.id
        try await audit.append(event)
        var response = Response.redirect(to: back, type: .normal)
        response.setCookie(Cookie(name: IdentityMiddleware.sessionCookie, value: token, path: "/", secure: isTLS, httpOnly: true, sameSite: .lax))
        return response
    }

    @Sendable func signOut(_ request: Request, context: AppContext) async throws -> Response {
        if context.session == nil && context.pendingSession == nil { return .redirect(to: "/", type: .normal) }
        if let token = request.cookies[IdentityMiddleware.sessionCookie]?.value { try await sessions.delete(token: token) }
        if let user = context.user {
            try await audit.append(context.auditEvent(.signOut, objectType: "user", objectID: user.id.uuidString, at: dependencies.now()))
        }
        var response = Response.redirect(to: "/", type: .normal)
        response.setCookie(Cookie(name: IdentityMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: isTLS, httpOnly: true, sameSite: .lax))
        return response
    }

    private func render(_ model: Model, request: Request, context: AppContext, status: HTTPResponse.Status = .ok) throws -> Response {
        try renderer.render("sign-in", page: model, title: renderer.catalogue(context.language).text("sign_in_title"), request: request, context: context, status: status)
    }
}
