import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/hulpvraag-kengetallen`: the figures of a period (`van`, `tot`, whole days;
/// by default this calendar year), for the unit and analysts; small cells are left out
/// (`aantal` absent, `onderdrukt: true`) for analysts.
struct RequestFiguresAPI {
    let service: RequestService

    struct Count: Encodable, Sendable {
        let code: String
        let aantal: Int?
        let onderdrukt: Bool
    }

    struct FiguresDTO: Encodable, Sendable {
        let van: String
        let tot: String
        let ingediend: Int
        let afgesloten: Int
        let gemeentenGeadviseerd: Int?
        let scholenGeadviseerd: Int?
        let doorverwezenAandeel: Double
        let mediaanUrenTotEersteReactie: Double?
        let mediaanUrenTotAfsluiten: Double?
        let perKanaal: [Count]
        let perBehoefte: [Count]
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/hulpvraag-kengetallen", use: figures)
    }

    @Sendable func figures(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        // Refused before the query is read, as the use case would refuse it after.
        guard RequestPolicy.canSeeFigures(caller.user) else { throw DomainError.forbidden }
        let query = Query(request: request)
        var v = Validator()
        var (from, until) = RequestFiguresModel.year(of: service.dependencies.now())
        if let day = query.day("van", into: &v) { from = day.start() }
        if let day = query.day("tot", into: &v) { until = day.end() }
        if v.errors.isEmpty { v.check(from < until, "tot", "period_reversed") }
        try v.finish()
        let figures = try await service.figures(from: from, until: until, by: caller.user)
        func count(_ code: String, _ shown: Int?) -> Count { Count(code: code, aantal: shown, onderdrukt: shown == nil) }
        let last = until.addingTimeInterval(-1)
        return try JSONResponse.make(FiguresDTO(
            van: DateText.day(from), tot: DateText.day(last), ingediend: figures.filed, afgesloten: figures.closed,
            gemeentenGeadviseerd: figures.municipalitiesAdvised, scholenGeadviseerd: figures.schoolsAdvised,
            doorverwezenAandeel: figures.referralRate, mediaanUrenTotEersteReactie: figures.medianHoursToFirstResponse,
            mediaanUrenTotAfsluiten: figures.medianHoursToClose,
            perKanaal: figures.byChannel.keys.sorted { $0.rawValue < $1.rawValue }.map { count($0.rawValue, figures.byChannel[$0]!) },
            perBehoefte: figures.byNeed.keys.sorted { $0.rawValue < $1.rawValue }.map { count($0.rawValue, figures.byNeed[$0]!) }))
    }
}
