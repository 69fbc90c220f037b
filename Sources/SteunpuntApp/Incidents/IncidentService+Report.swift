import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The annual report of incidents (issue 21, part 7), with the tables an anti-discrimination
/// service gives a municipality: by kind, ground, nature, setting, handling (status) and
/// the steps done, and by month. A municipality's officials read their own municipality's,
/// with its incidents of the year listed; the NCTV's analysts and the expertise unit read
/// the national one, small groups hidden as in the national figures. Nobody reads another
/// municipality's.
extension IncidentService {
    package struct ReportView: Sendable {
        package let figures: IncidentFigures
        /// The municipality reported on; nil for the national report.
        package let municipality: Municipality?
        /// The municipality's incidents of the year, the latest first (its own report only).
        package let incidents: [Incident]
        /// Each listed incident's steps settled, of how many.
        package let progress: [UUID: (settled: Int, total: Int)]
        /// The steps' titles by code, from the versions of the template.
        package let stepTitles: [String: String]
        package let years: [Int]
    }

    package func report(year: Int?, actor: Actor) async throws -> ReportView {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        let own: MunicipalityCode?
        if case .own(let code) = IncidentPolicy.reach(user) { own = code }
        else if IncidentPolicy.mayReadFigures(user) { own = nil }
        else { throw DomainError.forbidden }
        let thisYear = DutchCalendar().calendar.component(.year, from: dependencies.now())
        let chosen = year ?? thisYear
        let tally = try await incidents.tally(year: chosen, municipality: own, report: true)
        let versions = try await steps.versions()
        var titles: [String: String] = [:]
        for version in versions.reversed() { for step in version.steps { titles[step.code] = step.title } }
        let places = Dictionary(try await municipalities.all().map { ($0.code.rawValue, ($0.province, $0.populationClass)) }, uniquingKeysWith: { first, _ in first })
        // The municipality reads its own incidents: nothing of it is hidden from it.
        let figures = IncidentFigures(tally, municipalities: places, disclosure: own == nil ? .aggregates : .open, dimensions: IncidentDimension.report,
                                      stepCodes: versions.first?.steps.map(\.code) ?? [])
        var listed: [Incident] = []
        var municipality: Municipality?
        if let own {
            municipality = try await municipalities.get(own)
            listed = try await incidents.list(.own(own), filter: IncidentStore.Filter(year: chosen), page: PageRequest(number: 1, size: 500)).items
        }
        let progress = try await steps.progress(of: listed.map(\.id))
        let range = try await incidents.years()
        return ReportView(figures: figures, municipality: municipality, incidents: listed, progress: progress, stepTitles: titles,
                          years: Set((range.map { Array($0) } ?? []) + [chosen, thisYear]).sorted(by: >))
    }
}
