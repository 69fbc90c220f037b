import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// Administrators add and change organisations. A refused form shows every problem at
/// once and keeps what was typed.
struct AdminOrganisationPages {
    let renderer: PageRenderer
    let directory: Directory
    let service: OrganisationService
    let choices: NameChoices

    struct FormModel {
        let heading: String
        let action: String
        let isEdit: Bool
        let id: String
        let name: String
        let kinds: [OptionModel]
        let municipality: String
        let parent: String
        let municipalityChoices: [String]
        let parentChoices: [String]
        let isActive: Bool
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("beheer/organisaties/nieuw", use: newForm)
        router.post("beheer/organisaties", use: create)
        router.get("beheer/organisaties/{id}/bewerken", use: editForm)
        router.post("beheer/organisaties/{id}", use: update)
    }

    @Sendable func newForm(_ request: Request, context: AppContext) async throws -> Response {
        try requireAdministrator(context)
        return try await render(OrganisationDraft(id: "", name: "", kind: OrganisationKind.partner.rawValue), isEdit: false, isActive: true, errors: [], request: request, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        try requireAdministrator(context)
        var request = request
        let draft = try await self.draft(try await request.form(context))
        do {
            let organisation = try await service.create(draft, by: context.user, actor: context.actor)
            return .redirect(to: "/organisaties/\(organisation.id)", type: .normal)
        } catch let DomainError.invalid(errors) {
            return try await render(draft, isEdit: false, isActive: true, errors: errors, request: request, context: context)
        }
    }

    @Sendable func editForm(_ request: Request, context: AppContext) async throws -> Response {
        try requireAdministrator(context)
        let organisation = try await load(context)
        let draft = OrganisationDraft(id: organisation.id.rawValue, name: organisation.name, kind: organisation.kind.rawValue,
                                      municipality: organisation.municipality?.rawValue, parent: organisation.parent?.rawValue)
        return try await render(draft, isEdit: true, isActive: organisation.isActive, errors: [], request: request, context: context)
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        try requireAdministrator(context)
        let existing = try await load(context)
        var request = request
        let form = try await request.form(context)
        var draft = try await self.draft(form)
        draft.id = existing.id.rawValue
        let isActive = form.value("actief") == "ja"
        do {
            let organisation = try await service.update(existing, with: draft, isActive: isActive, by: context.user, actor: context.actor)
            return .redirect(to: "/organisaties/\(organisation.id)", type: .normal)
        } catch let DomainError.invalid(errors) {
            return try await render(draft, isEdit: true, isActive: isActive, errors: errors, request: request, context: context)
        }
    }

    /// What was typed, with the municipality and the parent read back from their names.
    private func draft(_ form: FormData) async throws -> OrganisationDraft {
        OrganisationDraft(id: form.value("id") ?? "", name: form.value("naam") ?? "", kind: form.value("soort") ?? "",
                          municipality: try await form.value("gemeente").asyncMap { try await choices.municipality(from: $0) },
                          parent: try await form.value("bovenliggend").asyncMap { try await choices.organisation(from: $0) })
    }

    private func load(_ context: AppContext) async throws -> Organisation {
        guard let id = OrganisationID(try context.parameters.require("id")), let organisation = try await directory.organisation(id) else {
            throw DomainError.notFound
        }
        return organisation
    }

    private func requireAdministrator(_ context: AppContext) throws {
        guard AccessPolicy.canAdminister(try context.requireUser()) else { throw DomainError.forbidden }
    }

    private func render(_ draft: OrganisationDraft, isEdit: Bool, isActive: Bool, errors: [FieldError], request: Request, context: AppContext) async throws -> Response {
        let municipalities = try await choices.municipalities(), organisations = try await choices.organisations()
        let t = renderer.catalogue(context.language)
        let heading = t.text(isEdit ? "organisation_edit" : "organisation_new")
        let model = FormModel(
            heading: heading, action: isEdit ? "/beheer/organisaties/\(draft.id)" : "/beheer/organisaties", isEdit: isEdit,
            id: draft.id, name: draft.name,
            kinds: OrganisationKind.allCases.map { OptionModel(value: $0.rawValue, label: t.text("kind_\($0.rawValue)"), selected: $0.rawValue == draft.kind) },
            municipality: NamedChoice.label(of: draft.municipality ?? "", among: municipalities),
            parent: NamedChoice.label(of: draft.parent ?? "", among: organisations),
            municipalityChoices: municipalities.map(\.label), parentChoices: organisations.map(\.label), isActive: isActive,
            errors: FormErrors(errors, t))
        return try renderer.render("organisation-form", page: model, title: heading, request: request, context: context,
                                   status: errors.isEmpty ? .ok : .badRequest)
    }
}
