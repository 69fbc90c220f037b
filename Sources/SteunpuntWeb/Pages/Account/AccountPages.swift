import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/mijn-account`: the signed-in user's own account: who they are, signing out on every
/// device, and personal API tokens (made here, shown once, revocable).
struct AccountPages {
    let renderer: PageRenderer
    let account: AccountOverview
    let tokens: PersonalTokens
    let signIn: SignInService
    let isTLS: Bool

    struct Model {
        struct TokenRow { let id: String; let name: String; let scopes: String; let created: String; let expires: String; let status: String; let canRevoke: Bool }
        let name: String
        let email: String
        let organisation: String
        let role: String
        let sessionText: String
        let twoStepState: String
        let twoStepOn: Bool
        let notice: String?
        let tokens: [TokenRow]
        let hasTokens: Bool
        let newToken: String?
        let tokenName: String
        let scopeWrite: Bool
        let days: String
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("mijn-account", use: show)
        router.post("mijn-account/overal-uitloggen", use: signOutEverywhere)
        router.post("mijn-account/tokens", use: createToken)
        router.post("mijn-account/tokens/{id}/intrekken", use: revokeToken)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await render(user: try context.requireUser(), request: request, context: context)
    }

    @Sendable func signOutEverywhere(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        try await signIn.signOutEverywhere(actor: context.actor)
        var response = Response.redirect(to: "/inloggen", type: .normal)
        response.setCookie(Cookie(name: IdentityMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: isTLS, httpOnly: true, sameSite: .lax))
        return response
    }

    @Sendable func createToken(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        try context.requireFreshVerification(request, at: tokens.dependencies.now(), returnTo: "/mijn-account")
        var request = request
        let form = try await request.form(context)
        let write = form.values("scope").contains(APIScope.write.rawValue)
        do {
            let (secret, _) = try await tokens.create(name: form.value("naam"), days: Int(form.value("dagen") ?? ""),
                                                      scopes: write ? [.read, .write] : [.read], actor: context.actor)
            // Shown once, on this answer only: never stored, never in a redirect.
            return try await render(user: user, request: request, context: context, newToken: secret, status: .created)
        } catch DomainError.invalid(let errors) {
            let name = (form.value("naam") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return try await render(user: user, request: request, context: context, errors: errors,
                                    draft: (name, write, form.value("dagen") ?? ""), status: .badRequest)
        }
    }

    @Sendable func revokeToken(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        try await tokens.revoke(id, actor: context.actor)
        return .redirect(to: "/mijn-account", type: .normal)
    }

    private func render(user: User, request: Request, context: AppContext, newToken: String? = nil, errors: [FieldError] = [],
                        draft: (name: String, write: Bool, days: String) = ("", false, "90"), status: HTTPResponse.Status = .ok) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let overview = try await account.overview(of: user)
        let now = overview.at
        let rows = try await tokens.list(for: user).map { token in
            let status = token.revokedAt != nil ? "token_revoked" : (token.expiresAt <= now ? "token_expired" : "token_active")
            return Model.TokenRow(id: token.id.uppercasedText, name: token.name, scopes: token.scopes.map(\.rawValue).sorted().joined(separator: ", "),
                                  created: t.date(token.createdAt), expires: t.date(token.expiresAt),
                                  status: t.text(status), canRevoke: status == "token_active")
        }
        let model = Model(
            name: user.name, email: user.email, organisation: overview.organisationName,
            role: t.text("role_\(user.role.rawValue)"),
            sessionText: t.text("account_sessions_text", ["count": String(overview.sessionCount)]),
            twoStepState: (overview.twoStepSince.map { t.text("mfa_state_on", ["date": t.date($0), "count": String(overview.recoveryCodesLeft)]) }
                ?? t.text("mfa_state_off")) + " " + t.text(overview.twoStepRequired ? "mfa_state_required" : "mfa_state_optional"),
            twoStepOn: overview.twoStepSince != nil,
            notice: request.uri.queryParameters["wachtwoord"] == "gewijzigd" ? t.text("password_changed_notice") : nil,
            tokens: rows, hasTokens: !rows.isEmpty, newToken: newToken,
            tokenName: draft.name, scopeWrite: draft.write, days: draft.days,
            errors: FormErrors(errors, t))
        return try renderer.render("account", page: model, title: t.text("account_title"), request: request, context: context, status: status)
    }
}
