import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// The action programme's measures in the demo, after the letter: 25, the expertise unit
/// (kept by its coordinator), with 25f, the research into trigger factors whose first
/// results came before the summer and whose publication is due in the toolbox; and a
/// measure the NCTV keeps for the support of the local approach (its number is the demo's:
/// the programme's own list was not found, so numbers are data). Each has a progress text
/// for the last quarter and this one; the last quarter is closed for the indicators, and
/// a few targets and a baseline are set. Added
/// only when there are no measures yet.
enum DemoProgramme {
    static func seed(_ database: Database, coordinator: User, analyst: User, editor: User, now: Date) async throws {
        let store = MeasureStore(database: database)
        guard try await store.all().isEmpty else { return }
        func day(_ daysFromNow: Int) -> String { String(AmsterdamTime.local(now.addingTimeInterval(Double(daysFromNow) * 86_400)).prefix(10)) }
        func at(_ daysAgo: Int) -> Date { now.addingTimeInterval(-Double(daysAgo) * 86_400) }
        func add(_ number: String, _ title: String, _ description: String, ministry: String, organisations: String, status: MeasureStatus, starts: Int,
                 milestones: [Milestone], owner: OrganisationID, by user: User, daysAgo: Int) async throws -> Measure {
            let valid = MeasureDraft.Valid(number: MeasureNumber(number)!, title: title, description: description, ministry: ministry,
                                           organisations: organisations, status: status, startsOn: day(starts), endsOn: "", milestones: milestones)
            return try await store.create(valid, owner: owner, id: UUID(), by: user.id, at: at(daysAgo))
        }
        let unit = try await add("25", "Expertise-unit Sociale Stabiliteit",
                                 "Een landelijk expertisepunt dat gemeenten en professionals ondersteunt bij het voorkomen van radicalisering en sociale spanningen: advies op maat, trainingen, handreikingen, leerkringen en toegang tot netwerken.",
                                 ministry: "Ministerie van Sociale Zaken en Werkgelegenheid", organisations: "SZW, NCTV, VNG", status: .running, starts: -300,
                                 milestones: [Milestone(title: "Expertise-unit operationeel", dueOn: day(-300), state: .reached, reachedOn: day(-300)),
                                              Milestone(title: "Quickscan uitgezet onder minstens 48 gemeenten", dueOn: day(-60), state: .reached, reachedOn: day(-75)),
                                              Milestone(title: "Eerste leerkring van start", dueOn: day(-45), state: .reached, reachedOn: day(-60)),
                                              Milestone(title: "Ondersteuning naar aanleiding van de quickscan aangeboden", dueOn: day(30))],
                                 owner: .expertiseUnit, by: coordinator, daysAgo: 300)
        let research = OfferingSlug.from(title: "Onderzoek naar triggerfactoren in radicaliseringsprocessen (maatregel 25f)")
        var known = false
        if let research { known = try await OfferingStore(database: database).get(research, reach: .unitOnly) != nil }
        _ = try await add("25f", "Onderzoek naar triggerfactoren",
                          "Onderzoek naar de factoren die een radicaliseringsproces in gang zetten of versnellen; de resultaten komen in de toolbox.",
                          ministry: "Ministerie van Sociale Zaken en Werkgelegenheid", organisations: "Expertise-unit, onderzoeksbureau", status: .running, starts: -240,
                          milestones: [Milestone(title: "Onderzoeksopzet vastgesteld", dueOn: day(-220), state: .reached, reachedOn: day(-225)),
                                       Milestone(title: "Eerste resultaten vóór de zomer", dueOn: day(-150), state: .reached, reachedOn: day(-155),
                                                 note: "Gepresenteerd aan de begeleidingscommissie."),
                                       Milestone(title: "Publicatie in de toolbox", dueOn: day(60), result: known ? research : nil)],
                          owner: .expertiseUnit, by: coordinator, daysAgo: 240)
        _ = try await add("24", "Landelijke ondersteuning van de lokale aanpak",
                          "De NCTV ondersteunt gemeenten bij de lokale aanpak met kennisbijeenkomsten per regio, het 10-puntenplan en een loket.",
                          ministry: "Ministerie van Justitie en Veiligheid (NCTV)", organisations: "NCTV, VNG", status: .running, starts: -320,
                          milestones: [Milestone(title: "10-puntenplan gedeeld met alle gemeenten", dueOn: day(-200), state: .reached, reachedOn: day(-210)),
                                       Milestone(title: "Regionale kennisbijeenkomsten in alle regio's", dueOn: day(-20))],
                          owner: .nctv, by: analyst, daysAgo: 320)
        let quarter = PlanQuarter(containing: now)
        try await store.saveProgress(unit.id, period: quarter.previous,
                                     text: "Een aantal gemeenten is geadviseerd; de quickscan is uitgezet en door bijna alle gemeenten ingevuld. De eerste leerkring is gestart.",
                                     by: coordinator.id, at: at(40))
        try await store.saveProgress(unit.id, period: quarter,
                                     text: "Naar aanleiding van de eerste resultaten van de quickscan biedt de unit gemeenten ondersteuning aan.",
                                     by: coordinator.id, at: at(2))
        // The analyst has closed the last quarter: its figures stay as they were (the quarters before are still open).
        let indicators = IndicatorStore(database: database)
        _ = try await indicators.close(quarter.previous, by: analyst.id, at: now)
        // The programme's aims: the quickscan among at least 48 municipalities (the letter), regional meetings this quarter.
        let aims = IndicatorTargetStore(database: database)
        try await aims.setBaseline(IndicatorBaseline(code: .quickscanCoverage, period: quarter.previous, setBy: analyst.id, setAt: now))
        for (code, value) in [(IndicatorCode.quickscanCoverage, 48.0), (.meetingsHeld, 4), (.quickscanResponse, 90)] {
            try await aims.setTarget(IndicatorTarget(code: code, period: .quarter(quarter), value: value, setBy: analyst.id, setAt: now))
        }
        try await aims.setTarget(IndicatorTarget(code: .municipalitiesAdvised, period: .year(quarter.year + 1), value: 100, setBy: analyst.id, setAt: now))
        try await publishSecondReport(database, period: quarter.previous, editor: editor, reviewer: analyst, now: now)
    }

    /// "De tweede voortgangsrapportage" (the letter, A2): the last quarter's report, written
    /// and handed in by the editor, published by the analyst, so its figures are those the
    /// demo's desk, quickscan and meetings hold.
    static func publishSecondReport(_ database: Database, period: PlanQuarter, editor: User, reviewer: User, now: Date) async throws {
        let dependencies = Dependencies(now: { now }, secret: { SecretToken.generate(prefix: $0) }, uuid: { UUID() })
        let indicators = IndicatorService(indicators: IndicatorStore(database: database), plans: PlanStore(database: database),
                                          targets: IndicatorTargetStore(database: database), dependencies: dependencies)
        let reports = ReportService(reports: ReportStore(database: database), measures: MeasureStore(database: database),
                                    organisations: OrganisationStore(database: database), indicators: indicators, dependencies: dependencies)
        let introduction = """
            Hierbij de tweede voortgangsrapportage over het actieprogramma integrale aanpak jihadisme. Gemeenten hebben de regie over de lokale aanpak; \
            het Rijk ondersteunt hen met de loketten, de expertise-unit, de quickscan, de toolbox, leerkringen en regionale bijeenkomsten.

            Een aantal gemeenten is inmiddels geadviseerd. De quickscan is uitgezet onder ruim 48 gemeenten; naar aanleiding van de eerste resultaten \
            biedt de expertise-unit ondersteuning aan. De cijfers in deze rapportage zijn berekend uit de gegevens van Steunpunt.
            """
        let editing = Actor(user: editor, origin: "demo"), reviewing = Actor(user: reviewer, origin: "demo")
        let report = try await reports.create(period: period.description,
                                              ProgressReportDraft(title: "Tweede voortgangsrapportage actieprogramma integrale aanpak jihadisme",
                                                                  introduction: introduction), actor: editing)
        let handedIn = try await reports.submit(period.description, version: report.version, actor: editing)
        _ = try await reports.publish(period.description, version: handedIn.version, actor: reviewing)
    }
}
