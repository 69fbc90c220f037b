import Foundation
import SQLKit
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: the programme's progress reports")
struct ReportUseCaseTests {
    static func service(_ database: Database, clock: TestClock) -> ReportService {
        let dependencies = PlanUseCaseTests.dependencies(clock)
        let indicators = IndicatorService(indicators: IndicatorStore(database: database), plans: PlanStore(database: database), targets: IndicatorTargetStore(database: database),
                                          dependencies: dependencies)
        return ReportService(reports: ReportStore(database: database), measures: MeasureStore(database: database), organisations: OrganisationStore(database: database),
                             indicators: indicators, dependencies: dependencies)
    }

    /// The SHA-256 of `data` as coreutils computes it: a check that does not share the code it checks.
    static func sha256sum(_ data: Data) throws -> String {
        let result = try ChildProcess.run("/usr/bin/sha256sum", [], input: data)
        return String(decoding: result.output, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    @Test("""
        an analyst starts the quarter's report (every problem at once, one per quarter), its sections composed from the measures, their progress and \\
        indicators; handed in it is locked, returned with a reason, handed in again; a second analyst publishes it once the quarter is closed; the \\
        published report is public, its SHA-256 that of its stored bytes, and it does not change when the records do
        """, arguments: TestEngine.available)
    func composeReviewPublish(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))  // 29 November 2026: 2026-K3 has ended
            let service = Self.service(database, clock: clock)
            let coordinator = try await MeetingUseCaseTests.user(database, "szw-ess", .unitCoordinator)
            let anouk = try await MeetingUseCaseTests.user(database, "nctv", .nationalAnalyst)
            let bram = try await MeetingUseCaseTests.user(database, "nctv", .nationalAnalyst)
            func actor(_ user: User?) -> Actor { Actor(user: user, origin: "192.0.2.3") }
            let measures = MeasureUseCaseTests.service(database, clock: clock)
            let unit = try await measures.create(MeasureUseCaseTests.unit, actor: actor(coordinator))
            _ = try await measures.writeProgress("25", MeasureProgressDraft(period: "2026-K3", text: "Een aantal gemeenten is geadviseerd."), actor: actor(coordinator))

            await #expect(throws: DomainError.invalid([FieldError(field: "periode", code: "period_in_future"), FieldError(field: "titel", code: "required"),
                                                       FieldError(field: "inleiding", code: "personal_identifier_bsn")])) {
                _ = try await service.create(period: "2027-K1", ProgressReportDraft(title: "", introduction: "Bel 111222333"), actor: actor(anouk))
            }
            await #expect(throws: DomainError.forbidden) {
                _ = try await service.create(period: "2026-K3", ProgressReportDraft(title: "Rapportage", introduction: "Inleiding"), actor: actor(coordinator))
            }
            let draft = ProgressReportDraft(title: "Tweede voortgangsrapportage", introduction: "Hierbij de voortgang van het actieprogramma.")
            _ = try await service.create(period: "2026-K3", draft, actor: actor(anouk))
            await #expect(throws: DomainError.conflict("report_exists")) { _ = try await service.create(period: "2026-K3", draft, actor: actor(bram)) }

            var view = try await service.read("2026-K3", actor: actor(coordinator))
            let section = try #require(view.snapshot.sections.first { $0.number == "25" })
            #expect(section.progress == "Een aantal gemeenten is geadviseerd." && section.milestonesReached == 1 && section.owner.contains("xpertise"))
            #expect(section.figures.map(\.code).contains("gemeenten-geadviseerd") && view.snapshot.annex.map(\.number) == ["25"])
            #expect(!view.mayEdit && !view.mayPublish, "the unit reads the draft, and writes its part on the measure")
            await #expect(throws: DomainError.notFound) { _ = try await service.read("2026-K3", actor: actor(nil)) }

            _ = try await service.update("2026-K3", ProgressReportDraft(title: "Tweede voortgangsrapportage 2026", introduction: draft.introduction), version: 1,
                                         actor: actor(anouk))
            await #expect(throws: DomainError.conflict("report_changed")) {
                _ = try await service.update("2026-K3", ProgressReportDraft(title: "Oud", introduction: "Oud"), version: 1, actor: actor(bram))
            }
            _ = try await service.submit("2026-K3", version: 2, actor: actor(anouk))
            await #expect(throws: DomainError.conflict("report_not_draft")) {
                _ = try await service.update("2026-K3", ProgressReportDraft(title: "Anders", introduction: "Anders"), version: 3, actor: actor(anouk))
            }
            await #expect(throws: DomainError.invalid([FieldError(field: "reden", code: "required")])) {
                _ = try await service.returnToDraft("2026-K3", reason: " ", version: 3, actor: actor(bram))
            }
            let returned = try await service.returnToDraft("2026-K3", reason: "Graag de cijfers van de quickscan toelichten.", version: 3, actor: actor(bram))
            #expect(returned.status == .draft && returned.returnReason.contains("quickscan"))
            _ = try await service.submit("2026-K3", version: 4, actor: actor(anouk))
            view = try await service.read("2026-K3", actor: actor(anouk))
            #expect(!view.mayPublish && view.mayReturn, "four eyes: who handed it in does not publish it")
            await #expect(throws: DomainError.conflict("report_same_reviewer")) { _ = try await service.publish("2026-K3", version: 5, actor: actor(anouk)) }
            await #expect(throws: DomainError.conflict("report_period_open")) { _ = try await service.publish("2026-K3", version: 5, actor: actor(bram)) }

            _ = try await service.indicators.close(PlanQuarter("2026-K3")!, actor: actor(anouk))
            let published = try await service.publish("2026-K3", version: 5, actor: actor(bram))
            #expect(published.status == .published && published.publishedBy == bram.id)
            let stored = try await service.published("2026-K3")
            #expect(try Self.sha256sum(stored.bytes) == stored.report.sha256 && stored.report.sha256?.count == 64)
            let publicView = try await service.read("2026-K3", actor: actor(nil))
            #expect(publicView.snapshot.title == "Tweede voortgangsrapportage 2026" && publicView.snapshot.sections.first?.progress == "Een aantal gemeenten is geadviseerd.")

            // The records change afterwards; the published report does not.
            _ = try await measures.writeProgress("25", MeasureProgressDraft(period: "2026-K3", text: "Later herschreven."), actor: actor(coordinator))
            var renamed = MeasureDraft(unit)
            renamed.title = "Andere titel"
            _ = try await measures.update("25", with: renamed, version: nil, actor: actor(coordinator))
            let again = try await service.published("2026-K3")
            #expect(again.bytes == stored.bytes && again.report.sha256 == stored.report.sha256)
            await #expect(throws: DomainError.conflict("report_published")) {
                _ = try await service.update("2026-K3", ProgressReportDraft(title: "Anders", introduction: "Anders"), version: 6, actor: actor(anouk))
            }
            await #expect(throws: (any Error).self, "the database refuses to change a published report") {
                try await database.sql.update("progress_reports").set("title", to: "Vervalst").where("period", .equal, "2026-K3").run()
            }
            #expect(try await service.list(actor: actor(nil)).map(\.period.description) == ["2026-K3"])
            let trail = try await AuditStore(database: database).search(AuditFilter(objectType: "progress_report"), page: PageRequest()).items.map(\.event.action)
            #expect(Set(trail) == [.reportCreated, .reportChanged, .reportSubmitted, .reportReturned, .reportPublished])
        }
    }
}
