import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/aanbod/nieuw` and `/aanbod/{slug}/bewerken`: the unit adds and changes offerings.
/// Each save is a new version; a save based on an older version than the stored one is
/// refused with the form kept, so nobody overwrites a colleague's change unseen.
struct OfferingFormPage {
    let renderer: PageRenderer
    let service: ToolboxService

    struct Model {
        let action: String
        let isEdit: Bool
        let version: String
        let title: String
        let summary: String
        let body: String
        let contact: String
        let expectedOn: String
        let related: String
        let kinds: [OptionModel]
        let audiences: [OptionModel]
        let needs: [OptionModel]
        let providers: [OptionModel]
        let statuses: [OptionModel]
        let visibilities: [OptionModel]
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("aanbod/nieuw", use: new)
        router.post("aanbod", use: create)
        router.get("aanbod/{slug}/bewerken", use: edit)
        router.post("aanbod/{slug}", use: update)
    }

    @Sendable func new(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        let draft = OfferingDraft(kind: OfferingKind.guide.rawValue, title: "", summary: "", audiences: [], provider: OrganisationID.expertiseUnit.rawValue)
        return try await render(draft, slug: nil, version: nil, errors: [], request: request, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        var request = request
        let draft = Self.draft(try await request.form(context))
        do {
            let offering = try await service.create(draft, by: context.user, actor: context.actor)
            return .redirect(to: "/aanbod/\(offering.slug)", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(draft, slug: nil, version: nil, errors: errors, request: request, context: context)
        }
    }

    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        let offering = try await service.read(try context.parameters.require("slug"), by: context.user)
        let draft = OfferingDraft(kind: offering.kind.rawValue, title: offering.title, summary: offering.summary, body: offering.body,
                                  audiences: offering.audiences.map(\.rawValue), needs: offering.needs.map(\.rawValue), provider: offering.provider.rawValue,
                                  contact: offering.contact, status: offering.status.rawValue, expectedOn: offering.expectedOn ?? "",
                                  visibility: offering.visibility.rawValue, related: offering.related.map(\.rawValue))
        return try await render(draft, slug: offering.slug.rawValue, version: offering.version, errors: [], request: request, context: context)
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        let slug = try context.parameters.require("slug")
        var request = request
        let form = try await request.form(context)
        let draft = Self.draft(form)
        let version = form.value("versie").flatMap(Int.init)
        return try await VersionedSave.save(staleCode: "offering_changed", {
            let offering = try await service.update(slug, version: version, with: draft, by: context.user, actor: context.actor)
            return .redirect(to: "/aanbod/\(offering.slug)", type: .normal)
        }, form: { errors, status in
            try await render(draft, slug: slug, version: version, errors: errors, request: request, context: context, status: status)
        })
    }

    private static func draft(_ form: FormData) -> OfferingDraft {
        OfferingDraft(kind: form.value("soort") ?? "", title: form.value("titel") ?? "", summary: form.value("samenvatting") ?? "",
                      body: form.value("tekst") ?? "", audiences: form.values("doelgroepen"), needs: form.values("behoeften"),
                      provider: form.value("aanbieder") ?? "", contact: form.value("contact") ?? "", status: form.value("status") ?? "",
                      expectedOn: form.value("verwachtOp") ?? "", visibility: form.value("zichtbaarheid") ?? "",
                      related: (form.value("gerelateerd") ?? "").split(whereSeparator: { $0.isNewline || $0 == "," || $0 == " " }).map(String.init))
    }

    private func render(_ draft: OfferingDraft, slug: String?, version: Int?, errors: [FieldError], request: Request, context: AppContext,
                        status: HTTPResponse.Status? = nil) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let labels = try await ToolboxLabels.make(t, service: service)
        let model = Model(
            action: slug.map { "/aanbod/\($0)" } ?? "/aanbod", isEdit: slug != nil, version: version.map(String.init) ?? "",
            title: draft.title, summary: draft.summary, body: draft.body, contact: draft.contact, expectedOn: draft.expectedOn,
            related: draft.related.joined(separator: "\n"),
            kinds: OfferingKind.allCases.map { OptionModel(value: $0.rawValue, label: labels.kind($0), selected: $0.rawValue == draft.kind) },
            audiences: Audience.allCases.map { OptionModel(value: $0.rawValue, label: labels.audience($0), selected: draft.audiences.contains($0.rawValue)) },
            needs: labels.needs.values.filter(\.isActive).sorted { $0.code < $1.code }
                .map { OptionModel(value: $0.code.rawValue, label: labels.need($0.code), selected: draft.needs.contains($0.code.rawValue)) },
            providers: labels.providers.sorted { $0.value < $1.value }
                .map { OptionModel(value: $0.key.rawValue, label: $0.value, selected: $0.key.rawValue == draft.provider) },
            statuses: OfferingStatus.allCases.map { OptionModel(value: $0.rawValue, label: labels.status($0), selected: $0.rawValue == draft.status) },
            visibilities: Visibility.allCases.map { OptionModel(value: $0.rawValue, label: labels.visibility($0), selected: $0.rawValue == draft.visibility) },
            errors: FormErrors(errors, t))
        return try renderer.render("offering-form", page: model, title: t.text(slug == nil ? "offering_new" : "offering_edit"), request: request,
                                   context: context, status: status ?? (errors.isEmpty ? .ok : .badRequest))
    }

    private func require(_ context: AppContext) throws {
        guard ToolboxPolicy.mayEdit(try context.requireUser()) else { throw DomainError.forbidden }
    }
}
