import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain

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
    let service: SignInService

    struct Model {
        let usesCode: Bool
        let returnTo: String
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("bevestigen", use: show)
        router.post("bevestigen", use: confirm)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let back = ReturnPath.safe(request.uri.queryParameters["terug"].map(String.init))
        let usesCode = try await service.reverifiesWithCode(user)
        return try render(Model(usesCode: usesCode, returnTo: back, errors: .none), request: request, context: context)
    }

    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard let token = request.cookies[IdentityMiddleware.sessionCookie]?.value else { throw DomainError.unauthenticated }
        var request = request
        let form = try await request.form(context)
        let back = ReturnPath.safe(form.value("terug"))
        let outcome = try await service.reverify(sessionToken: token, code: form.value("code") ?? "", password: form.value("wachtwoord") ?? "",
                                                 actor: context.actor)
        switch outcome {
        case .locked:
            return .redirect(to: "/inloggen", type: .normal)
        case .rejected:
            let usesCode = try await service.reverifiesWithCode(user)
            let t = renderer.catalogue(context.language)
            let errors = FormErrors(items: [FormErrorModel(field: usesCode ? "code" : "wachtwoord", message: t.text("reverify_failed"))])
            return try render(Model(usesCode: usesCode, returnTo: back, errors: errors), request: request, context: context,
                              status: .unauthorized)
        case .accepted:
            return .redirect(to: back, type: .normal)
        }
    }

    private func render(_ model: Model, request: Request, context: AppContext, status: HTTPResponse.Status = .ok) throws -> Response {
        try renderer.render("reverify", page: model, title: renderer.catalogue(context.language).text("reverify_title"),
                            request: request, context: context, status: status)
    }
}
