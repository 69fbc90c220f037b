import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Indicators: each named query against records counted by hand")
struct IndicatorStoreTests {
    /// The third quarter of 2026: 1 July to 1 October, Dutch time.
    static let period = PlanQuarter("2026-K3")!
    static let inside = Date(timeIntervalSince1970: 1_785_000_000)   // 25 July 2026
    static let before = Date(timeIntervalSince1970: 1_780_000_000)   // 28 May 2026
    static let after = Date(timeIntervalSince1970: 1_792_000_000)    // 14 October 2026

    static func ids(_ records: [IndicatorRecord]) -> Set<UUID> { Set(records.compactMap { UUID(text: $0.id) }) }

    /// Every indicator's tally in `period`, by its own breakdown and by each other, against
    /// the records one by one (and, for the other breakdowns, `expected`).
    static func checkTallies(_ store: IndicatorStore, _ period: PlanQuarter, _ database: Database) async throws {
        for code in IndicatorCode.allCases {
            let tally = try await store.tally(code, in: period), listed = try await store.records(code, in: period)
            #expect(tally == IndicatorTally(listed), "\(code.rawValue): the grouped count is the records' own")
            for dimension in IndicatorDefinition.of(code).breakdowns.dropFirst() {
                let split = try await store.tally(code, in: period, by: dimension), expected = try await Self.expected(listed, by: dimension, database)
                #expect(split == expected, "\(code.rawValue) by \(dimension)")
            }
        }
    }

    /// What a breakdown by `dimension` must be, from the records one by one and lookups in
    /// the tables: the municipality's province or population class (as the domain defines
    /// it), the request's channel, each of its needs.
    static func expected(_ records: [IndicatorRecord], by dimension: String, _ database: Database) async throws -> IndicatorTally {
        var tally = IndicatorTally()
        for record in records {
            var keys: [String] = []
            switch dimension {
            case IndicatorDefinition.province, IndicatorDefinition.populationClass:
                let row = try #require(try await database.sql.select().columns("province", "population").from("municipalities").where("code", .equal, record.unit).first())
                keys = [dimension == IndicatorDefinition.province ? try row.decode(column: "province", as: String.self)
                        : PopulationClass(population: try row.decode(column: "population", as: Int.self)).rawValue]
            case IndicatorDefinition.channel:
                keys = [try #require(try await database.sql.select().column("channel").from("support_requests").where("id", .equal, record.id).first())
                    .decode(column: "channel", as: String.self)]
            default:
                keys = try await database.sql.select().column("need_code").from("request_needs").where("request_id", .equal, record.id).all()
                    .map { try $0.decode(column: "need_code", as: String.self) }
            }
            for key in keys {
                tally.add(key: key, unit: record.unit)
                if let value = record.value { tally.add(key: key, value: value) }
            }
        }
        return tally
    }

    @Test("municipalities advised, requests by channel, days to the first response and incidents by kind, each against its fixture; records kept when a quarter is closed, once; the requests a scope may open",
          arguments: TestEngine.available)
    func queries(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await RequestStoreTests.cast(database)
            let requests = RequestStore(database: database)
            func file(_ code: String, channel: RequestChannel = .vngDesk, at: Date) async throws -> UUID {
                try await RequestStoreTests.file(requests, by: cast.desk, requester: code, municipality: code, channel: channel, at: at).id
            }
            func set(_ id: UUID, outcome: RequestOutcome? = nil, closed: Date? = nil, firstResponse: Date? = nil) async throws {
                var update = database.sql.update("support_requests").where("id", .equal, id.uppercasedText)
                if let outcome { update = update.set("outcome", to: outcome.rawValue).set("status", to: RequestStatus.closed.rawValue) }
                if let closed { update = update.set("closed_at", to: closed) }
                if let firstResponse { update = update.set("first_response_at", to: firstResponse) }
                try await update.run()
            }
            // Advised in the quarter: Zoetermeer twice, Rotterdam once (Zuid-Holland), Amsterdam (Noord-Holland).
            let a = try await file("GM0637", at: Self.before), b = try await file("GM0637", at: Self.inside), c = try await file("GM0599", at: Self.inside)
            let d = try await file("GM0363", channel: .nctv, at: Self.inside)
            for id in [a, b, c, d] { try await set(id, outcome: .advised, closed: Self.inside.addingTimeInterval(86_400)) }
            // Not counted: trained, not advised; advised after the quarter; a school's request advised.
            let e = try await file("GM0344", at: Self.inside)
            try await set(e, outcome: .trained, closed: Self.inside)
            let f = try await file("GM0202", at: Self.inside)
            try await set(f, outcome: .advised, closed: Self.after)
            try await OrganisationStore(database: database).create(Organisation(id: OrganisationID("school-a")!, name: "School A", kind: .school,
                                                                                municipality: MunicipalityCode("GM0637")), at: Date())
            let school = try await RequestStoreTests.file(requests, by: cast.desk, requester: "school-a", municipality: "GM0637", at: Self.inside).id
            try await set(school, outcome: .advised, closed: Self.inside)
            // First responses in the quarter: b after 2 days, c after 3.5, d after 0.5; a's before the quarter.
            try await set(b, firstResponse: Self.inside.addingTimeInterval(2 * 86_400))
            try await set(c, firstResponse: Self.inside.addingTimeInterval(3.5 * 86_400))
            try await set(d, firstResponse: Self.inside.addingTimeInterval(0.5 * 86_400))
            try await set(a, firstResponse: Self.before.addingTimeInterval(86_400))

            let store = IndicatorStore(database: database)
            let advised = try await store.records(.municipalitiesAdvised, in: Self.period)
            #expect(Self.ids(advised) == [a, b, c, d] && Set(advised.map(\.unit)) == ["GM0637", "GM0599", "GM0363"])
            #expect(Set(advised.map(\.key)) == ["Zuid-Holland", "Noord-Holland"])
            let filed = try await store.records(.requestsByChannel, in: Self.period)
            #expect(Self.ids(filed) == [b, c, d, e, f, school], "filed in the quarter, whatever became of them")
            #expect(Self.ids(filed.filter { $0.key == RequestChannel.nctv.rawValue }) == [d])
            let responses = try await store.records(.daysToFirstResponse, in: Self.period)
            #expect(Dictionary(uniqueKeysWithValues: responses.map { ($0.id, $0.value) }) == [b.uppercasedText: 2, c.uppercasedText: 3.5, d.uppercasedText: 0.5])

            let incidents = IncidentStore(database: database)
            func incident(_ code: String, _ kind: IncidentKind, on day: String) async throws -> UUID {
                let valid = try IncidentDraft(kind: kind.rawValue, occurredOn: day, location: "online", grounds: kind == .onlineHate ? ["godsdienst"] : [],
                                              nature: kind == .onlineHate ? "bedreiging" : "", setting: kind == .onlineHate ? "media-internet" : "",
                                              severity: "laag", description: "Berichten.").validated(today: Self.after)
                return try await incidents.create(valid, municipality: MunicipalityCode(code)!, id: UUID(), by: cast.official.id, at: Self.after).id
            }
            let i1 = try await incident("GM0637", .onlineHate, on: "2026-07-01"), i2 = try await incident("GM0599", .demonstration, on: "2026-09-30")
            _ = try await incident("GM0637", .onlineHate, on: "2026-06-30")
            _ = try await incident("GM0637", .onlineHate, on: "2026-10-01")
            let kinds = try await store.records(.incidentsByKind, in: Self.period)
            #expect(Self.ids(kinds) == [i1, i2] && Set(kinds.map(\.key)) == ["online-dreiging", "demonstratie"], "the quarter's first and last day")

            // Request b has a second need: it counts under both.
            try await database.sql.insert(into: "request_needs").columns("request_id", "need_code").values(SQLBind(b.uppercasedText), SQLBind(NeedCode.training.rawValue)).run()
            // The figures are counted by the database (grouped); they are those of the records one by one, by every breakdown.
            try await Self.checkTallies(store, Self.period, database)
            let byNeed = try await store.tally(.municipalitiesAdvised, in: Self.period, by: IndicatorDefinition.need)
            #expect(byNeed.parts[NeedCode.training.rawValue]?.records == 1 && byNeed.parts[NeedCode.preventiveApproach.rawValue]?.records == 4, "b under both of its needs")
            #expect(IndicatorTally.figure(.median, try await store.tally(.daysToFirstResponse, in: Self.period).whole) == 2)

            // The requests behind a figure a scope may open, by number, a page at a time.
            let forOfficial = try await store.requestsBehind(.municipalitiesAdvised, in: Self.period, frozen: false, scope: .requester(OrganisationID("GM0637")!),
                                                             page: PageRequest(number: 1, size: 1))
            #expect(forOfficial.total == 2 && forOfficial.items.map(\.id) == [a], "Zoetermeer's two (a filed before the quarter, advised in it), the first by number")
            let forDesk = try await store.requestsBehind(.municipalitiesAdvised, in: Self.period, frozen: false, scope: .party(.vngDesk), page: PageRequest(number: 2, size: 3))
            let allForDesk = try await store.requestsBehind(.municipalitiesAdvised, in: Self.period, frozen: false, scope: .party(.vngDesk), page: PageRequest(size: 10))
            #expect(allForDesk.total == 4 && Set(allForDesk.items.map(\.id)) == [a, b, c, d] && allForDesk.items.map(\.number) == allForDesk.items.map(\.number).sorted())
            #expect(forDesk.total == 4 && forDesk.items.map(\.id) == [allForDesk.items[3].id], "the second page of three")
            #expect(try await store.requestsBehind(.municipalitiesAdvised, in: Self.period, frozen: false, scope: .none, page: PageRequest()).total == 0)
            #expect(try await store.requestsBehind(.incidentsByKind, in: Self.period, frozen: false, scope: .party(.vngDesk), page: PageRequest()).total == 0,
                    "only requests are opened from a figure")

            #expect(try await store.closing(of: Self.period) == nil)
            let closing = try await store.close(Self.period, by: cast.desk.id, at: Self.after)
            #expect(closing == IndicatorClosing(period: Self.period, closedAt: Self.after, closedBy: cast.desk.id))
            #expect(try await store.close(Self.period, by: cast.desk.id, at: Self.after.addingTimeInterval(60)) == nil, "closed once")
            let kept = try #require(try await store.frozen(.municipalitiesAdvised, in: Self.period))
            #expect(kept.tally == IndicatorTally(advised) && kept.readAt == Self.after && kept.version == 1, "the tally as read at closing")
            #expect(kept.breakdowns[IndicatorDefinition.need] == byNeed && kept.breakdowns.keys.sorted() == ["behoefte", "inwonersklasse", "kanaal"],
                    "every other breakdown kept too")
            #expect(try await store.frozen(.daysToFirstResponse, in: Self.period)?.tally == IndicatorTally(responses))
            #expect(try await store.frozen(.meetingsHeld, in: Self.period)?.tally.isEmpty == true, "every indicator kept at closing, one without records too")
            let closings = try await store.closings(), again = try await store.closing(of: Self.period)
            #expect(closings == [closing].compactMap { $0 } && again == closing)
            // Kept: a request advised afterwards (by its closing date in the quarter) is not behind the closed figure.
            try await set(e, outcome: .advised, closed: Self.inside)
            let keptForDesk = try await store.requestsBehind(.municipalitiesAdvised, in: Self.period, frozen: true, scope: .party(.vngDesk), page: PageRequest())
            let liveForDesk = try await store.requestsBehind(.municipalitiesAdvised, in: Self.period, frozen: false, scope: .party(.vngDesk), page: PageRequest())
            #expect(Set(keptForDesk.items.map(\.id)) == [a, b, c, d] && liveForDesk.total == 5)
            let keptFiled = try await store.requestsBehind(.requestsByChannel, in: Self.period, frozen: true, scope: .party(.vngDesk), page: PageRequest())
            #expect(Set(keptFiled.items.map(\.id)) == [b, c, d, e, f, school])
        }
    }

    /// The second quarter of 2027: 1 April to 1 July, Dutch summer time (ends 2027-06-30T22:00Z).
    static let second = PlanQuarter("2027-K2")!
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("quickscan coverage and response, meetings held, participants, circles active and plan points in place, each against its fixture",
          arguments: TestEngine.available)
    func programmeQueries(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = IndicatorStore(database: database), sql = database.sql
            // Quickscan: round A closes in the quarter (five invited, one withdrawn), round B after it.
            let (roundA, _, coordinator, _) = try await ResponseStoreTests.round(database, codes: ["GM0637", "GM0599", "GM0363", "GM0344", "GM0202"])
            let instrument = try #require(try await InstrumentStore(database: database).latestPublished(roundA.instrumentID))
            let (roundB, _) = try await RoundStore(database: database).create(
                try RoundDraft(title: "Ronde B", opensOn: "2027-06-01", closesOn: "2027-07-15", codes: ["GM0518", "GM0637"]).validated(),
                instrument: instrument, targets: [MunicipalityCode("GM0518")!, MunicipalityCode("GM0637")!], id: UUID(), by: coordinator.id,
                at: Self.at("2027-06-01T08:00:00Z"), expiresAt: Self.at("2027-08-01T08:00:00Z"))
            try await sql.update("quickscan_rounds").set("closes_on", to: "2027-06-30").where("id", .equal, roundA.id.uppercasedText).run()
            try await RoundStore(database: database).revoke(roundA.id, for: MunicipalityCode("GM0202")!, at: Self.at("2027-05-01T08:00:00Z"))
            func respond(_ round: UUID, _ code: String, _ status: ResponseStatus, at text: String) async throws {
                try await sql.insert(into: "quickscan_responses").columns("round_id", "municipality_code", "status", "updated_at", "submitted_by", "submitted_at")
                    .values(SQLBind(round.uppercasedText), SQLBind(code), SQLBind(status.rawValue), SQLBind(Self.at(text)),
                            status == .submitted ? SQLBind(coordinator.id.uppercasedText) : SQLLiteral.null,
                            status == .submitted ? SQLBind(Self.at(text)) : SQLLiteral.null).run()
            }
            try await respond(roundA.id, "GM0637", .submitted, at: "2027-05-10T10:00:00Z")
            try await respond(roundA.id, "GM0599", .submitted, at: "2027-06-30T22:30:00Z")   // 1 July in Dutch time: after the quarter
            try await respond(roundA.id, "GM0363", .inProgress, at: "2027-05-10T10:00:00Z")
            try await respond(roundB.id, "GM0518", .submitted, at: "2027-06-20T10:00:00Z")
            try await respond(roundB.id, "GM0637", .submitted, at: "2027-06-21T10:00:00Z")
            let coverage = try await store.records(.quickscanCoverage, in: Self.second)
            #expect(Set(coverage.map(\.unit)) == ["GM0637", "GM0518"] && coverage.count == 3, "Zoetermeer twice (two rounds), one municipality")
            #expect(IndicatorValue.figure(.units, coverage) == 2)
            let response = try await store.records(.quickscanResponse, in: Self.second)
            #expect(Dictionary(uniqueKeysWithValues: response.map { ($0.unit, $0.value) }) == ["GM0637": 1, "GM0599": 1, "GM0363": 0, "GM0344": 0],
                    "the withdrawn invitation left out; a response after the quarter counts for its round")
            #expect(IndicatorValue.figure(.share, response) == 50)
            #expect(Set(response.map(\.key)) == ["Zuid-Holland", "Noord-Holland", "Utrecht"])

            // Meetings: a regional meeting and a training held, one cancelled, one a draft, one after the quarter.
            let meetings = MeetingStore(database: database)
            let creator = try await MeetingStoreTests.creator(database)
            func meeting(_ day: String, kind: MeetingKind = .regionalMeeting, status: MeetingStatus = .open) async throws -> Meeting {
                let made = try await meetings.create(try MeetingReachTests.draft(starts: day), id: UUID(), by: creator.id, at: MeetingStoreTests.now)
                try await sql.update("meetings").set("kind", to: kind.rawValue).set("status", to: status.rawValue).where("id", .equal, made.id.uppercasedText).run()
                return made
            }
            let regional = try await meeting("2027-05-20"), training = try await meeting("2027-04-15", kind: .training)
            let cancelled = try await meeting("2027-06-10", status: .cancelled)
            _ = try await meeting("2027-05-21", status: .draft)
            _ = try await meeting("2027-07-02")
            let people = try await MeetingStoreTests.people(database, 6)
            var places: [Registration] = []
            for person in people.prefix(4) { places.append(try await MeetingStoreTests.register(meetings, regional, person)) }
            let trained = try await MeetingStoreTests.register(meetings, training, people[4])
            let notHeld = try await MeetingStoreTests.register(meetings, cancelled, people[5])
            try await meetings.markAttendance([places[0].id: .present, places[1].id: .present, places[2].id: .absent, places[3].id: .present],
                                              of: regional.id, by: creator.id, at: MeetingStoreTests.now, check: { _ in })
            try await meetings.markAttendance([trained.id: .present], of: training.id, by: creator.id, at: MeetingStoreTests.now, check: { _ in })
            try await meetings.markAttendance([notHeld.id: .present], of: cancelled.id, by: creator.id, at: MeetingStoreTests.now, check: { _ in })
            _ = try await meetings.move(places[3].id, to: .cancelled, actor: nil, reason: "", at: MeetingStoreTests.now, check: { _, _ in })
            let held = try await store.records(.meetingsHeld, in: Self.second)
            #expect(Set(held.compactMap { UUID(text: $0.id) }) == [regional.id, training.id])
            #expect(held.count == 2 && Set(held.map(\.key)) == [MeetingKind.regionalMeeting.rawValue, MeetingKind.training.rawValue])
            let early = try await store.records(.meetingsHeld, in: Self.second, now: Self.at("2027-05-01T00:00:00Z"))
            #expect(early.map(\.key) == [MeetingKind.training.rawValue], "a meeting still to come is not held yet")
            let present = try await store.records(.participants, in: Self.second)
            #expect(present.count == 3 && present.filter { $0.key == MeetingKind.training.rawValue }.count == 1,
                    "the absent, a place cancelled after marking and a cancelled meeting's people not counted")
            #expect(Set(present.map(\.unit)) == Set([people[0], people[1], people[4]].map(\.organisation.rawValue)))

            // Circles: active before the end, closed, active but begun after it.
            func circle(_ status: CircleStatus, at text: String) async throws -> UUID {
                let id = UUID()
                try await sql.insert(into: "circles").columns("id", "title", "description", "needs", "status", "version", "created_by", "created_at", "updated_at")
                    .values(SQLBind(id.uppercasedText), SQLBind("Leerkring"), SQLBind(""), SQLBind("[]"), SQLBind(status.rawValue), SQLBind(1),
                            SQLBind(creator.id.uppercasedText), SQLBind(Self.at(text)), SQLBind(Self.at(text))).run()
                return id
            }
            let active = try await circle(.active, at: "2027-03-01T10:00:00Z")
            _ = try await circle(.closed, at: "2027-03-01T10:00:00Z")
            _ = try await circle(.active, at: "2027-07-01T10:00:00Z")
            #expect(try await store.records(.circlesActive, in: Self.second).compactMap { UUID(text: $0.id) } == [active])

            // Plan points: each point's last status before the end of the quarter.
            let official = try await IdentityStoreTests.makeUser(database)
            let progress = ProgressStore(database: database)
            func save(_ status: ProgressStatus, _ code: String, _ point: String, version: Int, at text: String) async throws {
                _ = try await progress.save(PlanStoreTests.progress(status, evidence: "Besluit"), municipality: MunicipalityCode(code)!, point: point,
                                            expectedVersion: version, planVersion: 1, by: official.id, at: Self.at(text), source: .form, historyID: UUID())
            }
            try await save(.inPlace, "GM0637", "regie", version: 0, at: "2027-05-01T10:00:00Z")
            try await save(.sustained, "GM0503", "regie", version: 0, at: "2027-06-01T10:00:00Z")
            try await save(.preparing, "GM0503", "regie", version: 1, at: "2027-07-05T10:00:00Z")
            try await save(.preparing, "GM0503", "lokaal-beeld", version: 0, at: "2027-05-01T10:00:00Z")
            try await save(.inPlace, "GM0637", "lokaal-beeld", version: 0, at: "2027-06-30T22:30:00Z")
            let points = try await store.records(.planPointsInPlace, in: Self.second)
            #expect(Set(points.map(\.id)) == ["GM0637/regie", "GM0503/regie"] && Set(points.map(\.key)) == ["regie"],
                    "a later step back and a point introduced after the quarter do not change it; in preparation is not in place")
            try await Self.checkTallies(store, Self.second, database)
            #expect(try await store.tally(.meetingsHeld, in: Self.second, now: Self.at("2027-05-01T00:00:00Z")) == IndicatorTally(early))
        }
    }
}
