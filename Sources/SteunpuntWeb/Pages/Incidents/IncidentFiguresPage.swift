import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/incidenten/kengetallen`: the national picture of incidents for the NCTV's analysts and
/// the expertise unit (issue 21, part 6): a year's incidents (of one kind, when chosen) by
/// month as a chart with its table, and by kind, ground, nature, province and population
/// class; a figure resting on fewer than five municipalities shows as "–" with a note.
/// Never an incident, a municipality's name or a map of places.
struct IncidentFiguresPage {
    let renderer: PageRenderer
    let service: IncidentService

    static let path = "/incidenten/kengetallen"

    struct Row { let label: String; let value: String; let hidden: Bool }
    struct Table { let id: String; let caption: String; let rows: [Row]; let hasHidden: Bool }

    struct Model {
        let years: [OptionModel]
        let kinds: [OptionModel]
        let summary: String
        let chart: String
        let tables: [Table]
        let monthTable: Table
        let hasHidden: Bool
        let mayList: Bool
    }

    func register(on router: Router<AppContext>) {
        router.get("incidenten/kengetallen", use: show)
    }

    /// A part's name as pages and files show it.
    static func label(_ dimension: IncidentDimension, _ key: String, _ t: Catalogue, stepTitles: [String: String] = [:]) -> String {
        switch dimension {
        case .month: DateText.monthAbbreviation(Int(key.suffix(2)) ?? 0, language: t.language.rawValue)
        case .kind: t.text("incident_kind_\(key)")
        case .ground: t.text("incident_ground_\(key)")
        case .nature: key == IncidentTally.noNature ? t.text("incident_figures_no_nature") : t.text("incident_nature_\(key)")
        case .setting: key == IncidentTally.noNature ? t.text("incident_figures_no_nature") : t.text("incident_setting_\(key)")
        case .status: t.text("incident_status_\(key)")
        case .step: stepTitles[key] ?? key
        case .province: key
        case .populationClass: t.text("population_class_\(key)")
        }
    }

    /// Each breakdown as a table, a hidden count as "–".
    static func tables(_ figures: IncidentFigures, _ t: Catalogue, stepTitles: [String: String] = [:]) -> [Table] {
        figures.breakdowns.map { breakdown in
            Table(id: "tabel-\(breakdown.dimension.rawValue)", caption: t.text("incident_figures_by_\(breakdown.dimension.rawValue)"),
                  rows: breakdown.cells.map { cell in
                      Row(label: label(breakdown.dimension, cell.key, t, stepTitles: stepTitles), value: cell.incidents.map { NumberText.format($0, t.language) } ?? "–",
                          hidden: cell.incidents == nil)
                  }, hasHidden: breakdown.hiddenCount > 0)
        }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let query = Query(request: request)
        // A year or kind that is not one is left out, as a filter does.
        let year = IncidentReportPage.year(request)
        let kind = query.text("soort").flatMap(IncidentKind.init(rawValue:))
        let view = try await service.figures(year: year, kind: kind, actor: context.actor)
        let figures = view.figures
        func label(_ dimension: IncidentDimension, _ key: String) -> String { Self.label(dimension, key, t) }
        let tables = Self.tables(figures, t)
        let months = figures.breakdown(.month)!
        let chart = BarChart(id: "trend", title: t.text("incident_figures_chart_title", ["year": String(figures.year)]),
                             description: t.text("incident_figures_chart_description"),
                             labels: months.cells.map { label(.month, $0.key) }, values: months.cells.map(\.incidents),
                             number: { NumberText.format($0, t.language) })
        let summary: String = if let total = figures.total, let municipalities = figures.municipalities {
            t.text("incident_figures_summary", ["year": String(figures.year), "incidents": NumberText.format(total, t.language),
                                                 "municipalities": NumberText.format(municipalities, t.language)])
        } else {
            t.text("incident_figures_summary_hidden", ["year": String(figures.year)])
        }
        let model = Model(
            years: view.years.map { OptionModel(value: String($0), label: String($0), selected: $0 == figures.year) },
            kinds: IncidentKind.allCases.map { OptionModel(value: $0.rawValue, label: t.text("incident_kind_\($0.rawValue)"), selected: $0 == kind) },
            summary: summary, chart: chart.svg, tables: Array(tables.dropFirst()), monthTable: tables[0],
            hasHidden: tables.contains(where: \.hasHidden) || figures.total == nil, mayList: IncidentPolicy.reach(context.session?.user) != nil)
        return try renderer.render("incident-figures", page: model, title: t.text("incident_figures_title"), request: request, context: context)
    }
}
