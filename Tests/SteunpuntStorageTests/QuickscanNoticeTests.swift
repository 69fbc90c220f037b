import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Quickscan notices: reminders to those who have not submitted, the closing to the organisation running the round")
struct QuickscanNoticeTests {
    @Test("reminded once from N days before closing, only who has not submitted; the closing told once to the round's organisation; two instances tell once",
          arguments: TestEngine.available)
    func notices(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let coordinator = try await IdentityStoreTests.makeUser(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let gina = try await IdentityStoreTests.makeUser(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let anne = try await IdentityStoreTests.makeUser(database, email: "anne@alphen.example", organisation: "GM0484", role: .municipalOfficial)
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            let instruments = InstrumentStore(database: database)
            let draft = try await instruments.create(.starting, id: UUID(), by: coordinator.id, at: now)
            let published = try await instruments.publish(draft.instrumentID, version: 1, at: now)
            let store = RoundStore(database: database)
            let valid = try RoundDraft(title: "Quickscan 2027", opensOn: "2027-01-04", closesOn: "2027-02-26", codes: ["GM0637", "GM0484"]).validated()
            let (round, _) = try await store.create(valid, instrument: published, targets: [MunicipalityCode("GM0637")!, MunicipalityCode("GM0484")!],
                                                    id: UUID(), by: coordinator.id, at: now, expiresAt: now.addingTimeInterval(90 * 86_400))
            #expect(round.remindsOn(daysBefore: 5) == "2027-02-21")
            // Alphen aan den Rijn has submitted.
            try await database.sql.insert(into: "quickscan_responses").columns("round_id", "municipality_code", "status", "updated_at", "submitted_at")
                .values(SQLBind(round.id.uuidString), SQLBind("GM0484"), SQLBind("ingediend"), SQLBind(now), SQLBind(now)).run()
            let notifications = NotificationStore(database: database)
            func kinds(_ user: User) async throws -> [String] { try await notifications.list(user: user.id, page: PageRequest(size: 20)).items.map(\.kind) }

            #expect(try await store.remindNonResponders(today: "2027-02-20", daysBefore: 5, at: now) == 0, "not yet")
            async let one = store.remindNonResponders(today: "2027-02-21", daysBefore: 5, at: now)
            async let two = store.remindNonResponders(today: "2027-02-21", daysBefore: 5, at: now)
            #expect(try await one + two == 1, "Zoetermeer, once")
            #expect(try await store.remindNonResponders(today: "2027-02-25", daysBefore: 5, at: now) == 0)
            let (ginaKinds, anneKinds) = (try await kinds(gina), try await kinds(anne))
            #expect(ginaKinds == ["quickscan-herinnering"] && anneKinds.isEmpty)
            let reminder = try #require(try await notifications.list(user: gina.id, page: PageRequest(size: 1)).items.first)
            #expect(reminder.objectType == "round-target" && reminder.objectID == "\(round.id.uuidString.lowercased())/GM0637" && reminder.title == "Quickscan 2027")

            #expect(try await store.noticeClosedRounds(today: "2027-02-26", at: now) == 0, "open through its last day")
            async let first = store.noticeClosedRounds(today: "2027-02-27", at: now)
            async let second = store.noticeClosedRounds(today: "2027-02-27", at: now)
            #expect(try await first + second == 1)
            #expect(try await kinds(coordinator) == ["quickscan-gesloten"])
            #expect(try await store.noticeClosedRounds(today: "2027-06-01", at: now) == 0)
        }
    }

    @Test("a round closed long before (an upgrade) is not announced")
    func oldRounds() async throws {
        try await TestDatabase.with(.sqlite) { database, _ async throws in
            let coordinator = try await IdentityStoreTests.makeUser(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            let instruments = InstrumentStore(database: database)
            let draft = try await instruments.create(.starting, id: UUID(), by: coordinator.id, at: now)
            let published = try await instruments.publish(draft.instrumentID, version: 1, at: now)
            let valid = try RoundDraft(title: "Quickscan 2025", opensOn: "2025-01-06", closesOn: "2025-02-28", codes: ["GM0637"]).validated()
            _ = try await RoundStore(database: database).create(valid, instrument: published, targets: [MunicipalityCode("GM0637")!], id: UUID(),
                                                                 by: coordinator.id, at: now, expiresAt: now)
            #expect(try await RoundStore(database: database).noticeClosedRounds(today: "2026-12-03", at: now) == 0)
        }
    }
}
