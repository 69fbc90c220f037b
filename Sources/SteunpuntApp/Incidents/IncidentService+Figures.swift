import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The national picture of incidents (issue 21, part 6): counts by month, kind, ground,
/// nature, province and population class for the NCTV's analysts and the expertise unit,
/// each resting on at least five municipalities or hidden; never an incident, never a
/// municipality's name.
extension IncidentService {
    package struct FiguresView: Sendable {
        package let figures: IncidentFigures
        /// The years with incidents, for choosing one (the year asked included).
        package let years: [Int]
    }

    package func figures(year: Int?, kind: IncidentKind?, actor: Actor) async throws -> FiguresView {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard IncidentPolicy.mayReadFigures(user) else { throw DomainError.forbidden }
        let thisYear = DutchCalendar().calendar.component(.year, from: dependencies.now())
        let chosen = year ?? thisYear
        let tally = try await incidents.tally(year: chosen, kind: kind)
        let places = Dictionary(try await municipalities.all().map { ($0.code.rawValue, ($0.province, $0.populationClass)) },
                                uniquingKeysWith: { first, _ in first })
        let range = try await incidents.years()
        let years = Set((range.map { Array($0) } ?? []) + [chosen, thisYear]).sorted(by: >)
        return FiguresView(figures: IncidentFigures(tally, municipalities: places, disclosure: .aggregates), years: years)
    }
}
