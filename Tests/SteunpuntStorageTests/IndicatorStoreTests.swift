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

    @Test("municipalities advised, requests by channel, days to the first response and incidents by kind, each against its fixture; records kept for a closed quarter; the requests a scope may open",
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
            #expect(Set(advised.map(\.id)) == [a, b, c, d] && Set(advised.map(\.unit)) == ["GM0637", "GM0599", "GM0363"])
            #expect(Set(advised.map(\.key)) == ["Zuid-Holland", "Noord-Holland"])
            let filed = try await store.records(.requestsByChannel, in: Self.period)
            #expect(Set(filed.map(\.id)) == [b, c, d, e, f, school], "filed in the quarter, whatever became of them")
            #expect(filed.filter { $0.key == RequestChannel.nctv.rawValue }.map(\.id) == [d])
            let responses = try await store.records(.daysToFirstResponse, in: Self.period)
            #expect(Dictionary(uniqueKeysWithValues: responses.map { ($0.id, $0.value) }) == [b: 2, c: 3.5, d: 0.5])

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
            #expect(Set(kinds.map(\.id)) == [i1, i2] && Set(kinds.map(\.key)) == ["online-dreiging", "demonstratie"], "the quarter's first and last day")

            try await store.freeze(.municipalitiesAdvised, in: Self.period, version: 1, records: advised, readAt: Self.after)
            try await store.freeze(.municipalitiesAdvised, in: Self.period, version: 1, records: [], readAt: Self.after.addingTimeInterval(60))
            let kept = try #require(try await store.frozen(.municipalitiesAdvised, in: Self.period))
            #expect(kept.records == advised && kept.readAt == Self.after && kept.version == 1, "the first reading stays")
            #expect(try await store.frozen(.requestsByChannel, in: Self.period) == nil)

            let visibleToOfficial = try await store.visibleRequests([a, b, c, d], scope: .requester(OrganisationID("GM0637")!))
            #expect(visibleToOfficial == [a, b])
            #expect(try await store.visibleRequests([a, b, c, d], scope: .none).isEmpty)
        }
    }
}
