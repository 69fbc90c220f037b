import Foundation
import SQLKit
import SteunpuntDomain

/// Proposals of support from the 10-point plan. A proposal opens and is withdrawn only with
/// the progress change that ticks or unticks "wants support" (`ProgressStore.saveAll` calls
/// `follow`, in its transaction, so a bulk upload asks as the form does); the coordinator
/// decides it here. Confirming files the support request and records the decision in one
/// transaction; either decision answers the wish, so it clears "wants support" on the point
/// (a line in its history); a proposal no longer open is `conflict("support_proposal_decided")`.
public struct PlanSupportStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func get(_ id: UUID) async throws -> SupportProposal? {
        try await database.sql.select().column("*").from("plan_support_proposals").where("id", .equal, id.uppercasedText).first().map(Self.decode)
    }

    /// Proposals in `state` (every state when nil), the newest first.
    public func list(state: SupportProposalState?, limit: Int = 500) async throws -> [SupportProposal] {
        var query = database.sql.select().column("*").from("plan_support_proposals")
        if let state { query = query.where("state", .equal, state.rawValue) }
        return try await query.orderBy("asked_at", .descending).orderBy("id").limit(limit).all().map(Self.decode)
    }

    /// How many proposals stand in each state (one grouped statement).
    public func counts() async throws -> [SupportProposalState: Int] {
        var counts: [SupportProposalState: Int] = [:]
        for row in try await database.sql.select().column("state").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("plan_support_proposals").groupBy("state").all() {
            let text = try row.decode(column: "state", as: String.self)
            guard let state = SupportProposalState(rawValue: text) else { throw StorageError.corruptRow(table: "plan_support_proposals", key: text) }
            counts[state] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    /// The latest proposal on each point of `municipality`, by point key.
    public func latest(of municipality: MunicipalityCode) async throws -> [String: SupportProposal] {
        let rows = try await database.sql.select().column("*").from("plan_support_proposals").where("municipality_code", .equal, municipality.rawValue)
            .orderBy("asked_at").orderBy("id").all()
        var latest: [String: SupportProposal] = [:]
        for proposal in try rows.map(Self.decode) { latest[proposal.pointKey] = proposal }
        return latest
    }

    /// Files the request (through `requests`) and records the confirmation with it.
    public func confirm(_ id: UUID, request valid: RequestDraft.Valid, requests: RequestStore, requestID: UUID, desk: OrganisationID, by user: UUID,
                        at now: Date, targets: DeadlineTargets, audit: [AuditEvent]) async throws -> SupportRequest {
        let engine = database.engine
        return try await requests.create(valid, id: requestID, desk: desk, createdBy: user, at: now, targets: targets) { db in
            try await Self.decide(id, .confirmed, request: requestID, reason: "", by: user, at: now, on: db)
            for event in audit { try await AuditStore.append(event, on: db, engine: engine) }
        }
    }

    public func dismiss(_ id: UUID, reason: String, by user: UUID, at now: Date, audit: AuditEvent) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await Self.decide(id, .dismissed, request: nil, reason: reason, by: user, at: now, on: db)
            try await AuditStore.append(audit, on: db, engine: engine)
        }
    }

    /// What a progress change on `key` does to its proposal, in the change's transaction:
    /// `ask` opens one, `withdraw` closes the open one as withdrawn.
    static func follow(_ effect: PlanSupport.Effect, municipality: MunicipalityCode, point key: String, by user: UUID?, at now: Date,
                       on db: any SQLDatabase) async throws {
        switch effect {
        case .none:
            return
        case .ask:
            try await db.insert(into: "plan_support_proposals")
                .columns("id", "municipality_code", "point_key", "asked_by", "asked_at", "state", "reason")
                .values(SQLBind(UUID().uppercasedText), SQLBind(municipality.rawValue), SQLBind(key), SQLBind(user?.uppercasedText), SQLBind(now),
                        SQLBind(SupportProposalState.open.rawValue), SQLBind(""))
                .ignoringConflicts().run() // one already open (plan_support_open) stays as it is
        case .withdraw:
            try await db.update("plan_support_proposals").set("state", to: SupportProposalState.withdrawn.rawValue)
                .set("decided_by", to: SQLBind(user?.uppercasedText)).set("decided_at", to: now)
                .where("municipality_code", .equal, municipality.rawValue).where("point_key", .equal, key)
                .where("state", .equal, SupportProposalState.open.rawValue).run()
        }
    }

    private static func decide(_ id: UUID, _ state: SupportProposalState, request: UUID?, reason: String, by user: UUID, at now: Date,
                               on db: any SQLDatabase) async throws {
        let rows = try await db.update("plan_support_proposals").set("state", to: state.rawValue).set("request_id", to: SQLBind(request?.uppercasedText))
            .set("reason", to: reason).set("decided_by", to: user.uppercasedText).set("decided_at", to: now)
            .where("id", .equal, id.uppercasedText).where("state", .equal, SupportProposalState.open.rawValue)
            .returning("municipality_code", "point_key").all()
        guard let row = rows.first, let code = MunicipalityCode(try row.decode(column: "municipality_code", as: String.self)) else {
            throw DomainError.conflict("support_proposal_decided")
        }
        try await ProgressStore.settleSupportWish(code, point: try row.decode(column: "point_key", as: String.self), by: user, at: now, on: db)
    }

    private static func decode(_ row: any SQLRow) throws -> SupportProposal {
        let id = try row.decode(column: "id", as: String.self)
        guard let uuid = UUID(text: id), let code = MunicipalityCode(try row.decode(column: "municipality_code", as: String.self)),
              let state = SupportProposalState(rawValue: try row.decode(column: "state", as: String.self)) else {
            throw StorageError.corruptRow(table: "plan_support_proposals", key: id)
        }
        return SupportProposal(id: uuid, municipality: code, pointKey: try row.decode(column: "point_key", as: String.self),
                               askedBy: try row.decode(column: "asked_by", as: String?.self).flatMap(UUID.init(text:)),
                               askedAt: try row.decode(column: "asked_at", as: Date.self), state: state,
                               requestID: try row.decode(column: "request_id", as: String?.self).flatMap(UUID.init(text:)),
                               decidedBy: try row.decode(column: "decided_by", as: String?.self).flatMap(UUID.init(text:)),
                               decidedAt: try row.decode(column: "decided_at", as: Date?.self), reason: try row.decode(column: "reason", as: String.self))
    }
}
