import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/tienpuntenplan/overzicht`: where the country stands with the 10-point plan (part 7).
/// For everyone who reads the plan's figures: per point how many municipalities stand at
/// each status, and the share in place or sustained per province and per population class
/// (a table with a heat colour per cell, the figures in the cells); a group under five
/// other municipalities is hidden for readers who may not see the named rows. The unit
/// also filters on the priority flag, a status on a point and sorts, and reads every
/// municipality against every point (50 a page) and the ones that have not started.
struct PlanOverviewPage {
    let renderer: PageRenderer
    let progress: ProgressService

    static let pageSize = 50

    struct StatusCount { let value: String }
    /// `change`: the difference with the end of the previous quarter kept, in percentage points (nil: none kept).
    struct PointRow { let label: String; let counts: [StatusCount]; let share: String; let change: String? }
    struct Cell { let text: String; let heat: String }
    struct GroupRow { let label: String; let size: String; let cells: [Cell]; let hidden: Bool }
    struct StatusCell { let letter: String; let label: String; let code: String }
    struct MatrixRow { let name: String; let href: String; let province: String; let cells: [StatusCell]; let done: String }
    struct Heading { let number: String; let title: String }
    struct SortLink { let label: String; let href: String; let current: Bool }
    /// A province on the map, with its share over all points (the map's table).
    struct MapRow { let province: String; let share: String }

    struct Model {
        let named: Bool
        let summary: String
        let provinces: [OptionModel]
        let classes: [OptionModel]
        let statuses: [OptionModel]
        let points: [OptionModel]
        let sorts: [OptionModel]
        let priorityOnly: Bool
        let isFiltered: Bool
        let statusHeadings: [String]
        let pointHeadings: [Heading]
        let perPoint: [PointRow]
        let perPointHidden: Bool
        /// "Verschil met 30 sep. 2026" when a quarter is kept.
        let changeHeading: String?
        let changeHint: String
        let perProvince: [GroupRow]
        /// The per-province table drawn as a heat matrix (SVG), and the provinces as a tile map with its table.
        let matrixPicture: String?
        let mapPicture: String?
        let mapRows: [MapRow]
        let perClass: [GroupRow]
        let notStarted: [OptionModel]
        let notStartedLine: String
        let hasNotStarted: Bool
        let matrix: [MatrixRow]
        let hasMatrix: Bool
        let pagination: PaginationModel?
        let legend: [StatusCell]
        let csvHref: String
    }

    /// The query part of `link` (from its `?`), or nothing.
    static func query(of link: String) -> String {
        link.firstIndex(of: "?").map { String(link[$0...]) } ?? ""
    }

    func register(on router: Router<AppContext>) {
        router.get("tienpuntenplan/overzicht", use: show)
        router.get("tienpuntenplan/overzicht.csv", use: download)
    }

    /// The overview for Dutch Excel, with the page's filters: for the unit every
    /// municipality against every point; for others the counts per point (left empty where
    /// the page shows a dash).
    @Sendable func download(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard let found = try await progress.overview(by: user) else { throw DomainError.forbidden }
        let (filter, sort, _) = try PlanOverviewQuery.read(Query(request: request), plan: found.overview.plan, named: found.named, strict: false)
        return Self.csv(found.overview, figures: found.overview.figures(filter, sort: sort, disclosure: found.disclosure), named: found.named,
                        day: DateText.day(progress.dependencies.now()))
    }

    /// The overview's CSV (the page's download and the API's `Accept: text/csv`).
    static func csv(_ overview: PlanOverview, figures: PlanOverview.Figures, named: Bool, day: String) -> Response {
        let points = overview.plan.points
        if named {
            let header = ["gemeente", "naam", "provincie", "prioriteit"] + points.map { "\($0.number). \($0.title)" } + ["gereed"]
            let rows = figures.rows.map { row in
                [row.municipality.code.rawValue, row.municipality.name, row.municipality.province.rawValue, row.municipality.isPriority ? "ja" : "nee"]
                    + points.map { (row.statuses[$0.key] ?? .notStarted).dutchName } + [String(row.done)]
            }
            return CSVExport.response(CSVExport.document(header: header, rows: rows), filename: "tienpuntenplan-overzicht-\(day).csv")
        }
        let header = ["punt"] + ProgressStatus.allCases.map(\.dutchName)
        let rows = points.map { point in
            ["\(point.number). \(point.title)"] + ProgressStatus.allCases.map { figures.allShown ? String(figures.all.counts[point.key]?[$0] ?? 0) : "" }
        }
        return CSVExport.response(CSVExport.document(header: header, rows: rows), filename: "tienpuntenplan-cijfers-\(day).csv")
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard let found = try await progress.overview(by: user) else { throw DomainError.forbidden }
        let t = renderer.catalogue(context.language)
        let (overview, disclosure, named) = (found.overview, found.disclosure, found.named)
        let query = Query(request: request)
        let (filter, sort, pageRequest) = try PlanOverviewQuery.read(query, plan: overview.plan, named: named, strict: false)

        let figures = overview.figures(filter, sort: sort, disclosure: disclosure, allLabel: t.text("plan_overview_all")) {
            t.text("population_class_\($0.rawValue)")
        }
        let (all, allShown, rows) = (figures.all, figures.allShown, figures.rows)
        let points = overview.plan.points
        func percent(_ part: Int, _ whole: Int) -> String { whole == 0 ? "–" : NumberText.percent(Double(part) / Double(whole), t.language) }
        func heat(_ part: Int, _ whole: Int) -> String { whole == 0 ? "geen" : String(min(4, Int(Double(part) / Double(whole) * 5))) }
        func groupRows(_ groups: [PlanOverview.Group], _ shown: [Bool]) -> [GroupRow] {
            zip(groups, shown).filter { $0.0.municipalities > 0 }.map { group, visible in
                GroupRow(label: group.label, size: NumberText.format(group.municipalities, t.language),
                         cells: points.map { point in
                             visible ? Cell(text: percent(group.done(point.key), group.municipalities), heat: heat(group.done(point.key), group.municipalities))
                                     : Cell(text: "–", heat: "verborgen")
                         }, hidden: !visible)
            }
        }
        // The same figures over the statuses at the end of the latest quarter kept, with the same filter and disclosure.
        let previous = found.previous.map { ($0.quarter, $0.overview.figures(filter, sort: sort, disclosure: disclosure)) }
        func change(_ key: String) -> String? {
            guard let (_, then) = previous else { return nil }
            guard allShown, then.allShown, all.municipalities > 0, then.all.municipalities > 0 else { return "–" }
            let difference = Double(all.done(key)) / Double(all.municipalities) - Double(then.all.done(key)) / Double(then.all.municipalities)
            return NumberText.percentagePoints(difference, t)
        }
        let perPoint = points.map { point in
            PointRow(label: "\(NumberText.format(point.number, t.language)). \(point.title)",
                     counts: ProgressStatus.allCases.map { StatusCount(value: allShown ? NumberText.format(all.counts[point.key]?[$0] ?? 0, t.language) : "–") },
                     share: allShown ? percent(all.done(point.key), all.municipalities) : "–", change: change(point.key))
        }
        let previousDay = previous.map { t.date($0.0.lastDay()) }
        let (matrixPicture, mapPicture, mapRows) = Self.pictures(figures, points: points, t)
        let notStarted = rows.filter(\.hasNotStarted)
        let page = Page(items: named ? Array(rows.dropFirst(pageRequest.offset).prefix(Self.pageSize)) : [], total: named ? rows.count : 0,
                        request: PageRequest(number: pageRequest.number, size: Self.pageSize))
        let legend = ProgressStatus.allCases.map { StatusCell(letter: t.text("plan_status_letter_\($0.rawValue)"), label: t.text("plan_status_\($0.rawValue)"), code: $0.rawValue) }
        let letters = Dictionary(uniqueKeysWithValues: legend.map { ($0.code, $0) })
        let model = Model(
            named: named,
            summary: allShown || all.municipalities == 0
                ? t.text("plan_overview_summary", ["count": NumberText.format(all.municipalities, t.language)]) : t.text("plan_overview_hidden"),
            provinces: Province.allCases.map { OptionModel(value: $0.slug, label: $0.rawValue, selected: $0 == filter.province) },
            classes: PopulationClass.allCases.map { OptionModel(value: $0.rawValue, label: t.text("population_class_\($0.rawValue)"), selected: $0 == filter.populationClass) },
            statuses: ProgressStatus.allCases.map { OptionModel(value: $0.rawValue, label: t.text("plan_status_\($0.rawValue)"), selected: $0 == filter.status) },
            points: points.map { OptionModel(value: $0.key, label: "\($0.number). \($0.title)", selected: $0.key == filter.point) },
            sorts: PlanOverview.Sort.allCases.map { OptionModel(value: $0.rawValue, label: t.text("plan_overview_sort_\($0.rawValue)"), selected: $0 == sort) },
            priorityOnly: filter.priorityOnly,
            isFiltered: filter != PlanOverview.Filter() || sort != .name,
            statusHeadings: ProgressStatus.allCases.map { t.text("plan_status_\($0.rawValue)") },
            pointHeadings: points.map { Heading(number: NumberText.format($0.number, t.language), title: $0.title) },
            perPoint: perPoint, perPointHidden: !allShown,
            changeHeading: previousDay.map { t.text("plan_overview_change_heading", ["day": $0]) },
            changeHint: previousDay.map { t.text("plan_overview_change_hint", ["day": $0]) } ?? t.text("plan_overview_no_previous"),
            perProvince: groupRows(figures.provinces, figures.provincesShown),
            matrixPicture: matrixPicture, mapPicture: mapPicture, mapRows: mapRows,
            perClass: groupRows(figures.classes, figures.classesShown),
            notStarted: named ? notStarted.map { OptionModel(value: "/tienpuntenplan/\($0.municipality.code.rawValue)", label: $0.municipality.name, selected: false) } : [],
            notStartedLine: figures.notStarted.map { t.text("plan_overview_not_started", ["count": NumberText.format($0, t.language)]) } ?? t.text("plan_overview_not_started_hidden"),
            hasNotStarted: named && !notStarted.isEmpty,
            matrix: page.items.map { row in
                MatrixRow(name: row.municipality.name, href: "/tienpuntenplan/\(row.municipality.code.rawValue)", province: row.municipality.province.rawValue,
                          cells: points.map { letters[(row.statuses[$0.key] ?? .notStarted).rawValue]! },
                          done: NumberText.format(row.done, t.language))
            },
            hasMatrix: !page.items.isEmpty, pagination: named ? PaginationModel(page, request: request, catalogue: t) : nil, legend: legend,
            csvHref: "/tienpuntenplan/overzicht.csv" + Self.query(of: Query.link(request, dropping: ["pagina"], adding: [])))
        return try renderer.render("plan-overview", page: model, title: t.text("plan_overview_title"), request: request, context: context)
    }

    /// The pictures of the figures per province: a heat matrix of provinces against points
    /// (its table is the per-province table) and a tile map of each province's share over all
    /// points, with its own table. None when no province has municipalities in the choice.
    static func pictures(_ figures: PlanOverview.Figures, points: [PlanPoint], _ t: Catalogue) -> (String?, String?, [MapRow]) {
        let groups = zip(figures.provinces, figures.provincesShown).filter { $0.0.municipalities > 0 }
        guard !groups.isEmpty, !points.isEmpty else { return (nil, nil, []) }
        func share(_ done: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(done) / Double(whole) }
        let matrix = HeatMatrix(
            id: "heat", title: t.text("plan_overview_matrix_title"), description: t.text("plan_overview_matrix_description"),
            columns: points.map { NumberText.format($0.number, t.language) },
            rows: groups.map { group, shown in
                HeatMatrix.Row(label: group.label, cells: points.map { point in
                    let value = share(group.done(point.key), group.municipalities)
                    return shown ? (value, NumberText.percent(value, t.language)) : (nil, "–")
                })
            })
        let overall = groups.map { group, shown -> (PlanOverview.Group, Double?) in
            (group, shown ? share(points.map { group.done($0.key) }.reduce(0, +), group.municipalities * points.count) : nil)
        }
        let map = ProvinceTileMap(
            id: "kaart", title: t.text("plan_overview_map_title"), description: t.text("plan_overview_map_description"),
            tiles: overall.compactMap { group, value in
                Province.allCases.first { $0.rawValue == group.label }.map {
                    ProvinceTileMap.Tile(province: $0, share: value, text: value.map { NumberText.percent($0, t.language) } ?? "–")
                }
            })
        let rows = overall.map { MapRow(province: $0.0.label, share: $0.1.map { NumberText.percent($0, t.language) } ?? "–") }
        return (matrix.svg, map.svg, rows)
    }
}
