import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/incidenten`: the incident register. A municipality's officials see all of their own,
/// the latest first, filtered by status and kind, and register a new one
/// (`/incidenten/nieuw`: every problem at once, what was typed kept); the unit and each
/// partner organisation see what municipalities share with them (the read audited). Others
/// are refused. One incident is
/// `IncidentPage`.
struct IncidentsPage {
    let renderer: PageRenderer
    let service: IncidentService

    struct Row { let href: String; let number: String; let kind: String; let day: String; let municipality: String; let status: String
                 let statusCode: String; let severity: String; let level: String? }

    struct ListModel {
        let rows: [Row]
        let hasRows: Bool
        let total: String
        let mayRegister: Bool
        /// The reader reads what others share with it (the unit, a partner): the municipality column shown.
        let isUnit: Bool
        let intro: String
        /// Whether the reader sees the national figures (the unit) and an annual report (not partners).
        let mayFigures: Bool
        let mayReport: Bool
        let statuses: [OptionModel]
        let kinds: [OptionModel]
        let pagination: PaginationModel?
        let notice: String?
    }

    struct FormModel {
        let draft: IncidentDraft
        let kinds: [OptionModel]
        let locations: [OptionModel]
        let grounds: [OptionModel]
        let natures: [OptionModel]
        let settings: [OptionModel]
        let severities: [OptionModel]
        let levels: [OptionModel]
        let today: String
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("incidenten", use: list)
        router.get("incidenten/nieuw", use: new)
        router.post("incidenten/nieuw", use: create)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let query = Query(request: request)
        var v = Validator()
        let pageRequest = query.page(into: &v)
        let status = query.text("status").flatMap(IncidentStatus.init(rawValue:))
        let kind = query.text("soort").flatMap(IncidentKind.init(rawValue:))
        let page = try await service.list(IncidentStore.Filter(status: status, kind: kind), page: PageRequest(number: pageRequest.number, size: 25),
                                          actor: context.actor)
        let reach = try service.reach(context.actor)
        let names = try await service.municipalityNames(of: Set(page.items.map(\.municipality)))
        let rows = page.items.map { incident in
            Row(href: "/incidenten/\(incident.id.lowercasedText)", number: incident.number, kind: t.text("incident_kind_\(incident.kind.rawValue)"),
                day: Self.day(incident, t), municipality: names[incident.municipality] ?? incident.municipality.rawValue,
                status: t.text("incident_status_\(incident.status.rawValue)"), statusCode: incident.status.rawValue,
                severity: t.text("incident_severity_\(incident.severity.rawValue)"), level: incident.tensionLevel.map { t.text("tension_\($0.rawValue)") })
        }
        var isUnit = false
        if case .sharedWith = reach { isUnit = true }
        let user = context.session?.user
        let intro = switch reach {
        case .own: "incidents_intro_own"
        case .sharedWith(let organisation): organisation == .expertiseUnit ? "incidents_intro_unit" : "incidents_intro_partner"
        }
        let model = ListModel(
            rows: rows, hasRows: !rows.isEmpty, total: NumberText.format(page.total, t.language), mayRegister: !isUnit, isUnit: isUnit, intro: t.text(intro),
            mayFigures: IncidentPolicy.mayReadFigures(user), mayReport: !isUnit || IncidentPolicy.mayReadFigures(user),
            statuses: IncidentStatus.allCases.map { OptionModel(value: $0.rawValue, label: t.text("incident_status_\($0.rawValue)"), selected: $0 == status) },
            kinds: IncidentKind.allCases.map { OptionModel(value: $0.rawValue, label: t.text("incident_kind_\($0.rawValue)"), selected: $0 == kind) },
            pagination: PaginationModel(page, request: request, catalogue: t),
            notice: query.text("gedaan") == "geregistreerd" ? t.text("incident_done_registered") : nil)
        return try renderer.render("incidents", page: model, title: t.text("incidents_title"), request: request, context: context)
    }

    @Sendable func new(_ request: Request, context: AppContext) async throws -> Response {
        guard case .own = try service.reach(context.actor) else { throw DomainError.forbidden }
        return try renderForm(IncidentDraft(severity: IncidentSeverity.medium.rawValue), errors: [], request: request, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await request.form(context)
        let draft = IncidentDraft(kind: form.value("soort") ?? "", occurredOn: form.value("datum") ?? "", occurredAt: form.value("tijd") ?? "",
                                  location: form.value("plaats") ?? "", neighbourhood: form.value("wijk") ?? "", grounds: form.values("gronden"),
                                  nature: form.value("aard") ?? "", setting: form.value("terrein") ?? "", severity: form.value("ernst") ?? "",
                                  description: form.value("beschrijving") ?? "", tensionLevel: form.value("spanningsniveau") ?? "")
        do {
            let incident = try await service.register(draft, actor: context.actor)
            return .redirect(to: "/incidenten/\(incident.id.lowercasedText)?gedaan=geregistreerd", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try renderForm(draft, errors: errors, request: request, context: context)
        }
    }

    private func renderForm(_ draft: IncidentDraft, errors: [FieldError], request: Request, context: AppContext) throws -> Response {
        let t = renderer.catalogue(context.language)
        func options<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ prefix: String, chosen: [String]) -> [OptionModel] where T.RawValue == String {
            T.allCases.map { OptionModel(value: $0.rawValue, label: t.text("\(prefix)\($0.rawValue)"), selected: chosen.contains($0.rawValue)) }
        }
        let model = FormModel(
            draft: draft, kinds: options(IncidentKind.self, "incident_kind_", chosen: [draft.kind]),
            locations: options(LocationKind.self, "incident_location_", chosen: [draft.location]),
            grounds: options(DiscriminationGround.self, "incident_ground_", chosen: draft.grounds),
            natures: options(IncidentNature.self, "incident_nature_", chosen: [draft.nature]),
            settings: options(IncidentSetting.self, "incident_setting_", chosen: [draft.setting]),
            severities: options(IncidentSeverity.self, "incident_severity_", chosen: [draft.severity]),
            levels: options(TensionLevel.self, "tension_", chosen: [draft.tensionLevel]),
            today: CalendarDay(of: service.dependencies.now()).description, errors: FormErrors(errors, t))
        return try renderer.render("incident-form", page: model, title: t.text("incident_new"), request: request, context: context,
                                   status: errors.isEmpty ? .ok : .badRequest)
    }

    /// "20 nov. 2026, 22.15" or the day alone, through the one Dutch formatter.
    static func day(_ incident: Incident, _ t: Catalogue) -> String {
        if !incident.occurredAt.isEmpty, case .success(let moment) = AmsterdamTime.parse("\(incident.occurredOn)T\(incident.occurredAt)") {
            return t.dateTime(moment)
        }
        return CalendarDay(incident.occurredOn).map { t.date($0.start()) } ?? incident.occurredOn
    }
}
