import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain

/// `/uitnodiging/{secret}`: a new user (or one whose administrator sent a new link) sets
/// their password. The link works once, for `UserAdministration.invitationValidity`.
struct InvitationPages {
    let renderer: PageRenderer
    let service: InvitationAcceptance

    struct Model {
        let name: String
        let email: String
        let action: String
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("uitnodiging/{secret}", use: show)
        router.post("uitnodiging/{secret}", use: accept)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let secret = try context.parameters.require("secret")
        guard let user = try await service.invitee(secret: secret) else { return try expired(request, context) }
        return try render(user, secret: secret, errors: [], request: request, context: context)
    }

    @Sendable func accept(_ request: Request, context: AppContext) async throws -> Response {
        let secret = try context.parameters.require("secret")
        var request = request
        let form = try await request.form(context)
        switch try await service.accept(secret: secret, password: form.value("wachtwoord") ?? "", repeated: form.value("herhaling") ?? "",
                                        actor: context.actor) {
        case .expired:
            return try expired(request, context)
        case .invalid(let user, let errors):
            return try render(user, secret: secret, errors: errors, request: request, context: context, status: .badRequest)
        case .accepted:
            return .redirect(to: "/inloggen", type: .normal)
        }
    }

    private func expired(_ request: Request, _ context: AppContext) throws -> Response {
        let t = renderer.catalogue(context.language)
        let model = ErrorPage(status: 410, title: t.text("invitation_expired_title"), explanation: t.text("invitation_expired"),
                              requestID: context.id, fieldErrors: [], hasFieldErrors: false)
        return try renderer.render("error", page: model, title: model.title, request: request, context: context, status: .gone)
    }

    private func render(_ user: User, secret: String, errors: [FieldError], request: Request, context: AppContext,
                        status: HTTPResponse.Status = .ok) throws -> Response {
        let t = renderer.catalogue(context.language)
        let model = Model(name: user.name, email: user.email, action: "/uitnodiging/\(secret)",
                          errors: FormErrors(errors, t))
        var response = try renderer.render("invitation", page: model, title: t.text("invitation_title"), request: request, context: context, status: status)
        // The link is a secret: keep it out of other sites' logs.
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }
}
