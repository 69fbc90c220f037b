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
    struct PointRow { let label: String; let counts: [StatusCount]; let share: String }
    struct Cell { let text: String; let heat: String }
    struct GroupRow { let label: String; let size: String; let cells: [Cell]; let hidden: Bool }
    struct StatusCell { let letter: String; let label: String; let code: String }
    struct MatrixRow { let name: String; let href: String; let province: String; let cells: [StatusCell]; let done: String }
    struct Heading { let number: String; let title: String }
    struct SortLink { let label: String; let href: String; let current: Bool }

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
        let perProvince: [GroupRow]
        let perClass: [GroupRow]
        let notStarted: [OptionModel]
        let notStartedLine: String
        let hasNotStarted: Bool
        let matrix: [MatrixRow]
        let hasMatrix: Bool
        let pagination: PaginationModel?
        let legend: [StatusCell]
    }

    func register(on router: Router<AppContext>) {
        router.get("tienpuntenplan/overzicht", use: show)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard let found = try await progress.overview(by: user) else { throw DomainError.forbidden }
        let t = renderer.catalogue(context.language)
        let (overview, disclosure, named) = found
        let query = Query(request: request)
        var v = Validator()
        var filter = PlanOverview.Filter()
        if let text = query.text("provincie") {
            filter.province = Province.allCases.first { $0.slug == text }
            v.check(filter.province != nil, "provincie", "invalid_province")
        }
        if let text = query.text("inwonerklasse") {
            filter.populationClass = PopulationClass(rawValue: text)
            v.check(filter.populationClass != nil, "inwonerklasse", "invalid_choice")
        }
        var sort = PlanOverview.Sort.name
        if named {
            filter.priorityOnly = query.text("prioriteit") == "ja"
            if let text = query.text("status") { filter.status = v.choice(text, "status", "invalid_progress_status", ProgressStatus.init(rawValue:)) }
            if let text = query.text("punt") {
                filter.point = text
                v.check(overview.plan.point(text) != nil, "punt", "unknown_point")
            }
            if let text = query.text("sorteer") { sort = v.choice(text, "sorteer", "invalid_choice", PlanOverview.Sort.init(rawValue:)) ?? .name }
        }
        let pageRequest = query.page(into: &v)
        try v.finish()

        let own = disclosure.ownUnit
        let rows = overview.rows(filter, sort: sort)
        let all = overview.group(t.text("plan_overview_all"), rows, own: own)
        let allShown = disclosure.mayShow(count: all.municipalities, includesOwn: all.includesOwn)
        let points = overview.plan.points
        func percent(_ part: Int, _ whole: Int) -> String { whole == 0 ? "–" : NumberText.percent(Double(part) / Double(whole), t.language) }
        func heat(_ part: Int, _ whole: Int) -> String { whole == 0 ? "geen" : String(min(4, Int(Double(part) / Double(whole) * 5))) }
        func groupRows(_ groups: [PlanOverview.Group]) -> [GroupRow] {
            let shown = PlanOverview.shown(groups, disclosure: disclosure)
            return zip(groups, shown).filter { $0.0.municipalities > 0 }.map { group, visible in
                GroupRow(label: group.label, size: NumberText.format(group.municipalities, t.language),
                         cells: points.map { point in
                             visible ? Cell(text: percent(group.done(point.key), group.municipalities), heat: heat(group.done(point.key), group.municipalities))
                                     : Cell(text: "–", heat: "verborgen")
                         }, hidden: !visible)
            }
        }
        let perPoint = points.map { point in
            PointRow(label: "\(NumberText.format(point.number, t.language)). \(point.title)",
                     counts: ProgressStatus.allCases.map { StatusCount(value: allShown ? NumberText.format(all.counts[point.key]?[$0] ?? 0, t.language) : "–") },
                     share: allShown ? percent(all.done(point.key), all.municipalities) : "–")
        }
        let provinceGroups = overview.byProvince(rows, own: own)
        let classGroups = overview.byPopulationClass(rows, own: own) { t.text("population_class_\($0.rawValue)") }
        let notStarted = rows.filter(\.hasNotStarted)
        // Shown only over a group that may be shown: even zero not started in a group of one
        // says that one municipality started.
        let notStartedCount = allShown ? disclosure.count(notStarted.count, includesOwn: notStarted.contains { $0.municipality.code.rawValue == own }) : nil
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
            perProvince: groupRows(provinceGroups), perClass: groupRows(classGroups),
            notStarted: named ? notStarted.map { OptionModel(value: "/tienpuntenplan/\($0.municipality.code.rawValue)", label: $0.municipality.name, selected: false) } : [],
            notStartedLine: notStartedCount.map { t.text("plan_overview_not_started", ["count": NumberText.format($0, t.language)]) } ?? t.text("plan_overview_not_started_hidden"),
            hasNotStarted: named && !notStarted.isEmpty,
            matrix: page.items.map { row in
                MatrixRow(name: row.municipality.name, href: "/tienpuntenplan/\(row.municipality.code.rawValue)", province: row.municipality.province.rawValue,
                          cells: points.map { letters[(row.statuses[$0.key] ?? .notStarted).rawValue]! },
                          done: NumberText.format(row.done, t.language))
            },
            hasMatrix: !page.items.isEmpty, pagination: named ? PaginationModel(page, request: request, catalogue: t) : nil, legend: legend)
        return try renderer.render("plan-overview", page: model, title: t.text("plan_overview_title"), request: request, context: context)
    }
}
