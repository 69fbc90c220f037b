import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Audit trail")
struct AuditStoreTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Five events, as a real day would bring them.
    static func fill(_ store: AuditStore) async throws {
        let actor = UUID()
        let actions: [AuditEvent.Action] = [.signInSucceeded, .organisationCreated, .userCreated, .signOut, .signInFailed]
        for (index, action) in actions.enumerated() {
            try await store.append(AuditEvent(action: action, result: action == .signInFailed ? .failure : .success, actor: actor,
                                              objectType: "organisation", objectID: "partner-\(index)", origin: "192.0.2.\(index)",
                                              occurredAt: start.addingTimeInterval(Double(index) * 60)))
        }
    }

    /// What an attacker with database access would do first.
    static func dropGuards(_ database: Database) async throws {
        switch database.engine {
        case .sqlite:
            try await database.sql.raw("DROP TRIGGER audit_events_no_update").run()
            try await database.sql.raw("DROP TRIGGER audit_events_no_delete").run()
        case .postgres:
            try await database.sql.raw("DROP TRIGGER audit_events_no_change ON audit_events").run()
        }
    }

    @Test("an untouched chain verifies; search filters and pages newest first", arguments: TestEngine.available)
    func intact(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = AuditStore(database: database)
            try await Self.fill(store)
            let result = try await store.verify()
            #expect(result.count == 5 && result.breaks.isEmpty)
            let failures = try await store.search(AuditFilter(action: .signInFailed), page: PageRequest())
            #expect(failures.items.map(\.sequence) == [5])
            let window = try await store.search(AuditFilter(from: Self.start.addingTimeInterval(60), until: Self.start.addingTimeInterval(180)), page: PageRequest())
            #expect(window.items.map(\.sequence) == [3, 2])
            #expect(window.items.first?.event.origin == "192.0.2.2")
        }
    }

    @Test("searching an object finds what is part of it (`X/…`), not what only begins like it; wildcards in the search are plain characters",
          arguments: TestEngine.available)
    func subObjects(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = AuditStore(database: database)
            for (index, id) in ["IN1", "IN1/politie", "IN10", "IN1X/politie", "I_1/adv", "IN%/adv"].enumerated() {
                try await store.append(AuditEvent(action: .incidentShared, objectType: "incident", objectID: id, occurredAt: Self.start.addingTimeInterval(Double(index))))
            }
            func ids(_ search: String) async throws -> [String] {
                try await store.search(AuditFilter(objectType: "incident", objectID: search), page: PageRequest()).items.compactMap(\.event.objectID).sorted()
            }
            #expect(try await ids("IN1") == ["IN1", "IN1/politie"])
            let (underscore, percent) = (try await ids("I_1"), try await ids("IN%"))
            #expect(underscore == ["I_1/adv"] && percent == ["IN%/adv"])
            #expect(try await ids("IN1/politie") == ["IN1/politie"])
        }
    }

    @Test("the database refuses to change or delete an entry", arguments: TestEngine.available)
    func appendOnly(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await Self.fill(AuditStore(database: database))
            let before = try await database.sql.raw("SELECT result FROM audit_events WHERE sequence = 5").first()?.decode(column: "result", as: String.self)
            let changed = await refusal { try await database.sql.raw("UPDATE audit_events SET result = 'success' WHERE sequence = 5").run() }
            #expect(changed?.contains("the audit trail is append-only") == true, "\(changed ?? "not refused")")
            let deleted = await refusal { try await database.sql.raw("DELETE FROM audit_events WHERE sequence = 5").run() }
            #expect(deleted?.contains("the audit trail is append-only") == true, "\(deleted ?? "not refused")")
            // Refused by the database, not merely failing: the entry reads back as it was, and the chain holds.
            let after = try await database.sql.raw("SELECT result FROM audit_events WHERE sequence = 5").first()?.decode(column: "result", as: String.self)
            #expect(before != nil && after == before)
            #expect(try await AuditStore(database: database).verify().breaks.isEmpty)
        }
    }

    @Test("verify finds a changed entry", arguments: TestEngine.available)
    func detectsChange(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = AuditStore(database: database)
            try await Self.fill(store)
            try await Self.dropGuards(database)
            try await database.sql.raw("UPDATE audit_events SET result = 'success' WHERE sequence = 5").run()
            #expect(try await store.verify().breaks == [.contentChanged(sequence: 5)])
        }
    }

    @Test("verify finds a removed entry", arguments: TestEngine.available)
    func detectsRemoval(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = AuditStore(database: database)
            try await Self.fill(store)
            try await Self.dropGuards(database)
            try await database.sql.raw("DELETE FROM audit_events WHERE sequence = 3").run()
            let breaks = try await store.verify().breaks
            #expect(breaks.contains(.gap(after: 2, next: 4)) && breaks.contains(.linkBroken(sequence: 4)))
        }
    }

    @Test("verify finds reordered entries, even with renumbered sequences", arguments: TestEngine.available)
    func detectsReordering(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = AuditStore(database: database)
            try await Self.fill(store)
            try await Self.dropGuards(database)
            // Renumber entry 4 only: its number is covered by its hash.
            try await database.sql.raw("UPDATE audit_events SET sequence = 40 WHERE sequence = 4").run()
            #expect(try await store.verify().breaks == [.contentChanged(sequence: 40)])
            try await database.sql.raw("UPDATE audit_events SET sequence = 4 WHERE sequence = 40").run()
            // Swap entries 2 and 3, number and place (via a free number).
            try await database.sql.raw("UPDATE audit_events SET sequence = 100, position = 100 WHERE sequence = 2").run()
            try await database.sql.raw("UPDATE audit_events SET sequence = 2, position = 2 WHERE sequence = 3").run()
            try await database.sql.raw("UPDATE audit_events SET sequence = 3, position = 3 WHERE sequence = 100").run()
            let breaks = try await store.verify().breaks
            #expect(breaks.contains(.linkBroken(sequence: 2)) && breaks.contains(.contentChanged(sequence: 2)))
        }
    }

    @Test("a change and its audit entry are stored together, or neither", arguments: TestEngine.available)
    func atomicWithChange(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let organisations = OrganisationStore(database: database)
            let event = AuditEvent(action: .organisationCreated, objectType: "organisation", objectID: "partner-a", occurredAt: Self.start)
            try await organisations.create(Organisation(id: OrganisationID("partner-a")!, name: "A", kind: .partner), at: Self.start, audit: event)
            await #expect(throws: DomainError.self) {
                try await organisations.create(Organisation(id: .nctv, name: "Dubbel", kind: .partner), at: Self.start, audit: event)
            }
            let trail = try await AuditStore(database: database).search(AuditFilter(), page: PageRequest())
            #expect(trail.items.map(\.event.objectID) == ["partner-a"])
        }
    }

    @Test("concurrent appends keep one unbroken chain", arguments: TestEngine.available)
    func concurrentAppends(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = AuditStore(database: database)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask { try await store.append(AuditEvent(action: .signInSucceeded, objectID: String(index), occurredAt: Date())) }
                }
                try await group.waitForAll()
            }
            let result = try await store.verify()
            #expect(result.count == 40 && result.breaks.isEmpty)
        }
    }

    @Test("concurrent transactions write in lanes (PostgreSQL), each lane a whole chain; a transaction keeps its lane; moving an entry between lanes breaks both",
          arguments: TestEngine.available)
    func lanes(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = AuditStore(database: database)
            try await Self.fill(store)
            // 24 transactions at once, each holding its lane for 50 ms: on PostgreSQL they spread over lanes instead of queueing.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        try await store.append(AuditEvent(action: .requestRead, actor: UUID(), objectType: "request", objectID: "r\(index)",
                                                          occurredAt: Self.start.addingTimeInterval(600)), lanes: AuditStore.lanes, holding: .milliseconds(50))
                    }
                }
                try await group.waitForAll()
            }
            // Two entries in one transaction: the second follows the first in the same lane.
            try await database.transaction { db in
                for index in 0..<2 {
                    try await AuditStore.append(AuditEvent(action: .requestChanged, objectType: "request", objectID: "twice-\(index)",
                                                           occurredAt: Self.start.addingTimeInterval(700)), on: db, engine: database.engine)
                }
            }
            let result = try await store.verify()
            #expect(result.count == 31 && result.breaks.isEmpty, "\(result.breaks)")
            if engine == .postgres { #expect(result.heads.count > 1, "concurrent transactions used more than one lane") }
            let twice = try await database.sql.select().columns("lane", "position").from("audit_events").where("object_id", .like, "twice-%")
                .orderBy("sequence").all().map { (try $0.decode(column: "lane", as: Int.self), try $0.decode(column: "position", as: Int.self)) }
            #expect(twice.count == 2 && twice[0].0 == twice[1].0 && twice[1].1 == twice[0].1 + 1)
            let sequences = try await database.sql.select().column("sequence").from("audit_events").all().map { try $0.decode(column: "sequence", as: Int.self) }
            #expect(Set(sequences).count == 31, "every entry its own number")

            guard engine == .postgres, let moved = result.heads.keys.filter({ $0 != 0 }).min() else { return }
            try await Self.dropGuards(database)
            try await database.sql.raw("UPDATE audit_events SET lane = 0, position = 1000 WHERE lane = \(literal: moved) AND position = 1").run()
            let breaks = try await store.verify().breaks
            #expect(breaks.contains { if case .gap = $0 { true } else { false } } && breaks.contains { if case .linkBroken = $0 { true } else { false } },
                    "\(breaks)")
        }
    }

    @Test("entries written before lanes verify unchanged after the migration, and the chain goes on from them", arguments: TestEngine.available)
    func beforeLanes(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, upTo: 28) { database, _ async throws in
            // Three entries as the single chain wrote them: sequence = place, hashed with it.
            var previous = AuditChain.genesis
            for sequence in 1...3 {
                let event = AuditEvent(action: .signInSucceeded, actor: UUID(), origin: "192.0.2.1", occurredAt: Self.start.addingTimeInterval(Double(sequence)))
                let hash = AuditStore.digest(AuditChain.canonical(sequence: sequence, previousHash: previous, content: AuditChain.content(of: event)))
                try await database.sql.insert(into: "audit_events")
                    .columns("sequence", "occurred_at", "action", "result", "actor_id", "origin", "previous_hash", "hash")
                    .values(SQLBind(sequence), SQLBind(event.occurredAt), SQLBind(event.action.rawValue), SQLBind(event.result.rawValue),
                            SQLBind(event.actor?.uuidString), SQLBind(event.origin), SQLBind(previous), SQLBind(hash)).run()
                previous = hash
            }
            try await Migrator.migrate(database)
            let store = AuditStore(database: database)
            try await store.append(AuditEvent(action: .signOut, occurredAt: Self.start.addingTimeInterval(10)))
            let result = try await store.verify()
            #expect(result.count == 4 && result.breaks.isEmpty, "\(result.breaks)")
            #expect(result.heads[0]?.position == 4)
            let refused = await refusal { try await database.sql.raw("UPDATE audit_events SET result = 'failure' WHERE sequence = 1").run() }
            #expect(refused?.contains("the audit trail is append-only") == true, "still append-only after the migration")
        }
    }
}
