import Foundation
import SQLKit
import SteunpuntDomain

/// The coordinator's decision on a quickscan follow-up proposal.
public struct StoredFollowUp: Sendable, Equatable {
    public let decision: FollowUpDecision
    public let requestID: UUID?
    public let decidedBy: UUID
    public let decidedAt: Date
}

/// Decisions on quickscan follow-up proposals: one per municipality per round. Confirming
/// files the support request and records the decision in one transaction.
public struct FollowUpStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func decisions(_ round: UUID) async throws -> [MunicipalityCode: StoredFollowUp] {
        var result: [MunicipalityCode: StoredFollowUp] = [:]
        for row in try await database.sql.select().columns("municipality_code", "decision", "request_id", "decided_by", "decided_at")
            .from("quickscan_follow_ups").where("round_id", .equal, round.uppercasedText).all() {
            let text = try row.decode(column: "municipality_code", as: String.self)
            guard let code = MunicipalityCode(text), let decision = FollowUpDecision(rawValue: try row.decode(column: "decision", as: String.self)),
                  let by = UUID(text: try row.decode(column: "decided_by", as: String.self)) else {
                throw StorageError.corruptRow(table: "quickscan_follow_ups", key: text)
            }
            result[code] = StoredFollowUp(decision: decision, requestID: try row.decode(column: "request_id", as: String?.self).flatMap(UUID.init(text:)),
                                          decidedBy: by, decidedAt: try row.decode(column: "decided_at", as: Date.self))
        }
        return result
    }

    /// Files the request (through `requests`) and records the confirmation with it; a
    /// proposal already decided is a conflict (`follow_up_decided`), and then nothing is filed.
    public func confirm(_ round: UUID, _ municipality: MunicipalityCode, request valid: RequestDraft.Valid, requests: RequestStore, id: UUID,
                        desk: OrganisationID, by user: UUID, at now: Date, targets: DeadlineTargets, audit: [AuditEvent]) async throws -> SupportRequest {
        let engine = database.engine
        return try await requests.create(valid, id: id, desk: desk, createdBy: user, at: now, targets: targets) { db in
            try await Self.record(round, municipality, .confirmed, request: id, by: user, at: now, on: db)
            for event in audit { try await AuditStore.append(event, on: db, engine: engine) }
        }
    }

    public func dismiss(_ round: UUID, _ municipality: MunicipalityCode, by user: UUID, at now: Date, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await Self.record(round, municipality, .dismissed, request: nil, by: user, at: now, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    private static func record(_ round: UUID, _ municipality: MunicipalityCode, _ decision: FollowUpDecision, request: UUID?, by user: UUID, at now: Date,
                               on db: any SQLDatabase) async throws {
        let rows = try await db.insert(into: "quickscan_follow_ups")
            .columns("round_id", "municipality_code", "decision", "request_id", "decided_by", "decided_at")
            .values(SQLBind(round.uppercasedText), SQLBind(municipality.rawValue), SQLBind(decision.rawValue), SQLBind(request?.uppercasedText),
                    SQLBind(user.uppercasedText), SQLBind(now))
            .ignoringConflicts(with: ["round_id", "municipality_code"]).returning("round_id").all()
        guard !rows.isEmpty else { throw DomainError.conflict("follow_up_decided") }
    }
}
