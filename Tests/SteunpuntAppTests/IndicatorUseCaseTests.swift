import Foundation
import SQLKit
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: the programme's indicators")
struct IndicatorUseCaseTests {
    @Test("""
        a quarter's figure: the unit sees it whole with the requests it may open behind it, an analyst as aggregates without records, a municipality \\
        nothing; an ended quarter is computed until an analyst closes it (not before it ended, once), then its records are kept and a request changed afterwards does not change the figure; a quarter not begun is refused
        """, arguments: TestEngine.available)
    func figures(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_785_000_000))  // 25 July 2026, in 2026-K3
            let service = IndicatorService(indicators: IndicatorStore(database: database), dependencies: PlanUseCaseTests.dependencies(clock))
            let coordinator = try await MeetingUseCaseTests.user(database, "szw-ess", .unitCoordinator)
            let analyst = try await MeetingUseCaseTests.user(database, "nctv", .nationalAnalyst)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }
            let store = RequestStore(database: database)
            var advised: [UUID] = []
            // Six municipalities advised in the quarter; the unit holds one of the requests (referred to it), the VNG desk the others.
            for (offset, code) in ["GM0637", "GM0599", "GM0363", "GM0344", "GM0202", "GM0014"].enumerated() {
                let valid = try RequestDraft(title: "Vraag", description: "Over de aanpak", requester: code, municipality: code, needs: ["breed-preventieve-aanpak"],
                                             channel: RequestChannel.vngDesk.rawValue).validated(knownNeeds: Set(Need.shipped.map(\.code)))
                let desk: OrganisationID = offset == 0 ? .expertiseUnit : .vngDesk
                let request = try await store.create(valid, id: UUID(), desk: desk, createdBy: desk == .expertiseUnit ? coordinator.id : official.id, at: clock.now,
                                                     targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 10))
                try await database.sql.update("support_requests").set("outcome", to: RequestOutcome.advised.rawValue).set("status", to: RequestStatus.closed.rawValue)
                    .set("closed_at", to: clock.now).where("id", .equal, request.id.uppercasedText).run()
                advised.append(request.id)
            }
            let period = try service.period(nil)
            #expect(period.description == "2026-K3")
            let unit = try await service.value(.municipalitiesAdvised, in: period, actor: actor(coordinator))
            let unitBehind = try await service.requestsBehind(.municipalitiesAdvised, in: period, page: PageRequest(), actor: actor(coordinator))
            #expect(unit.value == 6 && unit.restsOn == 6 && !unit.isFrozen && unit.listsRecords)
            #expect(unitBehind.items.map(\.id) == [advised[0]] && unitBehind.total == 1, "only the request the unit is party to is listed")
            let national = try await service.value(.municipalitiesAdvised, in: period, actor: actor(analyst))
            let nationalBehind = try await service.requestsBehind(.municipalitiesAdvised, in: period, page: PageRequest(), actor: actor(analyst))
            #expect(national.value == 6 && !national.listsRecords && national.cells.count == 5 && national.cells.allSatisfy { $0.value == nil },
                    "six municipalities shown; every province with two or fewer hidden from the analyst")
            #expect(nationalBehind.items.isEmpty && nationalBehind.total == 0, "an analyst opens no request behind a figure")
            await #expect(throws: DomainError.forbidden) { _ = try await service.value(.municipalitiesAdvised, in: period, actor: actor(official)) }
            #expect(throws: DomainError.invalid([FieldError(field: "periode", code: "period_in_future")])) { _ = try service.period("2026-K4") }
            #expect(throws: DomainError.invalid([FieldError(field: "periode", code: "invalid_quarter")])) { _ = try service.period("2026-Q3") }

            await #expect(throws: DomainError.invalid([FieldError(field: "periode", code: "period_not_ended")])) {
                _ = try await service.close(period, actor: actor(analyst))
            }
            // The quarter ends: until it is closed, its figure follows the records.
            clock.advance(by: 90 * 86_400)
            try await database.sql.update("support_requests").set("outcome", to: SQLLiteral.null).where("id", .equal, advised[5].uppercasedText).run()
            let ended = try await service.value(.municipalitiesAdvised, in: period, actor: actor(coordinator))
            #expect(!ended.isFrozen && ended.value == 5, "an ended quarter not closed is still computed")
            await #expect(throws: DomainError.forbidden) { _ = try await service.close(period, actor: actor(coordinator)) }
            let closing = try await service.close(period, actor: actor(analyst))
            #expect(closing.closedBy == analyst.id && closing.closedAt == clock.now)
            await #expect(throws: DomainError.conflict("period_closed")) { _ = try await service.close(period, actor: actor(analyst)) }
            let audited = try await AuditStore(database: database).search(AuditFilter(action: .indicatorPeriodClosed), page: PageRequest()).items
            #expect(audited.map(\.event.objectID) == ["2026-K3"] && audited.first?.event.actor == analyst.id)
            // Closed: a request reopened afterwards leaves the figure as it was.
            let closed = try await service.value(.municipalitiesAdvised, in: period, actor: actor(coordinator))
            #expect(closed.isFrozen && closed.value == 5 && closed.readAt == closing.closedAt)
            try await database.sql.update("support_requests").set("outcome", to: SQLLiteral.null).where("id", .equal, advised[1].uppercasedText).run()
            clock.advance(by: 60)
            let later = try await service.value(.municipalitiesAdvised, in: period, actor: actor(coordinator))
            #expect(later.value == 5 && later.readAt == closed.readAt)
            // The requests behind the closed figure are those kept: the unit's own, reopened now too, is still listed.
            try await database.sql.update("support_requests").set("outcome", to: SQLLiteral.null).where("id", .equal, advised[0].uppercasedText).run()
            let keptBehind = try await service.requestsBehind(.municipalitiesAdvised, in: period, page: PageRequest(), actor: actor(coordinator))
            #expect(keptBehind.items.map(\.id) == [advised[0]] && keptBehind.total == 1, "the kept requests, not the records as they stand now")
            let all = try await service.values(in: period, actor: actor(analyst))
            #expect(all.map(\.definition.code) == IndicatorCode.allCases && all.allSatisfy(\.isFrozen))
            // Another breakdown of the closed figure: kept at closing; a quarter closed before breakdowns were kept has none.
            let byClass = try await service.value(.municipalitiesAdvised, in: .quarter(period), by: IndicatorDefinition.populationClass, actor: actor(coordinator))
            #expect(byClass.breakdown == "inwonersklasse" && byClass.breakdownKept && byClass.value == 5 && byClass.cells.map(\.records).compactMap { $0 }.reduce(0, +) == 5)
            #expect(byClass.cells.map(\.key) == PopulationClass.allCases.map(\.rawValue).filter { key in byClass.cells.contains { $0.key == key } },
                    "population classes small to large")
            try await database.sql.update("indicator_records").set("breakdowns", to: SQLLiteral.null).run()
            let notKept = try await service.value(.municipalitiesAdvised, in: .quarter(period), by: IndicatorDefinition.populationClass, actor: actor(coordinator))
            #expect(!notKept.breakdownKept && notKept.cells.isEmpty && notKept.value == 5)
            await #expect(throws: DomainError.invalid([FieldError(field: "uitsplitsing", code: "invalid_breakdown")])) {
                _ = try await service.value(.municipalitiesAdvised, in: .quarter(period), by: "soort", actor: actor(coordinator))
            }
        }
    }

    @Test("""
        a year's figure is its quarters' together: municipalities counted once, the requests behind it from each quarter (kept for a closed one); a reading \
        at the end is the last quarter's; fixed once every quarter is closed and the year over; a year not begun refused
        """, arguments: TestEngine.available)
    func years(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))  // 29 November 2026, in 2026-K4
            let service = IndicatorService(indicators: IndicatorStore(database: database), dependencies: PlanUseCaseTests.dependencies(clock))
            let coordinator = try await MeetingUseCaseTests.user(database, "szw-ess", .unitCoordinator)
            let analyst = try await MeetingUseCaseTests.user(database, "nctv", .nationalAnalyst)
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }
            let store = RequestStore(database: database)
            // Advised in the first quarter: Zoetermeer and Rotterdam; in the third: Zoetermeer again and Amsterdam.
            var advised: [UUID] = []
            for (code, closed) in [("GM0637", 1_771_000_000.0), ("GM0599", 1_771_000_000), ("GM0637", 1_786_000_000), ("GM0363", 1_786_000_000)] {
                let valid = try RequestDraft(title: "Vraag", description: "Over de aanpak", requester: code, municipality: code, needs: ["breed-preventieve-aanpak"],
                                             channel: RequestChannel.unitDirect.rawValue).validated(knownNeeds: Set(Need.shipped.map(\.code)))
                let at = Date(timeIntervalSince1970: closed - 86_400)
                let request = try await store.create(valid, id: UUID(), desk: .expertiseUnit, createdBy: coordinator.id, at: at,
                                                     targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 10))
                try await database.sql.update("support_requests").set("outcome", to: RequestOutcome.advised.rawValue).set("status", to: RequestStatus.closed.rawValue)
                    .set("closed_at", to: Date(timeIntervalSince1970: closed)).where("id", .equal, request.id.uppercasedText).run()
                advised.append(request.id)
            }
            // A learning circle active since the first quarter, and one closed: a reading at the end.
            try await database.sql.insert(into: "circles").columns("id", "title", "description", "needs", "status", "version", "created_by", "created_at", "updated_at")
                .values(SQLBind(UUID().uppercasedText), SQLBind("Leerkring"), SQLBind(""), SQLBind("[]"), SQLBind(CircleStatus.active.rawValue), SQLBind(1),
                        SQLBind(coordinator.id.uppercasedText), SQLBind(Date(timeIntervalSince1970: 1_770_000_000)), SQLBind(clock.now)).run()

            let year = try service.figurePeriod("2026")
            #expect(year == .year(2026))
            let whole = try await service.value(.municipalitiesAdvised, in: year, actor: actor(coordinator))
            #expect(whole.value == 3 && whole.restsOn == 4 && !whole.isFrozen && whole.period == .year(2026), "Zoetermeer in two quarters counts once")
            let q1 = try await service.value(.municipalitiesAdvised, in: PlanQuarter("2026-K1")!, actor: actor(coordinator))
            let q3 = try await service.value(.municipalitiesAdvised, in: PlanQuarter("2026-K3")!, actor: actor(coordinator))
            #expect(q1.value == 2 && q3.value == 2)
            let behind = try await service.requestsBehind(.municipalitiesAdvised, in: year, page: PageRequest(size: 10), actor: actor(coordinator))
            #expect(Set(behind.items.map(\.id)) == Set(advised) && behind.total == 4)
            let circles = try await service.value(.circlesActive, in: year, actor: actor(analyst))
            #expect(circles.value == 1, "a reading at the end: the last quarter's, not one per quarter (which would be four)")
            #expect(try await service.value(.municipalitiesAdvised, in: year, actor: actor(analyst)).value == nil, "three municipalities: hidden from the analyst")
            #expect(throws: DomainError.invalid([FieldError(field: "periode", code: "period_in_future")])) { _ = try service.figurePeriod("2027") }
            #expect(throws: DomainError.invalid([FieldError(field: "periode", code: "invalid_figure_period")])) { _ = try service.figurePeriod("2026-Q1") }
            let state = try await service.state(of: year, actor: actor(analyst))
            #expect(state.closing == nil && !state.mayClose && !state.hasEnded)

            // The first quarter closed: a request of it reopened afterwards leaves the year as it was; its request stays behind the year's figure.
            _ = try await service.close(PlanQuarter("2026-K1")!, actor: actor(analyst))
            try await database.sql.update("support_requests").set("outcome", to: SQLLiteral.null).where("id", .equal, advised[1].uppercasedText).run()
            #expect(try await service.value(.municipalitiesAdvised, in: year, actor: actor(coordinator)).value == 3)
            let keptBehind = try await service.requestsBehind(.municipalitiesAdvised, in: year, page: PageRequest(size: 10), actor: actor(coordinator))
            #expect(keptBehind.total == 4)
            // The year over and every quarter closed: fixed.
            clock.advance(by: 60 * 86_400)
            for quarter in ["2026-K2", "2026-K3", "2026-K4"] { _ = try await service.close(PlanQuarter(quarter)!, actor: actor(analyst)) }
            let fixed = try await service.value(.municipalitiesAdvised, in: year, actor: actor(coordinator))
            #expect(fixed.isFrozen && fixed.value == 3)
            let ended = try await service.state(of: year, actor: actor(analyst))
            #expect(ended.hasEnded && !ended.mayClose)
        }
    }

    @Test("who sees a figure whole: circles active everyone; plan points in place the unit, an analyst only on five municipalities; the plan's points named by the published plan",
          arguments: TestEngine.available)
    func audiences(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_785_000_000))  // 25 July 2026, in 2026-K3
            let plans = PlanStore(database: database)
            _ = try await plans.ensureStarting(at: clock.now)
            let service = IndicatorService(indicators: IndicatorStore(database: database), plans: plans, dependencies: PlanUseCaseTests.dependencies(clock))
            let coordinator = try await MeetingUseCaseTests.user(database, "szw-ess", .unitCoordinator)
            let analyst = try await MeetingUseCaseTests.user(database, "nctv", .nationalAnalyst)
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }
            try await database.sql.insert(into: "circles").columns("id", "title", "description", "needs", "status", "version", "created_by", "created_at", "updated_at")
                .values(SQLBind(UUID().uppercasedText), SQLBind("Leerkring"), SQLBind(""), SQLBind("[]"), SQLBind(CircleStatus.active.rawValue), SQLBind(1),
                        SQLBind(coordinator.id.uppercasedText), SQLBind(clock.now), SQLBind(clock.now)).run()
            let progress = ProgressStore(database: database)
            // Point 1 (`regie`) and point 2 (`lokaal-beeld`, whose key sorts first): a breakdown follows the plan's numbers.
            for (code, point) in [("GM0637", "regie"), ("GM0599", "regie"), ("GM0637", "lokaal-beeld")] {
                _ = try await progress.save(try ProgressDraft(status: ProgressStatus.inPlace.rawValue, since: "2026-07-01", evidence: "Besluit").validated(today: clock.now), municipality: MunicipalityCode(code)!,
                                            point: point, expectedVersion: 0, planVersion: 1, by: coordinator.id, at: clock.now, source: .form, historyID: UUID())
            }
            let period = try service.period(nil)
            let circles = try await service.value(.circlesActive, in: period, actor: actor(analyst))
            #expect(circles.value == 1 && circles.cells.map(\.value) == [1], "a circle is no municipality's secret")
            let unitPoints = try await service.value(.planPointsInPlace, in: period, actor: actor(coordinator))
            let pointsBehind = try await service.requestsBehind(.planPointsInPlace, in: period, page: PageRequest(), actor: actor(coordinator))
            #expect(unitPoints.value == 3 && unitPoints.cells.map(\.key) == ["regie", "lokaal-beeld"] && !unitPoints.listsRecords && pointsBehind.total == 0,
                    "whole, in the plan's order; only requests are listed one by one")
            let analystPoints = try await service.value(.planPointsInPlace, in: period, actor: actor(analyst))
            #expect(analystPoints.value == nil && analystPoints.restsOn == nil, "two municipalities: hidden from the analyst")
            #expect(try await service.partNames(of: IndicatorDefinition.of(.planPointsInPlace))["regie"] == "1. Regie en aanspreekpunt")
            #expect(try await service.partNames(of: IndicatorDefinition.of(.requestsByChannel)).isEmpty)
        }
    }

    @Test("targets and baselines: an analyst sets, replaces and removes a target and chooses a closed quarter as baseline; the unit reads them and cannot set them; audited",
          arguments: TestEngine.available)
    func aims(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))  // 29 November 2026
            let service = IndicatorService(indicators: IndicatorStore(database: database), targets: IndicatorTargetStore(database: database),
                                           dependencies: PlanUseCaseTests.dependencies(clock))
            let coordinator = try await MeetingUseCaseTests.user(database, "szw-ess", .unitCoordinator)
            let analyst = try await MeetingUseCaseTests.user(database, "nctv", .nationalAnalyst)
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }
            _ = try await service.setTarget(.meetingsHeld, IndicatorTargetDraft(period: "2026-K4", value: "3"), actor: actor(analyst))
            _ = try await service.setTarget(.meetingsHeld, IndicatorTargetDraft(period: "2026-K4", value: "4"), actor: actor(analyst))
            _ = try await service.setTarget(.meetingsHeld, IndicatorTargetDraft(period: "2027", value: "20"), actor: actor(analyst))
            await #expect(throws: DomainError.forbidden) {
                _ = try await service.setTarget(.meetingsHeld, IndicatorTargetDraft(period: "2027", value: "1"), actor: actor(coordinator))
            }
            await #expect(throws: DomainError.invalid([FieldError(field: "waarde", code: "invalid_target_count")])) {
                _ = try await service.setTarget(.meetingsHeld, IndicatorTargetDraft(period: "2027", value: "1,5"), actor: actor(analyst))
            }
            var aims = try await service.aims(of: .meetingsHeld, actor: actor(coordinator))
            #expect(aims.targets.map { "\($0.period) \($0.value)" } == ["2026-K4 4.0", "2027 20.0"] && !aims.mayKeep && aims.baseline == nil, "the second replaced the first")
            #expect(try await service.targets(for: .quarter(PlanQuarter("2026-K4")!), actor: actor(analyst))[.meetingsHeld]?.value == 4)
            try await service.removeTarget(.meetingsHeld, period: "2027", actor: actor(analyst))
            await #expect(throws: DomainError.notFound) { try await service.removeTarget(.meetingsHeld, period: "2027", actor: actor(analyst)) }

            await #expect(throws: DomainError.invalid([FieldError(field: "periode", code: "baseline_not_closed")])) {
                _ = try await service.setBaseline(.meetingsHeld, period: "2026-K3", actor: actor(analyst))
            }
            _ = try await service.close(PlanQuarter("2026-K3")!, actor: actor(analyst))
            _ = try await service.setBaseline(.meetingsHeld, period: "2026-K3", actor: actor(analyst))
            aims = try await service.aims(of: .meetingsHeld, actor: actor(analyst))
            #expect(aims.baseline?.period.description == "2026-K3" && aims.baselineValue?.isFrozen == true && aims.baselineValue?.value == 0 && aims.mayKeep)
            #expect(aims.closedPeriods.map(\.description) == ["2026-K3"])
            let trail = try await AuditStore(database: database).search(AuditFilter(objectType: "indicator"), page: PageRequest()).items.map(\.event.action)
            #expect(trail.filter { $0 == AuditEvent.Action.indicatorTargetSet }.count == 3 && trail.contains(AuditEvent.Action.indicatorTargetRemoved)
                    && trail.contains(AuditEvent.Action.indicatorBaselineSet), "every change audited, a refused one not")
        }
    }
}
