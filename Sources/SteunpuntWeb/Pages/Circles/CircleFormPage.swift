import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/leerkringen/nieuw` and `/leerkringen/{id}/bewerken`: the unit adds and changes
/// circles; `/leerkringen/{id}/resultaten`: the unit links the toolbox offerings that are
/// the circle's results. Every problem is shown at once with what was typed kept; a save
/// based on an older version is refused with the form kept.
struct CircleFormPage {
    let renderer: PageRenderer
    let service: CircleService

    struct Model {
        let action: String
        let isEdit: Bool
        let version: String
        let draft: CircleDraft
        let needs: [OptionModel]
        let statuses: [OptionModel]
        let errors: FormErrors
    }

    struct ResultChoice { let id: String; let title: String; let kind: String; let checked: Bool }

    struct ResultsModel {
        let id: String
        let title: String
        let choices: [ResultChoice]
        let hasChoices: Bool
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("leerkringen/nieuw", use: new)
        router.post("leerkringen", use: create)
        router.get("leerkringen/{id}/bewerken", use: edit)
        router.post("leerkringen/{id}", use: update)
        router.get("leerkringen/{id}/resultaten", use: resultsForm)
        router.post("leerkringen/{id}/resultaten", use: saveResults)
    }

    @Sendable func new(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        return try await render(CircleDraft(title: ""), id: nil, version: nil, errors: [], request: request, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        var request = request
        let draft = Self.draft(try await request.form(context))
        do {
            let circle = try await service.create(draft, actor: context.actor)
            return .redirect(to: "/leerkringen/\(circle.id.lowercasedText)?gedaan=opgeslagen", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(draft, id: nil, version: nil, errors: errors, request: request, context: context)
        }
    }

    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        let id = try context.identifier("id")
        let circle = try await service.get(id, by: context.user).circle
        let draft = CircleDraft(title: circle.title, description: circle.description, needs: circle.needs.map(\.rawValue), status: circle.status.rawValue)
        return try await render(draft, id: id, version: circle.version, errors: [], request: request, context: context)
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        let id = try context.identifier("id")
        var request = request
        let form = try await request.form(context)
        let draft = Self.draft(form)
        let version = form.value("versie").flatMap(Int.init)
        return try await VersionedSave.save(staleCode: "circle_changed", {
            _ = try await service.update(id, with: draft, version: version, actor: context.actor)
            return .redirect(to: "/leerkringen/\(id.lowercasedText)?gedaan=opgeslagen", type: .normal)
        }, form: { errors, status in
            try await render(draft, id: id, version: version, errors: errors, request: request, context: context, status: status)
        })
    }

    private static func draft(_ form: FormData) -> CircleDraft {
        CircleDraft(title: form.value("titel") ?? "", description: form.value("beschrijving") ?? "", needs: form.values("behoeften"),
                    status: form.value("status") ?? "")
    }

    private func render(_ draft: CircleDraft, id: UUID?, version: Int?, errors: [FieldError], request: Request, context: AppContext,
                        status: HTTPResponse.Status? = nil) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let needNames = try await CirclesPage.needNames(service, t)
        let needs = try await service.needs.all().filter(\.isActive).map {
            OptionModel(value: $0.code.rawValue, label: needNames[$0.code] ?? $0.code.rawValue, selected: draft.needs.contains($0.code.rawValue))
        }
        let model = Model(action: id.map { "/leerkringen/\($0.lowercasedText)" } ?? "/leerkringen", isEdit: id != nil,
                          version: version.map(String.init) ?? "", draft: draft, needs: needs,
                          statuses: CircleStatus.allCases.map { OptionModel(value: $0.rawValue, label: t.text("circle_status_\($0.rawValue)"), selected: $0.rawValue == draft.status) },
                          errors: FormErrors(errors, t))
        return try renderer.render("circle-form", page: model, title: t.text(id == nil ? "circle_new" : "circle_edit"), request: request,
                                   context: context, status: status ?? (errors.isEmpty ? .ok : .badRequest))
    }

    @Sendable func resultsForm(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        let id = try context.identifier("id")
        return try await renderResults(id, chosen: try await service.store.results(of: id).map(\.uppercasedText), errors: [], request: request, context: context)
    }

    @Sendable func saveResults(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        let id = try context.identifier("id")
        var request = request
        let chosen = try await request.form(context).values("resultaten")
        do {
            _ = try await service.saveResults(chosen, of: id, actor: context.actor)
            return .redirect(to: "/leerkringen/\(id.lowercasedText)?gedaan=resultaten", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await renderResults(id, chosen: chosen, errors: errors, request: request, context: context, status: .badRequest)
        }
    }

    private func renderResults(_ id: UUID, chosen: [String], errors: [FieldError], request: Request, context: AppContext,
                               status: HTTPResponse.Status = .ok) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let circle = try await service.get(id, by: context.user).circle
        let picked = Set(chosen.compactMap { UUID(text: $0) })
        let choices = try await service.resultChoices().map {
            ResultChoice(id: $0.id.uppercasedText, title: $0.title, kind: t.text("offering_kind_\($0.kind.rawValue)"), checked: picked.contains($0.id))
        }
        let model = ResultsModel(id: id.lowercasedText, title: circle.title, choices: choices, hasChoices: !choices.isEmpty, errors: FormErrors(errors, t))
        return try renderer.render("circle-results", page: model, title: t.text("circle_results_heading"), request: request, context: context, status: status)
    }

    private func require(_ context: AppContext) throws {
        let user = try context.requireUser()
        guard CirclePolicy.mayKeep(user) else { throw DomainError.forbidden }
    }
}
