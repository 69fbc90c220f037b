import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("The audit trail's own retention: old entries go behind a signed checkpoint, and verify still proves the rest")
struct AuditRetentionTests {
    static let old = Date(timeIntervalSince1970: 1_600_000_000)      // September 2020
    static let recent = Date(timeIntervalSince1970: 1_780_000_000)   // May 2026
    static let cutoff = Date(timeIntervalSince1970: 1_700_000_000)   // November 2023

    static func fill(_ store: AuditStore, old: Int, recent: Int) async throws {
        for index in 0..<old {
            try await store.append(AuditEvent(action: .signInSucceeded, actorLabel: "oud", origin: "cli", occurredAt: Self.old.addingTimeInterval(Double(index) * 60)))
        }
        for index in 0..<recent {
            try await store.append(AuditEvent(action: .signOut, actorLabel: "recent", origin: "cli", occurredAt: Self.recent.addingTimeInterval(Double(index) * 60)))
        }
    }

    static func count(_ database: Database, label: String) async throws -> Int {
        try await database.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE actor_label = \(bind: label)").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("entries before the cutoff go behind a signed checkpoint, in one transaction with the entry that says so; verify proves the rest; a second round removes nothing",
          arguments: TestEngine.available)
    func pruned(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = AuditStore(database: database)
            try await Self.fill(store, old: 10, recent: 5)
            let signer = AuditCheckpointSigner(box: try SecretBox(key: SecretBox.newKey()))
            let checkpoints = try await store.prune(before: Self.cutoff, signer: signer, actor: "retention", at: Self.recent.addingTimeInterval(3600))
            #expect(checkpoints.count == 1 && checkpoints.first?.removed == 10 && checkpoints.first?.position == 10)
            #expect(checkpoints.allSatisfy(signer.isValid))
            #expect(try await Self.count(database, label: "oud") == 0)
            #expect(try await Self.count(database, label: "recent") == 5, "nothing written at or after the cutoff goes")
            let result = try await store.verify(signer: signer)
            #expect(result.breaks.isEmpty, "\(result.breaks)")
            #expect(result.count == 6, "the five recent entries and the one that records the removal")
            let recorded = try await store.search(AuditFilter(action: .auditPruned), page: PageRequest()).items
            #expect(recorded.map(\.event.objectID) == ["10"] && recorded.first?.event.actorLabel == "retention")
            #expect(try await store.checkpoints() == checkpoints)
            #expect(try await store.prune(before: Self.cutoff, signer: signer, actor: "retention", at: Self.recent.addingTimeInterval(7200)).isEmpty)
        }
    }

    @Test("a lane keeps its newest entry, so the next entry links to it and the chain goes on", arguments: TestEngine.available)
    func keepsTheHead(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = AuditStore(database: database)
            try await Self.fill(store, old: 4, recent: 0)
            let signer = AuditCheckpointSigner(box: try SecretBox(key: SecretBox.newKey()))
            let checkpoints = try await store.prune(before: Self.recent, signer: signer, actor: "retention", at: Self.recent)
            #expect(checkpoints.map(\.removed) == [3])
            try await store.append(AuditEvent(action: .signOut, actorLabel: "later", occurredAt: Self.recent.addingTimeInterval(60)))
            let result = try await store.verify(signer: signer)
            #expect(result.breaks.isEmpty, "\(result.breaks)")
            #expect(result.count == 3, "the kept head, the removal's entry and the later one")
        }
    }

    @Test("the database refuses to delete an entry above a checkpoint, and to change or delete a checkpoint", arguments: TestEngine.available)
    func guarded(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = AuditStore(database: database)
            try await Self.fill(store, old: 3, recent: 3)
            await #expect(throws: (any Error).self) { try await database.sql.raw("DELETE FROM audit_events WHERE position = 1").run() }
            let signer = AuditCheckpointSigner(box: try SecretBox(key: SecretBox.newKey()))
            _ = try await store.prune(before: Self.cutoff, signer: signer, actor: "retention", at: Self.recent)
            await #expect(throws: (any Error).self) { try await database.sql.raw("DELETE FROM audit_events WHERE position = 4").run() }
            await #expect(throws: (any Error).self) { try await database.sql.raw("UPDATE audit_checkpoints SET position = 4").run() }
            await #expect(throws: (any Error).self) { try await database.sql.raw("DELETE FROM audit_checkpoints").run() }
            #expect(try await store.verify(signer: signer).breaks.isEmpty)
        }
    }

    @Test("verify finds a checkpoint that was changed or made without the key, and entries removed past a checkpoint", arguments: TestEngine.available)
    func tampering(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = AuditStore(database: database)
            try await Self.fill(store, old: 5, recent: 5)
            let signer = AuditCheckpointSigner(box: try SecretBox(key: SecretBox.newKey()))
            _ = try await store.prune(before: Self.cutoff, signer: signer, actor: "retention", at: Self.recent)
            // Another installation's key does not make this one's checkpoint.
            let stranger = AuditCheckpointSigner(box: try SecretBox(key: SecretBox.newKey()))
            #expect(try await store.verify(signer: stranger).breaks == [.checkpointInvalid(lane: 0, position: 5)])
            // An attacker moves the checkpoint on to hide two more removed entries.
            switch engine {
            case .sqlite:
                try await database.sql.raw("DROP TRIGGER audit_checkpoints_no_update").run()
                try await database.sql.raw("DROP TRIGGER audit_events_no_delete").run()
            case .postgres:
                try await database.sql.raw("DROP TRIGGER audit_checkpoints_no_change ON audit_checkpoints").run()
                try await database.sql.raw("DROP TRIGGER audit_events_no_change ON audit_events").run()
            }
            try await database.sql.raw("DELETE FROM audit_events WHERE position IN (6, 7)").run()
            let breaks = try await store.verify(signer: signer).breaks
            #expect(breaks.contains(.gap(after: 5, next: 8)) && breaks.contains(.linkBroken(sequence: 8)), "\(breaks)")
            // ... and makes the checkpoint name the last entry removed: the chain links again,
            // only the signature tells.
            let linked = try await database.sql.raw("SELECT previous_hash FROM audit_events WHERE position = 8").first()?
                .decode(column: "previous_hash", as: String.self) ?? ""
            try await database.sql.raw("UPDATE audit_checkpoints SET position = 7, sequence = 7, hash = \(bind: linked)").run()
            #expect(try await store.verify(signer: signer).breaks == [.checkpointInvalid(lane: 0, position: 7)])
        }
    }
}
