import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/netwerken/nieuw` and `/netwerken/{id}/bewerken`: the unit adds and changes entries of
/// its network register. Every problem is shown at once with what was typed kept; a save
/// based on an older version is refused with the form kept. Saving an entry again is how it
/// is reviewed (a change counts as activity).
struct NetworkFormPage {
    let renderer: PageRenderer
    let service: NetworkService

    struct FormModel {
        let action: String
        let isEdit: Bool
        let version: String
        let draft: NetworkEntryDraft
        let kinds: [OptionModel]
        let themes: [OptionModel]
        let consents: [OptionModel]
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("netwerken/nieuw", use: new)
        router.post("netwerken", use: create)
        router.get("netwerken/{id}/bewerken", use: edit)
        router.post("netwerken/{id}", use: update)
    }

    @Sendable func new(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        let draft = NetworkEntryDraft(kind: NetworkEntryKind.organisation.rawValue, name: "", role: "", municipality: "", contactRoute: "",
                                      consent: ConsentForm.written.rawValue, consentOn: "")
        return try await render(draft, id: nil, version: nil, errors: [], request: request, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        var request = request
        let draft = Self.draft(try await request.form(context))
        do {
            let entry = try await service.create(draft, actor: context.actor)
            return .redirect(to: "/netwerken/\(entry.id.lowercasedText)?gedaan=opgeslagen", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(draft, id: nil, version: nil, errors: errors, request: request, context: context)
        }
    }

    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        let id = try context.identifier("id")
        let entry = try await service.get(id, actor: context.actor).listing.entry
        // A destroyed entry takes no change: its page says why.
        if entry.destroyedAt != nil { return .redirect(to: "/netwerken/\(id.lowercasedText)", type: .normal) }
        let draft = NetworkEntryDraft(kind: entry.kind.rawValue, name: entry.name, role: entry.role, municipality: entry.municipality.rawValue,
                                      themes: entry.themes.map(\.rawValue), contactRoute: entry.contactRoute, consent: entry.consent.rawValue,
                                      consentOn: entry.consentOn, note: entry.note)
        return try await render(draft, id: id, version: entry.version, errors: [], request: request, context: context)
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        let id = try context.identifier("id")
        var request = request
        let form = try await request.form(context)
        let draft = Self.draft(form)
        let version = form.value("versie").flatMap(Int.init)
        return try await VersionedSave.save(staleCode: "network_entry_changed", {
            _ = try await service.update(id, with: draft, version: version, actor: context.actor)
            return .redirect(to: "/netwerken/\(id.lowercasedText)?gedaan=opgeslagen", type: .normal)
        }, form: { errors, status in
            try await render(draft, id: id, version: version, errors: errors, request: request, context: context, status: status)
        })
    }

    private static func draft(_ form: FormData) -> NetworkEntryDraft {
        NetworkEntryDraft(kind: form.value("soort") ?? "", name: form.value("naam") ?? "", role: form.value("rol") ?? "", municipality: form.value("gemeente") ?? "",
                          themes: form.values("themas"), contactRoute: form.value("contactroute") ?? "", consent: form.value("toestemming") ?? "",
                          consentOn: form.value("toestemmingOp") ?? "", note: form.value("toelichting") ?? "")
    }

    private func render(_ draft: NetworkEntryDraft, id: UUID?, version: Int?, errors: [FieldError], request: Request, context: AppContext,
                        status: HTTPResponse.Status? = nil) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let needNames = try await NetworksPage.needNames(service, t)
        let model = FormModel(
            action: id.map { "/netwerken/\($0.lowercasedText)" } ?? "/netwerken", isEdit: id != nil, version: version.map(String.init) ?? "", draft: draft,
            kinds: NetworkEntryKind.allCases.map { OptionModel(value: $0.rawValue, label: t.text("network_kind_\($0.rawValue)"), selected: $0.rawValue == draft.kind) },
            themes: try await service.needs.all().filter(\.isActive).map {
                OptionModel(value: $0.code.rawValue, label: needNames[$0.code] ?? $0.code.rawValue, selected: draft.themes.contains($0.code.rawValue))
            },
            consents: ConsentForm.allCases.map { OptionModel(value: $0.rawValue, label: t.text("network_consent_\($0.rawValue)"), selected: $0.rawValue == draft.consent) },
            errors: FormErrors(errors, t))
        return try renderer.render("network-form", page: model, title: t.text(id == nil ? "network_new" : "network_edit"), request: request, context: context,
                                   status: status ?? (errors.isEmpty ? .ok : .badRequest))
    }

    private func require(_ context: AppContext) throws {
        let user = try context.requireUser()
        guard NetworkPolicy.mayUse(user) else { throw DomainError.forbidden }
    }
}
