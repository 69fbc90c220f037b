import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// Administrators list, add and change user accounts. Deactivating an account or changing
/// its role ends the user's sessions at once.
struct AdminUserPages {
    let renderer: PageRenderer
    let service: UserAdministration
    let dependencies: Dependencies
    let choices: NameChoices

    struct ListModel {
        struct Row { let id: String; let name: String; let email: String; let organisation: String; let role: String; let status: String }
        let query: String
        let rows: [Row]
        let hasResults: Bool
        let resultCaption: String
        let pagination: PaginationModel?
    }

    struct FormModel {
        let heading: String
        let action: String
        let isEdit: Bool
        let name: String
        let email: String
        let organisation: String
        /// Organisations to pick by name (a new user only: an account stays in its organisation).
        let organisationChoices: [String]
        let roles: [OptionModel]
        let isActive: Bool
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("beheer/gebruikers", use: list)
        router.get("beheer/gebruikers/nieuw", use: newForm)
        router.post("beheer/gebruikers", use: create)
        router.get("beheer/gebruikers/{id}/bewerken", use: editForm)
        router.post("beheer/gebruikers/{id}", use: update)
        router.post("beheer/gebruikers/{id}/uitnodiging", use: reinvite)
        router.post("beheer/gebruikers/{id}/tweestaps-herstellen", use: resetTwoStep)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let administrator = try requireAdministrator(context)
        let t = renderer.catalogue(context.language)
        let query = Query(request: request)
        var v = Validator()
        let page = try await service.list(page: PageRequest(number: query.page(into: &v).number, size: 50), text: query.search(into: &v),
                                          by: administrator)
        let organisationNames = try await choices.organisationStore.names()
        let model = ListModel(
            query: query.text("zoek") ?? "",
            rows: page.items.map { .init(id: $0.id.uppercasedText, name: $0.name, email: $0.email,
                                         organisation: organisationNames[$0.organisation] ?? $0.organisation.rawValue,
                                         role: t.text("role_\($0.role.rawValue)"), status: t.text($0.isActive ? "status_active" : "status_inactive")) },
            hasResults: !page.items.isEmpty,
            resultCaption: t.text("results_count", ["count": NumberText.format(page.total, context.language)]),
            pagination: PaginationModel(page, request: request, catalogue: t))
        return try renderer.render("users", page: model, title: t.text("users_title"), request: request, context: context)
    }

    @Sendable func newForm(_ request: Request, context: AppContext) async throws -> Response {
        try requireAdministrator(context)
        try context.requireFreshVerification(request, at: dependencies.now())
        let organisation = Query(request: request).text("organisatie") ?? ""
        return try await render(UserDraft(email: "", name: "", organisation: organisation, role: Role.municipalOfficial.rawValue),
                          isEdit: false, id: nil, isActive: true, errors: [], request: request, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        try requireAdministrator(context)
        try context.requireFreshVerification(request, at: dependencies.now(), returnTo: "/beheer/gebruikers/nieuw")
        var request = request
        let form = try await request.form(context)
        let draft = UserDraft(email: form.value("email") ?? "", name: form.value("naam") ?? "",
                              organisation: try await choices.organisation(from: form.value("organisatie") ?? ""), role: form.value("rol") ?? "")
        let password = form.value("wachtwoord") ?? ""
        do {
            let (user, invitation) = try await service.create(draft, password: password, by: context.user, actor: context.actor)
            if let invitation { return try invitationCreated(invitation, request: request, context: context) }
            return .redirect(to: "/organisaties/\(user.organisation)", type: .normal)
        } catch let DomainError.invalid(errors) {
            return try await render(draft, isEdit: false, id: nil, isActive: true, errors: errors, request: request, context: context)
        }
    }

    @Sendable func editForm(_ request: Request, context: AppContext) async throws -> Response {
        try requireAdministrator(context)
        let user = try await load(context)
        try context.requireFreshVerification(request, at: dependencies.now())
        return try await render(UserDraft(email: user.email, name: user.name, organisation: user.organisation.rawValue, role: user.role.rawValue),
                          isEdit: true, id: user.id, isActive: user.isActive, errors: [], request: request, context: context)
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        let administrator = try requireAdministrator(context)
        let user = try await load(context)
        try context.requireFreshVerification(request, at: dependencies.now(), returnTo: "/beheer/gebruikers/\(user.id.uppercasedText)/bewerken")
        var request = request
        let form = try await request.form(context)
        let draft = UserDraft(email: user.email, name: form.value("naam") ?? "", organisation: user.organisation.rawValue, role: form.value("rol") ?? "")
        let isActive = form.value("actief") == "ja"
        do {
            try await service.update(user, name: draft.name, role: draft.role, isActive: isActive, by: administrator, actor: context.actor)
            return .redirect(to: "/beheer/gebruikers", type: .normal)
        } catch let DomainError.invalid(errors) {
            return try await render(draft, isEdit: true, id: user.id, isActive: isActive, errors: errors, request: request, context: context)
        }
    }

    /// Turns off a user's two-step verification (phone and recovery codes lost) and ends
    /// their sessions: at the next sign-in a role that requires it enrols again. Audited.
    @Sendable func resetTwoStep(_ request: Request, context: AppContext) async throws -> Response {
        try requireAdministrator(context)
        let user = try await load(context)
        try context.requireFreshVerification(request, at: dependencies.now(), returnTo: "/beheer/gebruikers/\(user.id.uppercasedText)/bewerken")
        try await service.resetTwoStep(user, by: context.user, actor: context.actor)
        return .redirect(to: "/beheer/gebruikers", type: .normal)
    }

    /// A new invitation for an existing user (first sign-in, or a forgotten password).
    @Sendable func reinvite(_ request: Request, context: AppContext) async throws -> Response {
        try requireAdministrator(context)
        let user = try await load(context)
        try context.requireFreshVerification(request, at: dependencies.now(), returnTo: "/beheer/gebruikers/\(user.id.uppercasedText)/bewerken")
        return try invitationCreated(try await service.invite(user, by: context.user, actor: context.actor), request: request, context: context)
    }

    private func invitationCreated(_ invitation: UserAdministration.Invitation, request: Request, context: AppContext) throws -> Response {
        let user = invitation.user
        let t = renderer.catalogue(context.language)
        let model = InvitationCreatedModel(heading: t.text("invitation_created_title", ["name": user.name]),
                                           instructions: t.text(invitation.link != nil ? "invitation_created" : "invitation_mailed", ["email": user.email]),
                                           link: invitation.link ?? "", hasLink: invitation.link != nil, organisation: user.organisation.rawValue)
        return try renderer.render("invitation-created", page: model, title: model.heading, request: request, context: context, status: .created)
    }

    struct InvitationCreatedModel {
        let heading: String
        let instructions: String
        let link: String
        let hasLink: Bool
        let organisation: String
    }

    @discardableResult
    private func requireAdministrator(_ context: AppContext) throws -> User {
        let user = try context.requireUser()
        guard AccessPolicy.canAdminister(user) else { throw DomainError.forbidden }
        return user
    }

    private func load(_ context: AppContext) async throws -> User {
        let id = try context.identifier("id")
        return try await service.user(id, by: context.user)
    }

    private func render(_ draft: UserDraft, isEdit: Bool, id: UUID?, isActive: Bool, errors: [FieldError], request: Request, context: AppContext) async throws -> Response {
        let organisations = try await choices.organisations()
        let t = renderer.catalogue(context.language)
        let heading = t.text(isEdit ? "user_edit" : "user_new")
        let model = FormModel(
            heading: heading, action: id.map { "/beheer/gebruikers/\($0.uppercasedText)" } ?? "/beheer/gebruikers", isEdit: isEdit,
            name: draft.name, email: draft.email, organisation: NamedChoice.label(of: draft.organisation, among: organisations),
            organisationChoices: isEdit ? [] : organisations.map(\.label),
            roles: Role.allCases.map { OptionModel(value: $0.rawValue, label: t.text("role_\($0.rawValue)"), selected: $0.rawValue == draft.role) },
            isActive: isActive, errors: FormErrors(errors, t))
        return try renderer.render("user-form", page: model, title: heading, request: request, context: context,
                                   status: errors.isEmpty ? .ok : .badRequest)
    }
}
