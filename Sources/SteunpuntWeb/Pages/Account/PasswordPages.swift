import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain

/// Passwords people keep themselves: `/mijn-account/wachtwoord` (change it with the
/// current one), `/wachtwoord-vergeten` (ask for a link by mail; the same answer whether
/// the address is known) and `/wachtwoord-herstellen/{secret}` (choose a new one with the
/// link, which works once, for an hour).
struct PasswordPages {
    let renderer: PageRenderer
    let service: Passwords

    struct ChangeModel { let errors: FormErrors }
    struct ForgottenModel { let email: String; let sent: Bool; let canReset: Bool; let errors: FormErrors }
    struct ResetModel { let name: String; let email: String; let action: String; let errors: FormErrors }

    func register(on router: Router<AppContext>) {
        router.get("mijn-account/wachtwoord", use: changeForm)
        router.post("mijn-account/wachtwoord", use: change)
        router.get("wachtwoord-vergeten", use: forgottenForm)
        router.post("wachtwoord-vergeten", use: forgotten)
        router.get("wachtwoord-herstellen/{secret}", use: resetForm)
        router.post("wachtwoord-herstellen/{secret}", use: reset)
    }

    @Sendable func changeForm(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        return try renderChange(errors: [], request: request, context: context)
    }

    @Sendable func change(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await request.form(context)
        do {
            try await service.change(current: form.value("huidig") ?? "", new: form.value("wachtwoord") ?? "", repeated: form.value("herhaling") ?? "",
                                     session: request.cookies[IdentityMiddleware.sessionCookie]?.value, actor: context.actor)
            return .redirect(to: "/mijn-account?wachtwoord=gewijzigd", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try renderChange(errors: errors, request: request, context: context, status: .badRequest)
        }
    }

    @Sendable func forgottenForm(_ request: Request, context: AppContext) async throws -> Response {
        try renderForgotten(ForgottenModel(email: "", sent: false, canReset: service.canReset, errors: .none), request: request, context: context)
    }

    @Sendable func forgotten(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let form = try await request.form(context)
        let email = EmailAddress.normalise(form.value("email") ?? "")
        let t = renderer.catalogue(context.language)
        if email.isEmpty || !EmailAddress.isValid(email) {
            let error = FieldError(field: "email", code: email.isEmpty ? "required" : "invalid_email")
            return try renderForgotten(ForgottenModel(email: email, sent: false, canReset: service.canReset, errors: FormErrors([error], t)),
                                       request: request, context: context, status: .badRequest)
        }
        try await service.requestReset(email: email, actor: context.actor)
        // The same answer whether the address is known, unknown, inactive or throttled.
        return try renderForgotten(ForgottenModel(email: email, sent: true, canReset: service.canReset, errors: .none), request: request, context: context)
    }

    @Sendable func resetForm(_ request: Request, context: AppContext) async throws -> Response {
        let secret = try context.parameters.require("secret")
        guard let user = try await service.resetting(secret: secret) else { return try expired(request, context) }
        return try renderReset(user, secret: secret, errors: [], request: request, context: context)
    }

    @Sendable func reset(_ request: Request, context: AppContext) async throws -> Response {
        let secret = try context.parameters.require("secret")
        var request = request
        let form = try await request.form(context)
        switch try await service.reset(secret: secret, password: form.value("wachtwoord") ?? "", repeated: form.value("herhaling") ?? "",
                                       actor: context.actor) {
        case .expired:
            return try expired(request, context)
        case .invalid(let user, let errors):
            return try renderReset(user, secret: secret, errors: errors, request: request, context: context, status: .badRequest)
        case .reset:
            return .redirect(to: "/inloggen?wachtwoord=hersteld", type: .normal)
        }
    }

    private func renderChange(errors: [FieldError], request: Request, context: AppContext, status: HTTPResponse.Status = .ok) throws -> Response {
        let t = renderer.catalogue(context.language)
        return try renderer.render("password-change", page: ChangeModel(errors: FormErrors(errors, t)), title: t.text("password_change_title"),
                                   request: request, context: context, status: status)
    }

    private func renderForgotten(_ model: ForgottenModel, request: Request, context: AppContext, status: HTTPResponse.Status = .ok) throws -> Response {
        let t = renderer.catalogue(context.language)
        return try renderer.render("password-forgotten", page: model, title: t.text("password_forgotten_title"), request: request, context: context, status: status)
    }

    private func renderReset(_ user: User, secret: String, errors: [FieldError], request: Request, context: AppContext,
                             status: HTTPResponse.Status = .ok) throws -> Response {
        let t = renderer.catalogue(context.language)
        let model = ResetModel(name: user.name, email: user.email, action: "/wachtwoord-herstellen/\(secret)", errors: FormErrors(errors, t))
        var response = try renderer.render("password-reset", page: model, title: t.text("password_reset_title"), request: request, context: context, status: status)
        // The link is a secret: keep it out of other sites' logs.
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }

    private func expired(_ request: Request, _ context: AppContext) throws -> Response {
        let t = renderer.catalogue(context.language)
        let model = ErrorPage(status: 410, title: t.text("password_reset_expired_title"), explanation: t.text("password_reset_expired"),
                              requestID: context.id, fieldErrors: [], hasFieldErrors: false)
        return try renderer.render("error", page: model, title: model.title, request: request, context: context, status: .gone)
    }
}
