import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain

/// Signing in with e-mail and password, and signing out. A failed attempt says the
/// same, and takes as long, whether or not the account exists.
struct SignInPages {
    let renderer: PageRenderer
    let service: SignInService
    let isTLS: Bool

    struct Model {
        let email: String
        let returnTo: String
        let errors: FormErrors
        /// After a password was reset with a link: sign in with the new one.
        var notice: String? = nil
    }

    func register(on router: Router<AppContext>) {
        router.get("inloggen", use: show)
        router.post("inloggen", use: signIn)
        router.post("uitloggen", use: signOut)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let back = ReturnPath.safe(request.uri.queryParameters["terug"].map(String.init))
        if context.session != nil { return .redirect(to: back, type: .found) }
        let notice = request.uri.queryParameters["wachtwoord"] == "hersteld" ? renderer.catalogue(context.language).text("password_reset_done") : nil
        return try render(Model(email: "", returnTo: back, errors: .none, notice: notice), request: request, context: context)
    }

    @Sendable func signIn(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let form = try await request.form(context)
        let email = EmailAddress.normalise(form.value("email") ?? "")
        let back = ReturnPath.safe(form.value("terug"))
        let previous = request.cookies[IdentityMiddleware.sessionCookie]?.value
        let catalogue = renderer.catalogue(context.language)
        let password = form.value("wachtwoord") ?? ""
        // Nothing typed is not a failed attempt: say what is missing, at the field.
        let missing = [("email", email.isEmpty), ("wachtwoord", password.isEmpty)].filter(\.1).map { FieldError(field: $0.0, code: "required") }
        if !missing.isEmpty {
            return try render(Model(email: email, returnTo: back, errors: FormErrors(missing, catalogue)), request: request, context: context, status: .badRequest)
        }
        switch try await service.signIn(email: email, password: password, previousToken: previous, origin: context.origin) {
        case .locked(let until):
            let wait = until.timeIntervalSince(service.dependencies.now())
            let minutes = max(1, Int((wait / 60).rounded(.up)))
            let errors = FormErrors(items: [FormErrorModel(field: "email", message: catalogue.text("sign_in_locked", ["minutes": String(minutes)]))])
            var response = try render(Model(email: email, returnTo: back, errors: errors), request: request, context: context, status: .tooManyRequests)
            response.headers[.retryAfter] = String(Int(wait.rounded(.up)))
            return response
        case .failed:
            context.logger.notice("sign-in failed")
            let errors = FormErrors(items: [FormErrorModel(field: "email", message: catalogue.text("sign_in_failed"))])
            return try render(Model(email: email, returnTo: back, errors: errors), request: request, context: context, status: .unauthorized)
        case .secondStepNeeded(let token):
            var response = Response.redirect(to: "/inloggen/code?terug=" + ReturnPath.queryValue(back), type: .normal)
            response.setCookie(sessionCookie(token))
            return response
        case .signedIn(let token, let user):
            context.logger.info("signed in", metadata: ["user": "\(user.id)"])
            var response = Response.redirect(to: back, type: .normal)
            response.setCookie(sessionCookie(token))
            return response
        }
    }

    @Sendable func signOut(_ request: Request, context: AppContext) async throws -> Response {
        if context.session == nil && context.pendingSession == nil { return .redirect(to: "/", type: .normal) }
        try await service.signOut(sessionToken: request.cookies[IdentityMiddleware.sessionCookie]?.value, actor: context.actor)
        var response = Response.redirect(to: "/", type: .normal)
        response.setCookie(Cookie(name: IdentityMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: isTLS, httpOnly: true, sameSite: .lax))
        return response
    }

    private func sessionCookie(_ token: String) -> Cookie {
        Cookie(name: IdentityMiddleware.sessionCookie, value: token, path: "/", secure: isTLS, httpOnly: true, sameSite: .lax)
    }

    private func render(_ model: Model, request: Request, context: AppContext, status: HTTPResponse.Status = .ok) throws -> Response {
        try renderer.render("sign-in", page: model, title: renderer.catalogue(context.language).text("sign_in_title"), request: request, context: context, status: status)
    }
}
