import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/tienpuntenplan/overzicht`: the national overview's figures for every reader of
/// the plan's figures (a figure over too few municipalities left out), and
/// `…/overzicht/gemeenten`, every municipality against every point, for the unit (paged).
/// The same query as the page (`PlanOverviewQuery`); the unit's filters from others are
/// refused (`filter_not_allowed`). With `Accept: text/csv` both give the page's CSV for
/// Dutch Excel (the matrix for the unit, the counts per point for others).
struct PlanOverviewAPI {
    let progress: ProgressService

    struct PointDTO: Encodable, Sendable {
        let punt: String
        let nummer: Int
        let aantallen: [String: Int]?
        let aandeelGereed: Double?
        /// The same share at the end of the previous quarter kept (`vorigKwartaal`).
        let aandeelGereedVorigKwartaal: Double?
    }

    struct GroupDTO: Encodable, Sendable {
        let groep: String
        let gemeenten: Int
        /// Per point key the share in place or sustained (0–1); left out when hidden.
        let aandeelGereed: [String: Double]?
    }

    struct FiguresDTO: Encodable, Sendable {
        let planversie: Int
        /// The latest quarter kept, `2026-K3`, that `aandeelGereedVorigKwartaal` describes.
        let vorigKwartaal: String?
        let gemeenten: Int?
        let nietGestart: Int?
        let perPunt: [PointDTO]
        let perProvincie: [GroupDTO]
        let perInwonerklasse: [GroupDTO]
    }

    struct RowDTO: Encodable, Sendable {
        let gemeente: String
        let naam: String
        let provincie: String
        let prioriteit: Bool
        let punten: [String: String]
        let gereed: Int
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/tienpuntenplan/overzicht", use: figures)
        routes.get("/tienpuntenplan/overzicht/gemeenten", use: rows)
    }

    private func read(_ request: Request, context: AppContext) async throws
        -> (found: (overview: PlanOverview, disclosure: Disclosure, named: Bool, previous: ProgressService.PreviousQuarter?), figures: PlanOverview.Figures,
            previous: PlanOverview.Figures?, page: PageRequest) {
        let caller = try context.requireCaller(.read)
        guard let found = try await progress.overview(by: caller.user) else { throw DomainError.forbidden }
        let (filter, sort, page) = try PlanOverviewQuery.read(Query(request: request), plan: found.overview.plan, named: found.named, strict: true)
        return (found, found.overview.figures(filter, sort: sort, disclosure: found.disclosure),
                found.previous?.overview.figures(filter, sort: sort, disclosure: found.disclosure), page)
    }

    /// The page's CSV for Dutch Excel, when the client asks for it (`Accept: text/csv`).
    private func csv(_ read: (found: (overview: PlanOverview, disclosure: Disclosure, named: Bool, previous: ProgressService.PreviousQuarter?),
                              figures: PlanOverview.Figures, previous: PlanOverview.Figures?, page: PageRequest)) -> Response {
        PlanOverviewPage.csv(read.found.overview, figures: read.figures, named: read.found.named, day: DateText.day(progress.dependencies.now()))
    }

    @Sendable func figures(_ request: Request, context: AppContext) async throws -> Response {
        let overview = try await read(request, context: context)
        if CSVExport.isAsked(request) { return csv(overview) }
        let (found, figures, previous, _) = overview
        let points = found.overview.plan.points
        func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : (Double(part) / Double(whole) * 1_000).rounded() / 1_000 }
        func groups(_ groups: [PlanOverview.Group], _ shown: [Bool], label: (PlanOverview.Group) -> String) -> [GroupDTO] {
            zip(groups, shown).map { group, visible in
                GroupDTO(groep: label(group), gemeenten: group.municipalities,
                         aandeelGereed: visible ? Dictionary(uniqueKeysWithValues: points.map { ($0.key, share(group.done($0.key), group.municipalities)) }) : nil)
            }
        }
        let all = figures.all
        let version = try await progress.plans.published()?.version ?? 0
        return try JSONResponse.make(FiguresDTO(
            planversie: version, vorigKwartaal: found.previous?.quarter.description, gemeenten: figures.allShown ? all.municipalities : nil, nietGestart: figures.notStarted,
            perPunt: points.map { point in
                PointDTO(punt: point.key, nummer: point.number,
                         aantallen: figures.allShown ? Dictionary(uniqueKeysWithValues: ProgressStatus.allCases.map { ($0.rawValue, all.counts[point.key]?[$0] ?? 0) }) : nil,
                         aandeelGereed: figures.allShown ? share(all.done(point.key), all.municipalities) : nil,
                         aandeelGereedVorigKwartaal: previous.flatMap { $0.allShown ? share($0.all.done(point.key), $0.all.municipalities) : nil })
            },
            perProvincie: groups(figures.provinces, figures.provincesShown) { $0.label },
            perInwonerklasse: groups(figures.classes, figures.classesShown) { $0.label }))
    }

    @Sendable func rows(_ request: Request, context: AppContext) async throws -> Response {
        let overview = try await read(request, context: context)
        let (found, figures, _, pageRequest) = overview
        guard found.named else { throw DomainError.forbidden }
        if CSVExport.isAsked(request) { return csv(overview) }
        let page = Page(items: Array(figures.rows.dropFirst(pageRequest.offset).prefix(pageRequest.size)), total: figures.rows.count, request: pageRequest)
        return try ListResponse(page: page, request: request, items: page.items.map { row in
            RowDTO(gemeente: row.municipality.code.rawValue, naam: row.municipality.name, provincie: row.municipality.province.rawValue,
                   prioriteit: row.municipality.isPriority, punten: row.statuses.mapValues(\.rawValue), gereed: row.done)
        }).response()
    }
}
