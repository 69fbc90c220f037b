import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/netwerken`: the unit's network register, searched by municipality, theme and words, a
/// page of at most 25 at a time (no export, no print list); `/netwerken/{id}`: one entry
/// with its contact route, consent and the introductions made (the forms are
/// `NetworkFormPage`). Every read is audited; everyone but the unit is refused.
struct NetworksPage {
    let renderer: PageRenderer
    let service: NetworkService

    struct Row { let href: String; let name: String; let kind: String; let role: String; let municipality: String; let themes: String
                 let lastActivity: String; let introductions: String; let due: Bool }

    struct ListModel {
        let rows: [Row]
        let hasRows: Bool
        let total: String
        let text: String
        let municipality: String
        let themes: [OptionModel]
        let dueOnly: Bool
        let pagination: PaginationModel?
        let errors: FormErrors
    }

    struct Fact { let label: String; let value: String }
    struct Introduction { let href: String; let text: String }

    struct DetailModel {
        let id: String
        let name: String
        let kind: String
        let facts: [Fact]
        let noteHTML: String
        let due: Bool
        let dueHint: String
        let introductions: [Introduction]
        let hasIntroductions: Bool
        let notice: String?
        /// Said on top of an entry a destruction list destroyed, which takes no more changes.
        let destroyed: String?
    }

    func register(on router: Router<AppContext>) {
        router.get("netwerken", use: list)
        router.get("netwerken/{id}", use: show)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let query = Query(request: request)
        var v = Validator()
        let pageRequest = query.page(into: &v)
        let code = (query.text("gemeente") ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        let municipality = MunicipalityCode(code)
        if !code.isEmpty && municipality == nil { v.add("gemeente", "invalid_municipality_code") }
        let theme = query.text("thema").flatMap(NeedCode.init)
        let text = query.text("zoek") ?? ""
        let dueOnly = query.text("beoordelen") == "ja"
        let errors = v.errors
        let filter = NetworkFilter(municipality: municipality, theme: theme, text: text, dueBefore: dueOnly ? service.reviewCutoff : nil)
        let page = try await service.list(filter, page: PageRequest(number: pageRequest.number, size: NetworkPolicy.maximumPageSize), actor: context.actor)
        let needNames = try await Self.needNames(service, t)
        let municipalityNames = try await Self.municipalityNames(service)
        let now = service.dependencies.now()
        let rows = page.items.map { listing in
            let entry = listing.entry
            return Row(href: "/netwerken/\(entry.id.lowercasedText)", name: entry.name, kind: t.text("network_kind_\(entry.kind.rawValue)"), role: entry.role,
                       municipality: municipalityNames[entry.municipality] ?? entry.municipality.rawValue,
                       themes: entry.themes.map { needNames[$0] ?? $0.rawValue }.joined(separator: ", "), lastActivity: t.date(listing.lastActivity),
                       introductions: NumberText.format(listing.introductions, t.language), due: listing.isDueForReview(at: now, months: service.reviewMonths))
        }
        let needs = try await service.needs.all().filter(\.isActive)
        let model = ListModel(rows: rows, hasRows: !rows.isEmpty, total: NumberText.format(page.total, t.language), text: text, municipality: code,
                              themes: needs.map { OptionModel(value: $0.code.rawValue, label: needNames[$0.code] ?? $0.code.rawValue, selected: $0.code == theme) },
                              dueOnly: dueOnly, pagination: PaginationModel(page, request: request, catalogue: t), errors: FormErrors(errors, t))
        return try renderer.render("networks", page: model, title: t.text("networks_title"), request: request, context: context)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let (listing, introductions) = try await service.get(try context.identifier("id"), actor: context.actor)
        let entry = listing.entry
        let needNames = try await Self.needNames(service, t)
        let municipalityNames = try await Self.municipalityNames(service)
        let facts = [Fact(label: t.text("field_name_rol"), value: entry.role),
                     Fact(label: t.text("field_name_gemeente"), value: municipalityNames[entry.municipality] ?? entry.municipality.rawValue),
                     Fact(label: t.text("field_name_themas"), value: entry.themes.map { needNames[$0] ?? $0.rawValue }.joined(separator: ", ")),
                     Fact(label: t.text("field_name_contactroute"), value: entry.contactRoute),
                     Fact(label: t.text("field_name_toestemming"), value: t.text("network_consent_line", [
                        "form": t.text("network_consent_\(entry.consent.rawValue)"), "day": CalendarDay(entry.consentOn).map { t.date($0.start()) } ?? entry.consentOn])),
                     Fact(label: t.text("network_last_activity"), value: t.date(listing.lastActivity))]
        let model = DetailModel(
            id: entry.id.lowercasedText, name: entry.name, kind: t.text("network_kind_\(entry.kind.rawValue)"), facts: facts, noteHTML: Markdown.html(entry.note),
            due: entry.destroyedAt == nil && listing.isDueForReview(at: service.dependencies.now(), months: service.reviewMonths),
            dueHint: t.text("network_due_hint", ["months": String(service.reviewMonths)]),
            introductions: introductions.map {
                Introduction(href: "/hulpvragen/\($0.request.lowercasedText)", text: t.text("network_introduction_line", [
                    "number": $0.number, "requester": $0.requester, "day": CalendarDay($0.day).map { t.date($0.start()) } ?? $0.day, "author": $0.author]))
            },
            hasIntroductions: !introductions.isEmpty, notice: Query(request: request).text("gedaan").map { t.text("network_done_\($0)") },
            destroyed: entry.destroyedAt.map { t.text("network_destroyed", ["day": t.date($0)]) })
        return try renderer.render("network", page: model, title: entry.name, request: request, context: context)
    }

    static func needNames(_ service: NetworkService, _ t: Catalogue) async throws -> [NeedCode: String] {
        try await service.needs.names(in: t.language)
    }

    static func municipalityNames(_ service: NetworkService) async throws -> [MunicipalityCode: String] {
        Dictionary(try await service.municipalities.all().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }
}
