import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `GET /api/v1/incident-kengetallen`: the national figures of incidents (issue 21, part 6)
/// for the NCTV's analysts and the expertise unit, as the page shows them: a year (`jaar`,
/// this year when left out), of one kind when `soort` is given; a figure resting on fewer
/// than five municipalities is left out, with `verborgen: true`.
struct IncidentFiguresAPI {
    let service: IncidentService

    struct CellDTO: Encodable, Sendable {
        let sleutel: String
        let aantal: Int?
        let verborgen: Bool
    }

    struct BreakdownDTO: Encodable, Sendable {
        let dimensie: String
        let onderdelen: [CellDTO]
    }

    struct FiguresDTO: Encodable, Sendable {
        let jaar: Int
        let soort: String?
        let totaal: Int?
        let gemeenten: Int?
        let drempel: Int
        let uitsplitsingen: [BreakdownDTO]
        let jaren: [Int]
    }

    struct ReportDTO: Encodable, Sendable {
        let jaar: Int
        /// The municipality reported on; absent for the national report.
        let gemeente: String?
        let totaal: Int?
        let gemeenten: Int?
        let drempel: Int
        let tabellen: [BreakdownDTO]
        /// The steps' titles by code.
        let stappen: [String: String]
        /// The municipality's incidents of the year (its own report only).
        let incidenten: [String]
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/incident-kengetallen", use: figures)
        routes.get("/incident-jaarverslag", use: report)
    }

    /// The annual report: a municipality's own (its officials), the national one (analysts,
    /// the unit); `Accept: text/csv` gives the page's file for Dutch Excel.
    @Sendable func report(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        var v = Validator()
        let year = Query(request: request).incidentYear(into: &v)
        try v.finish()
        let view = try await service.report(year: year, actor: context.actor)
        if CSVExport.isAsked(request) { return IncidentReportPage.csv(view, .shippedDutch) }
        let figures = view.figures
        return try JSONResponse.make(ReportDTO(
            jaar: figures.year, gemeente: view.municipality?.code.rawValue, totaal: figures.total, gemeenten: figures.municipalities, drempel: Disclosure.threshold,
            tabellen: figures.breakdowns.map { breakdown in
                BreakdownDTO(dimensie: breakdown.dimension.rawValue,
                             onderdelen: breakdown.cells.map { CellDTO(sleutel: $0.key, aantal: $0.incidents, verborgen: $0.incidents == nil) })
            }, stappen: view.stepTitles, incidenten: view.incidents.map { "\(APIRoutes.base)/incidenten/\($0.id.lowercasedText)" }))
    }

    @Sendable func figures(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        var v = Validator()
        let query = Query(request: request)
        let year = query.incidentYear(into: &v), kindText = query.text("soort")
        let kind = kindText.flatMap(IncidentKind.init(rawValue:))
        if kindText != nil && kind == nil { v.add("soort", "invalid_incident_kind") }
        try v.finish()
        let view = try await service.figures(year: year, kind: kind, actor: context.actor)
        let figures = view.figures
        return try JSONResponse.make(FiguresDTO(
            jaar: figures.year, soort: figures.kind?.rawValue, totaal: figures.total, gemeenten: figures.municipalities, drempel: Disclosure.threshold,
            uitsplitsingen: figures.breakdowns.map { breakdown in
                BreakdownDTO(dimensie: breakdown.dimension.rawValue,
                             onderdelen: breakdown.cells.map { CellDTO(sleutel: $0.key, aantal: $0.incidents, verborgen: $0.incidents == nil) })
            }, jaren: view.years))
    }
}
