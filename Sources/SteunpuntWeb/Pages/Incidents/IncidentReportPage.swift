import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/incidenten/jaarverslag`: the annual report of incidents (issue 21, part 7), the tables
/// an anti-discrimination service gives a municipality: by kind, ground, nature, setting,
/// handling and steps done, and by month. A municipality's officials see their own
/// municipality's, with the year's incidents listed; the NCTV's analysts and the expertise
/// unit the national one, small groups hidden. `/incidenten/jaarverslag.csv` downloads the
/// tables for Dutch Excel (the API's `Accept: text/csv` gives the same file).
struct IncidentReportPage {
    let renderer: PageRenderer
    let service: IncidentService

    struct IncidentRow { let href: String; let number: String; let day: String; let kind: String; let status: String; let steps: String }

    struct Model {
        let heading: String
        let intro: String
        let years: [OptionModel]
        let summary: String
        let tables: [IncidentFiguresPage.Table]
        let hasHidden: Bool
        let csvHref: String
        let incidents: [IncidentRow]
        let isOwn: Bool
        let hasIncidents: Bool
    }

    func register(on router: Router<AppContext>) {
        router.get("incidenten/jaarverslag", use: show)
        router.get("incidenten/jaarverslag.csv", use: download)
    }

    static func year(_ request: Request) -> Int? {
        // A page shows this year for a year it cannot show.
        var ignored = Validator()
        return Query(request: request).incidentYear(into: &ignored)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let view = try await service.report(year: Self.year(request), actor: context.actor)
        let figures = view.figures
        let place = view.municipality?.name ?? t.text("incident_report_national")
        let tables = IncidentFiguresPage.tables(figures, t, stepTitles: view.stepTitles)
        let summary: String = if let total = figures.total {
            t.text(view.municipality == nil ? "incident_report_summary_national" : "incident_report_summary_own",
                   ["year": String(figures.year), "incidents": NumberText.format(total, t.language), "place": place,
                    "municipalities": figures.municipalities.map { NumberText.format($0, t.language) } ?? "–"])
        } else {
            t.text("incident_figures_summary_hidden", ["year": String(figures.year)])
        }
        let model = Model(
            heading: t.text("incident_report_heading", ["year": String(figures.year), "place": place]),
            intro: t.text(view.municipality == nil ? "incident_report_intro_national" : "incident_report_intro_own"),
            years: view.years.map { OptionModel(value: String($0), label: String($0), selected: $0 == figures.year) }, summary: summary,
            tables: tables, hasHidden: tables.contains(where: \.hasHidden), csvHref: "/incidenten/jaarverslag.csv?jaar=\(figures.year)",
            incidents: view.incidents.map { incident in
                IncidentRow(href: "/incidenten/\(incident.id.lowercasedText)", number: incident.number, day: IncidentsPage.day(incident, t),
                            kind: t.text("incident_kind_\(incident.kind.rawValue)"), status: t.text("incident_status_\(incident.status.rawValue)"),
                            steps: view.progress[incident.id].map { t.text("incident_report_steps_of", ["settled": NumberText.format($0.settled, t.language),
                                                                                                         "total": NumberText.format($0.total, t.language)]) } ?? "")
            },
            isOwn: view.municipality != nil, hasIncidents: !view.incidents.isEmpty)
        return try renderer.render("incident-report", page: model, title: model.heading, request: request, context: context)
    }

    @Sendable func download(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        return Self.csv(try await service.report(year: Self.year(request), actor: context.actor), renderer.catalogue(.dutch))
    }

    /// The tables as one sheet for Dutch Excel: table, part, count ("niet getoond" when hidden).
    static func csv(_ view: IncidentService.ReportView, _ t: Catalogue) -> Response {
        var rows: [[String]] = []
        for breakdown in view.figures.breakdowns {
            let table = t.text("incident_figures_by_\(breakdown.dimension.rawValue)")
            for cell in breakdown.cells {
                rows.append([table, IncidentFiguresPage.label(breakdown.dimension, cell.key, t, stepTitles: view.stepTitles),
                             cell.incidents.map(String.init) ?? t.text("incident_report_hidden")])
            }
        }
        let scope = view.municipality?.code.rawValue ?? "landelijk"
        return CSVExport.response(CSVExport.document(header: [t.text("incident_report_table"), t.text("incident_figures_part"), t.text("incident_figures_count")],
                                                     rows: rows),
                                  filename: "incidenten-jaarverslag-\(view.figures.year)-\(scope).csv")
    }
}
