import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/mijn-account`: the signed-in user's own account: who they are, signing out on every
/// device, and personal API tokens (made here, shown once, revocable).
struct AccountPages {
    let renderer: PageRenderer
    let organisations: OrganisationStore
    let sessions: SessionStore
    let tokens: APITokenStore
    let audit: AuditStore
    let lifetime: SessionLifetime
    let isTLS: Bool
    let dependencies: Dependencies

    struct Model {
        struct TokenRow { let id: String; let name: String; let scopes: String; let created: String; let expires: String; let status: String; let canRevoke: Bool }
        let name: String
        let email: String
        let organisation: String
        let role: String
        let sessionText: String
        let tokens: [TokenRow]
        let hasTokens: Bool
        let newToken: String?
        let tokenName: String
        let scopeWrite: Bool
        let days: String
        let errors: [FormErrorModel]
        let hasErrors: Bool
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
        let user = try context.requireUser()
        try await sessions.deleteAll(user: user.id)
        try await audit.append(
            context.auditEvent(.signOutEverywhere, objectType: "user", objectID: user.id.uuidString, at: dependencies.now()))
        var response = Response.redirect(to: "/inloggen", type: .normal)
        response.setCookie(Cookie(name: IdentityMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: isTLS, httpOnly: true, sameSite: .lax))
        return response
    }

    @Sendable func createToken(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        try context.requireFreshVerification(request, at: dependencies.now(), returnTo: "/mijn-account")
        var request = request
        let form = try await request.form(context)
        var v = Validator()
        let name = APITokenName.validated(form.value("naam"), privacy: context.privacy, into: &v)
        let days = Int(form.value("dagen") ?? "")
        v.check(days.map { (1...365).contains($0) } ?? false, "dagen", "invalid_token_days")
        var scopes: Set<APIScope> = [.read]
        if form.values("scope").contains(APIScope.write.rawValue) { scopes.insert(.write) }
        guard v.errors.isEmpty, let days else {
            return try await render(user: user, request: request, context: context, errors: v.errors,
                                    draft: (name, scopes.contains(.write), form.value("dagen") ?? ""), status: .badRequest)
        }
        let secret = dependencies.secret("spt_")
        let now = dependencies.now()
        _ = try await tokens.create(secret: secret, id: dependencies.uuid(), user: user.id, name: name, scopes: scopes, at: now,
                                    expiresAt: now.addingTimeInterval(TimeInterval(days) * 86_400),
                                    audit: context.auditEvent(.tokenCreated, objectType: "api_token", at: now))
        // Shown once, on this answer only: never stored, never in a redirect.
        return try await render(user: user, request: request, context: context, newToken: secret, status: .created)
    }

    @Sendable func revokeToken(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw DomainError.notFound }
        let now = dependencies.now()
        try await tokens.revoke(id, ownedBy: user.id, at: now,
                                audit: context.auditEvent(.tokenRevoked, objectType: "api_token", objectID: id.uuidString, at: now))
        return .redirect(to: "/mijn-account", type: .normal)
    }

    private func render(user: User, request: Request, context: AppContext, newToken: String? = nil, errors: [FieldError] = [],
                        draft: (name: String, write: Bool, days: String) = ("", false, "90"), status: HTTPResponse.Status = .ok) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let now = dependencies.now()
        let rows = try await tokens.list(user: user.id).map { token in
            let status = token.revokedAt != nil ? "token_revoked" : (token.expiresAt <= now ? "token_expired" : "token_active")
            return Model.TokenRow(id: token.id.uuidString, name: token.name, scopes: token.scopes.map(\.rawValue).sorted().joined(separator: ", "),
                                  created: DateText.day(token.createdAt), expires: DateText.day(token.expiresAt),
                                  status: t.text(status), canRevoke: status == "token_active")
        }
        let organisation = try await organisations.get(user.organisation)
        let model = Model(
            name: user.name, email: user.email, organisation: organisation?.name ?? user.organisation.rawValue,
            role: t.text("role_\(user.role.rawValue)"),
            sessionText: t.text("account_sessions_text", ["count": String(try await sessions.count(user: user.id, at: now, lifetime: lifetime))]),
            tokens: rows, hasTokens: !rows.isEmpty, newToken: newToken,
            tokenName: draft.name, scopeWrite: draft.write, days: draft.days,
            errors: FormErrorModel.list(errors, t), hasErrors: !errors.isEmpty)
        return try renderer.render("account", page: model, title: t.text("account_title"), request: request, context: context, status: status)
    }
}
