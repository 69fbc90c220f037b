import Crypto
import Foundation
import SQLKit
import SteunpuntDomain

/// Signs and checks audit checkpoints with HMAC-SHA256 under a key derived from the
/// encryption key: whoever can change the database but does not hold the key file cannot
/// make a checkpoint that verifies.
public struct AuditCheckpointSigner: Sendable {
    let key: SymmetricKey

    public init(box: SecretBox) {
        key = box.derivedKey(for: "steunpunt audit checkpoint")
    }

    public func sign(_ checkpoint: AuditCheckpoint) -> String {
        SecretToken.hex(HMAC<SHA256>.authenticationCode(for: Data(checkpoint.signedText.utf8), using: key))
    }

    /// Checked offline (`audit verify`), so a plain comparison of the codes will do.
    public func isValid(_ checkpoint: AuditCheckpoint) -> Bool {
        sign(checkpoint) == checkpoint.signature
    }
}

extension AuditStore {
    /// Removes, lane by lane, the entries written before `cutoff` (the trail's retention
    /// period), behind a signed checkpoint of the last one removed, in one transaction with
    /// the audit entry that says so. A lane keeps at least its newest entry (the next one
    /// written links to it), and never loses an entry written at or after `cutoff`. Returns
    /// the checkpoints made (none when nothing was due).
    public func prune(before cutoff: Date, signer: AuditCheckpointSigner, actor: String, at now: Date) async throws -> [AuditCheckpoint] {
        let engine = database.engine
        return try await database.transaction { db in
            if engine == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(\(literal: AdvisoryLock.auditPruning.rawValue))").run() }
            var made: [AuditCheckpoint] = []
            let lanes = try await db.raw("SELECT lane, MAX(position) AS head FROM audit_events GROUP BY lane ORDER BY lane").all()
            var nextID = (try await db.raw("SELECT MAX(id) AS n FROM audit_checkpoints").first()?.decode(column: "n", as: Int?.self) ?? 0) + 1
            for row in lanes {
                let lane = try row.decode(column: "lane", as: Int.self)
                let head = try row.decode(column: "head", as: Int.self)
                // The last position before the first entry written at or after the cutoff.
                let firstKept = try await db.raw("""
                    SELECT MIN(position) AS p FROM audit_events WHERE lane = \(bind: lane) AND occurred_at >= \(bind: cutoff)
                    """).first()?.decode(column: "p", as: Int?.self)
                let last = min((firstKept ?? head + 1) - 1, head - 1)
                guard last > 0, let entry = try await db.raw("""
                    SELECT sequence, hash, occurred_at FROM audit_events WHERE lane = \(bind: lane) AND position = \(bind: last)
                    """).first() else { continue }
                let removed = try await db.raw("SELECT COUNT(*) AS n FROM audit_events WHERE lane = \(bind: lane) AND position <= \(bind: last)")
                    .first()?.decode(column: "n", as: Int.self) ?? 0
                guard removed > 0 else { continue }
                var checkpoint = AuditCheckpoint(lane: lane, position: last, sequence: try entry.decode(column: "sequence", as: Int.self),
                                                 hash: try entry.decode(column: "hash", as: String.self),
                                                 lastOccurredAt: try entry.decode(column: "occurred_at", as: Date.self),
                                                 cutoff: cutoff, removed: removed, madeAt: now)
                checkpoint.signature = signer.sign(checkpoint)
                try await db.insert(into: "audit_checkpoints")
                    .columns("id", "lane", "position", "sequence", "hash", "last_occurred_at", "cutoff", "removed", "made_at", "signature")
                    .values(SQLBind(nextID), SQLBind(lane), SQLBind(last), SQLBind(checkpoint.sequence), SQLBind(checkpoint.hash),
                            SQLBind(checkpoint.lastOccurredAt), SQLBind(cutoff), SQLBind(removed), SQLBind(now), SQLBind(checkpoint.signature))
                    .run()
                nextID += 1
                // The trail's trigger lets this through only at or below the checkpoint just made.
                try await db.delete(from: "audit_events").where("lane", .equal, lane).where("position", .lessThanOrEqual, last).run()
                made.append(checkpoint)
            }
            if !made.isEmpty {
                try await Self.append(AuditEvent(action: .auditPruned, actorLabel: actor, objectType: "audit",
                                                 objectID: "\(made.reduce(0) { $0 + $1.removed })", origin: actor, occurredAt: now),
                                      on: db, engine: engine)
            }
            return made
        }
    }

    /// Every checkpoint, oldest first.
    public func checkpoints() async throws -> [AuditCheckpoint] {
        try await database.sql.select()
            .columns("lane", "position", "sequence", "hash", "last_occurred_at", "cutoff", "removed", "made_at", "signature")
            .from("audit_checkpoints").orderBy("id").all().map { row in
                AuditCheckpoint(lane: try row.decode(column: "lane", as: Int.self), position: try row.decode(column: "position", as: Int.self),
                                sequence: try row.decode(column: "sequence", as: Int.self), hash: try row.decode(column: "hash", as: String.self),
                                lastOccurredAt: try row.decode(column: "last_occurred_at", as: Date.self),
                                cutoff: try row.decode(column: "cutoff", as: Date.self), removed: try row.decode(column: "removed", as: Int.self),
                                madeAt: try row.decode(column: "made_at", as: Date.self), signature: try row.decode(column: "signature", as: String.self))
            }
    }
}
