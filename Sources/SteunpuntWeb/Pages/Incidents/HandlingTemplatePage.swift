import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/incidenten/stappenplan`: the handling steps every new incident starts with (issue 21,
/// part 3), for everyone who works with incidents: the steps of the version standing (or
/// an earlier one, `?versie=N`), the guide they come from, and every version with why it
/// was written. The expertise unit's coordinator writes the next version here: the rows as
/// they stand plus empty ones to add steps (a row left empty is dropped), every problem at
/// once, what was typed kept; a version written by someone else in between is refused.
struct HandlingTemplatePage {
    let renderer: PageRenderer
    let service: IncidentService

    struct StepModel { let number: String; let title: String; let party: String; let guidance: String }
    struct VersionModel { let label: String; let href: String; let note: String; let current: Bool }
    struct PartyOption { let value: String; let label: String; let selected: Bool }
    struct RowModel {
        let index: String
        let code: String
        let title: String
        let guidance: String
        let parties: [PartyOption]
        let titleError: String?
        let partyError: String?
        let guidanceError: String?
    }

    struct Model {
        let heading: String
        let byline: String
        let note: String
        let isCurrent: Bool
        let currentHref: String
        let steps: [StepModel]
        let guide: IncidentPage.GuideLink?
        let versions: [VersionModel]
        let mayKeep: Bool
        let rows: [RowModel]
        let rowCount: String
        let guideSlug: String
        let change: String
        let basedOn: String
        let notice: String?
        let errors: FormErrors
    }

    static let path = "/incidenten/stappenplan"
    /// Empty rows offered after the steps, to add new ones.
    static let emptyRows = 3

    func register(on router: Router<AppContext>) {
        router.get("incidenten/stappenplan", use: show)
        router.post("incidenten/stappenplan", use: publish)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var v = Validator()
        let version = Query(request: request).text("versie").map { text in
            let number = Int(text)
            v.check(number.map { $0 > 0 } ?? false, "versie", "invalid_version")
            return number ?? 0
        }
        guard v.errors.isEmpty else { throw DomainError.notFound }
        return try await render(version: version, typed: nil, basedOn: nil, errors: [], request: request, context: context)
    }

    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await request.form(context)
        let count = min(form.value("rijen").flatMap(Int.init) ?? 0, HandlingTemplate.maximumSteps + Self.emptyRows)
        let rows = (0..<max(count, 0)).map { index in
            let field = { (name: String) in form.value(HandlingTemplateDraft.field(index + 1, name)) ?? "" }
            return HandlingTemplateDraft.Row(code: field("code"), title: field("titel"), party: field("partij"), guidance: field("toelichting"))
        }
        let draft = HandlingTemplateDraft(rows: rows, guide: form.value("handreiking") ?? "", note: form.value("wijziging") ?? "")
        let basedOn = form.value("versie").flatMap(Int.init) ?? 0
        return try await VersionedSave.save(staleCode: "handling_template_changed", {
            _ = try await service.publishTemplate(draft, basedOn: basedOn, actor: context.actor)
            return .redirect(to: "\(Self.path)?gedaan=vastgesteld", type: .normal)
        }, form: { errors, status in
            try await render(version: nil, typed: draft, basedOn: status == .conflict ? nil : basedOn, errors: errors, request: request, context: context,
                             status: status)
        })
    }

    private func render(version: Int?, typed: HandlingTemplateDraft?, basedOn: Int?, errors: [FieldError], request: Request, context: AppContext,
                        status: HTTPResponse.Status? = nil) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let view = try await service.template(version: version, actor: context.actor)
        let template = view.template
        let isCurrent = template.version == view.versions.first?.version
        let who = { (id: UUID?) in id.flatMap { view.names[$0] } ?? t.text("incident_template_system") }
        let rows = typed?.rows ?? template.steps.map { HandlingTemplateDraft.Row(code: $0.code, title: $0.title, party: $0.party.rawValue, guidance: $0.guidance) }
        let shownRows = rows + Array(repeating: HandlingTemplateDraft.Row(), count: max(0, min(Self.emptyRows, HandlingTemplate.maximumSteps + Self.emptyRows - rows.count)))
        let problems = FormErrors.rows(errors, prefix: "stap", row: "incident_template_row_problem", t)
        let model = Model(
            heading: t.text("incident_template_version", ["version": NumberText.format(template.version, t.language)]),
            byline: t.text("incident_template_byline", ["day": t.date(template.createdAt), "name": who(template.createdBy)]), note: template.note,
            isCurrent: isCurrent, currentHref: Self.path,
            steps: template.steps.enumerated().map { offset, step in
                StepModel(number: NumberText.format(offset + 1, t.language), title: step.title, party: t.text("incident_party_\(step.party.rawValue)"),
                          guidance: step.guidance)
            },
            guide: view.guide.map { IncidentPage.GuideLink(title: $0.title, href: "/aanbod/\($0.slug.rawValue)") },
            versions: view.versions.map { other in
                VersionModel(label: t.text("incident_template_version_line", ["version": NumberText.format(other.version, t.language), "day": t.date(other.createdAt),
                                                                               "name": who(other.createdBy)]),
                             href: "\(Self.path)?versie=\(other.version)", note: other.note, current: other.version == template.version)
            },
            mayKeep: view.mayKeep && isCurrent,
            rows: shownRows.enumerated().map { offset, row in
                let index = offset + 1
                let key = { (name: String) in HandlingTemplateDraft.field(index, name) }
                return RowModel(index: String(index), code: row.code, title: row.title, guidance: row.guidance,
                                parties: [PartyOption(value: "", label: t.text("incident_party_choose"), selected: row.party.isEmpty)]
                                    + IncidentParty.allCases.map { PartyOption(value: $0.rawValue, label: t.text("incident_party_\($0.rawValue)"), selected: $0.rawValue == row.party) },
                                titleError: problems.at[key("titel")], partyError: problems.at[key("partij")], guidanceError: problems.at[key("toelichting")])
            },
            rowCount: String(shownRows.count),
            guideSlug: typed?.guide ?? template.guide?.rawValue ?? "", change: typed?.note ?? "",
            basedOn: String(basedOn ?? view.versions.first?.version ?? 0),
            notice: Query(request: request).text("gedaan") == "vastgesteld" ? t.text("incident_template_done") : nil, errors: problems)
        return try renderer.render("incident-template", page: model, title: t.text("incident_template_title"), request: request, context: context,
                                   status: status ?? (errors.isEmpty ? .ok : .badRequest))
    }
}
