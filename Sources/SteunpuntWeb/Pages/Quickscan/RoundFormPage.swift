import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/quickscans/rondes/nieuw`: the coordinator fields a round of a published questionnaire
/// to municipalities chosen by list, province, priority flag and population class. The
/// invitation links are shown once, on the page that follows (only their digests are kept).
struct RoundFormPage {
    let renderer: PageRenderer
    let service: QuickscanService

    struct Model {
        let title: String
        let opensOn: String
        let closesOn: String
        let codes: String
        let instruments: [OptionModel]
        let hasInstruments: Bool
        let provinces: [OptionModel]
        let classes: [OptionModel]
        let priorityOnly: Bool
        let errors: FormErrors
    }

    struct LinksModel {
        struct Row { let name: String; let code: String; let link: String?; let mailed: String? }
        let title: String
        let href: String
        let count: String
        let rows: [Row]
    }

    func register(on router: Router<AppContext>) {
        router.get("quickscans/rondes/nieuw", use: form)
        router.post("quickscans/rondes", use: create)
    }

    @Sendable func form(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard QuickscanPolicy.mayRunRounds(user) else { throw DomainError.forbidden }
        return try await render(RoundDraft(title: "", opensOn: "", closesOn: ""), instrument: nil, errors: [], request: request, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard QuickscanPolicy.mayRunRounds(user) else { throw DomainError.forbidden }
        var request = request
        let form = try await request.form(context)
        // Municipalities by name or code, one per line: what matches none goes on as typed, for the check to refuse.
        let picked = NamedChoice.resolveList(form.value("gemeenten") ?? "", among: try await municipalityChoices())
        let codes = picked.ids + picked.unknown
        let draft = RoundDraft(title: form.value("titel") ?? "", opensOn: form.value("opent") ?? "", closesOn: form.value("sluit") ?? "",
                               codes: codes, provinces: form.values("provincies"), priorityOnly: form.value("prioriteit") == "ja",
                               populationClasses: form.values("inwonerklassen"))
        let chosen = form.value("vragenlijst") ?? ""
        let parts = chosen.split(separator: "/")
        do {
            let created = try await service.createRound(draft, instrument: parts.first.flatMap { UUID(text: String($0)) },
                                                        version: parts.count == 2 ? Int(parts[1]) : nil, by: user, actor: context.actor)
            let t = renderer.catalogue(context.language)
            let names = Dictionary(try await service.municipalities.all().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            let model = LinksModel(title: created.round.title, href: "/quickscans/rondes/\(created.round.id.lowercasedText)",
                                   count: NumberText.format(created.invitations.count, t.language),
                                   rows: created.invitations.map { RoundPage.linkRow($0, name: names[$0.municipality] ?? $0.municipality.rawValue, t: t) })
            var response = try renderer.render("round-links", page: model, title: t.text("round_links_title"), request: request, context: context,
                                               status: .created)
            response.headers[.cacheControl] = "no-store"
            return response
        } catch DomainError.invalid(let errors) {
            return try await render(draft, instrument: chosen, errors: errors, request: request, context: context)
        }
    }

    private func render(_ draft: RoundDraft, instrument: String?, errors: [FieldError], request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let municipalities = try await municipalityChoices()
        var versions: [InstrumentVersion] = []
        for latest in try await service.instruments.list() {
            versions += try await service.instruments.versions(latest.instrumentID).filter { $0.status == .published }
        }
        let instruments = versions.map { version in
            let value = "\(version.instrumentID.uppercasedText)/\(version.version)"
            return OptionModel(value: value, label: t.text("round_instrument_option", ["title": version.definition.title, "version": String(version.version)]),
                               selected: value == instrument)
        }
        let model = Model(
            title: draft.title, opensOn: draft.opensOn, closesOn: draft.closesOn,
            codes: draft.codes.map { NamedChoice.label(of: $0, among: municipalities) }.joined(separator: "\n"),
            instruments: instruments, hasInstruments: !instruments.isEmpty,
            provinces: Province.allCases.map { OptionModel(value: $0.rawValue, label: $0.rawValue, selected: draft.provinces.contains($0.rawValue)) },
            classes: PopulationClass.allCases.map { OptionModel(value: $0.rawValue, label: t.text("population_class_\($0.rawValue)"),
                                                                selected: draft.populationClasses.contains($0.rawValue)) },
            priorityOnly: draft.priorityOnly, errors: FormErrors(errors, t))
        return try renderer.render("round-form", page: model, title: t.text("round_new"), request: request, context: context,
                                   status: errors.isEmpty ? .ok : .badRequest)
    }

    private func municipalityChoices() async throws -> [NamedChoice] {
        try await service.municipalities.all().filter(\.isActive).map { NamedChoice(id: $0.code.rawValue, name: $0.name) }
    }
}
