import Foundation
import SQLKit
import SteunpuntDomain

/// A round with how far its responses have come: the response rate the unit follows live.
public struct RoundSummary: Sendable, Equatable {
    public let round: Round
    public let invited: Int
    /// Responses saved at least once and not submitted.
    public let inProgress: Int
    public let submitted: Int

    /// Submitted responses as a share of the targets, 0…1.
    public var responseRate: Double { invited == 0 ? 0 : Double(submitted) / Double(invited) }
}

/// A target with its invitation and where its response stands (nil: not started).
public struct TargetProgress: Sendable, Equatable {
    public let target: RoundTarget
    public let status: ResponseStatus?
    public let updatedAt: Date?
    public let submittedAt: Date?

    /// Not submitted: the list for reminders.
    public var isNonResponder: Bool { status != .submitted }
}

extension RoundStore {
    /// Every round, newest opening first, with its counts (one query).
    public func list() async throws -> [RoundSummary] {
        try await summaries(database.sql.select())
    }

    /// The rounds `municipality` is a target of, newest first, with its own progress.
    public func rounds(for municipality: MunicipalityCode) async throws -> [(round: Round, progress: TargetProgress)] {
        let rows = try await database.sql.select().column(SQLColumn("*", table: "r"))
            .columns(SQLColumn("invited_at", table: "t"), SQLColumn("expires_at", table: "t"), SQLColumn("revoked_at", table: "t"))
            .column(SQLColumn("status", table: "s")).column(SQLColumn("updated_at", table: "s"), as: "response_updated_at")
            .column(SQLColumn("submitted_at", table: "s"))
            .from(SQLAlias(SQLIdentifier("quickscan_targets"), as: SQLIdentifier("t")))
            .join(SQLAlias(SQLIdentifier("quickscan_rounds"), as: SQLIdentifier("r")), on: SQLColumn("id", table: "r"), .equal, SQLColumn("round_id", table: "t"))
            .join(SQLAlias(SQLIdentifier("quickscan_responses"), as: SQLIdentifier("s")), method: SQLJoinMethod.left,
                  on: SQLQueryString("s.round_id = t.round_id AND s.municipality_code = t.municipality_code"))
            .where(SQLColumn("municipality_code", table: "t"), .equal, SQLBind(municipality.rawValue))
            .orderBy(Self.newestFirst).all()
        return try rows.map { row in
            (try Self.decode(row), try Self.progress(row, municipality: municipality))
        }
    }

    /// The latest round that comes before `round` in `newestFirst` order and has submitted
    /// responses: what an analysis compares with. Compared with the round's stored row, not
    /// the value in memory: a time read back from the database may be rounded, and a round
    /// compared with a rounded copy of itself could find itself (issue 14.6).
    public func previous(before round: Round) async throws -> Round? {
        try await database.sql.select().column(SQLColumn("*", table: "r"))
            .from(SQLAlias(SQLIdentifier("quickscan_rounds"), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier("quickscan_rounds"), as: SQLIdentifier("o")), on: SQLColumn("id", table: "o"), .equal, SQLBind(round.id.uppercasedText))
            .where(SQLQueryString("(r.opens_on < o.opens_on OR (r.opens_on = o.opens_on AND (r.created_at < o.created_at OR (r.created_at = o.created_at AND r.id < o.id))))"))
            .where(SQLQueryString("EXISTS (SELECT 1 FROM quickscan_responses s WHERE s.round_id = r.id AND s.status = \(bind: ResponseStatus.submitted.rawValue))"))
            .orderBy(Self.newestFirst).limit(1).first().map(Self.decode)
    }

    /// Rounds newest first: by opening day, then by when they were made, then by id, so that
    /// two rounds made in the same instant still have one order.
    static let newestFirst = SQLList([
        SQLOrderBy(expression: SQLColumn("opens_on", table: "r"), direction: SQLDirection.descending),
        SQLOrderBy(expression: SQLColumn("created_at", table: "r"), direction: SQLDirection.descending),
        SQLOrderBy(expression: SQLColumn("id", table: "r"), direction: SQLDirection.descending),
    ])

    /// The round with its counts.
    public func summary(_ id: UUID) async throws -> RoundSummary? {
        try await summaries(database.sql.select().where(SQLColumn("id", table: "r"), .equal, SQLBind(id.uppercasedText))).first
    }

    /// Each target of `round` with its invitation and response, by municipality code.
    public func progress(_ round: UUID) async throws -> [TargetProgress] {
        try await database.sql.select().columns(SQLColumn("municipality_code", table: "t"), SQLColumn("invited_at", table: "t"),
                                                SQLColumn("expires_at", table: "t"), SQLColumn("revoked_at", table: "t"))
            .column(SQLColumn("status", table: "s")).column(SQLColumn("updated_at", table: "s"), as: "response_updated_at")
            .column(SQLColumn("submitted_at", table: "s"))
            .from(SQLAlias(SQLIdentifier("quickscan_targets"), as: SQLIdentifier("t")))
            .join(SQLAlias(SQLIdentifier("quickscan_responses"), as: SQLIdentifier("s")), method: SQLJoinMethod.left,
                  on: SQLQueryString("s.round_id = t.round_id AND s.municipality_code = t.municipality_code"))
            .where(SQLColumn("round_id", table: "t"), .equal, SQLBind(round.uppercasedText))
            .orderBy(SQLColumn("municipality_code", table: "t")).all().map { row in
                let text = try row.decode(column: "municipality_code", as: String.self)
                guard let code = MunicipalityCode(text) else { throw StorageError.corruptRow(table: "quickscan_targets", key: text) }
                return try Self.progress(row, municipality: code)
            }
    }

    private func summaries(_ select: SQLSelectBuilder) async throws -> [RoundSummary] {
        let submitted = SQLBind(ResponseStatus.submitted.rawValue), inProgress = SQLBind(ResponseStatus.inProgress.rawValue)
        return try await select.column(SQLColumn("*", table: "r"))
            .column(SQLQueryString("(SELECT COUNT(*) FROM quickscan_targets t WHERE t.round_id = r.id)"), as: "invited")
            .column(SQLQueryString("(SELECT COUNT(*) FROM quickscan_responses s WHERE s.round_id = r.id AND s.status = \(inProgress))"), as: "in_progress")
            .column(SQLQueryString("(SELECT COUNT(*) FROM quickscan_responses s WHERE s.round_id = r.id AND s.status = \(submitted))"), as: "submitted")
            .from(SQLAlias(SQLIdentifier("quickscan_rounds"), as: SQLIdentifier("r")))
            .orderBy(Self.newestFirst)
            .all().map { row in
                RoundSummary(round: try Self.decode(row), invited: try row.decode(column: "invited", as: Int.self),
                             inProgress: try row.decode(column: "in_progress", as: Int.self), submitted: try row.decode(column: "submitted", as: Int.self))
            }
    }

    private static func progress(_ row: any SQLRow, municipality: MunicipalityCode) throws -> TargetProgress {
        let status = try row.decode(column: "status", as: String?.self).map { text in
            guard let status = ResponseStatus(rawValue: text) else { throw StorageError.corruptRow(table: "quickscan_responses", key: municipality.rawValue) }
            return status
        }
        return TargetProgress(target: RoundTarget(municipality: municipality, invitedAt: try row.decode(column: "invited_at", as: Date.self),
                                                  expiresAt: try row.decode(column: "expires_at", as: Date.self),
                                                  revokedAt: try row.decode(column: "revoked_at", as: Date?.self)),
                              status: status, updatedAt: try row.decode(column: "response_updated_at", as: Date?.self),
                              submittedAt: try row.decode(column: "submitted_at", as: Date?.self))
    }
}
