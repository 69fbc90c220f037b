import Foundation
import SQLKit
import SteunpuntDomain

/// A municipality's response to a round, as stored.
public struct StoredResponse: Sendable, Equatable {
    public let status: ResponseStatus
    public let answers: Answers
    public let updatedAt: Date
    public let submittedAt: Date?
}

/// Quickscan responses: one per target per round, answers one row per question. Saving
/// writes only the changed questions (`Answers.changes`); a submitted response is
/// read-only until the unit reopens it.
public struct ResponseStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func get(_ round: UUID, _ municipality: MunicipalityCode) async throws -> StoredResponse? {
        guard let row = try await database.sql.select().columns("status", "updated_at", "submitted_at").from("quickscan_responses")
            .where("round_id", .equal, round.uppercasedText).where("municipality_code", .equal, municipality.rawValue).first() else { return nil }
        var answers = Answers()
        for answer in try await database.sql.select().columns("question_key", "value").from("quickscan_answers")
            .where("round_id", .equal, round.uppercasedText).where("municipality_code", .equal, municipality.rawValue).all() {
            answers.values[try answer.decode(column: "question_key", as: String.self)] = try AnswerCoding.decode(try answer.decode(column: "value", as: String.self))
        }
        return StoredResponse(status: ResponseStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .inProgress, answers: answers,
                              updatedAt: try row.decode(column: "updated_at", as: Date.self), submittedAt: try row.decode(column: "submitted_at", as: Date?.self))
    }

    /// The municipality's latest submitted response in any round: the round, when it was
    /// submitted and its answers (the plan's page shows it beside the plan). Nil when it
    /// never submitted one.
    public func latestSubmitted(of municipality: MunicipalityCode) async throws -> (round: UUID, submittedAt: Date, answers: Answers)? {
        guard let row = try await database.sql.select().columns("round_id", "submitted_at")
            .column(SQLRaw(Self.joinedAnswers(engine: database.engine)), as: "answers").from("quickscan_responses")
            .where("municipality_code", .equal, municipality.rawValue).where("status", .equal, ResponseStatus.submitted.rawValue)
            .orderBy("submitted_at", .descending).limit(1).first() else { return nil }
        let idText = try row.decode(column: "round_id", as: String.self)
        guard let round = UUID(text: idText), let submittedAt = try row.decode(column: "submitted_at", as: Date?.self) else {
            throw StorageError.corruptRow(table: "quickscan_responses", key: idText)
        }
        do {
            return (round, submittedAt, try AnswerCoding.answers(joined: try row.decode(column: "answers", as: String.self)))
        } catch is DomainError {
            throw StorageError.corruptRow(table: "quickscan_answers", key: idText)
        }
    }

    /// The answers of every submitted response to `round`, by municipality: what the
    /// analysis, the follow-up and the exports read. Each submitted response carries its
    /// answers as one text (`submitted_answers`, migration 21), so a round of 342
    /// municipalities × 100 questions is 342 short rows, not 34,200 answer rows to join.
    /// When a submitted response lacks that text (written by hand, or by an older build),
    /// the round's answer rows are joined by the database instead. (One query with
    /// `COALESCE(submitted_answers, …)` was measured: PostgreSQL then took 10 ms more for a
    /// national round even though no row needed the join.)
    public func submitted(_ round: UUID) async throws -> [MunicipalityCode: Answers] {
        if let stored = try await submitted(round, text: SQLColumn("submitted_answers")) { return stored }
        return try await submitted(round, text: SQLRaw(Self.joinedAnswers(engine: database.engine))) ?? [:]
    }

    /// The submitted responses with `text` as their joined answers; nil when one has none.
    private func submitted(_ round: UUID, text: any SQLExpression) async throws -> [MunicipalityCode: Answers]? {
        let rows = try await database.sql.select().column("municipality_code").column(text, as: "answers").from("quickscan_responses")
            .where("round_id", .equal, round.uppercasedText).where("status", .equal, ResponseStatus.submitted.rawValue).all()
        var result: [MunicipalityCode: Answers] = [:]
        result.reserveCapacity(rows.count)
        for row in rows {
            let key = try row.decode(column: "municipality_code", as: String.self)
            guard let code = MunicipalityCode(key) else { throw StorageError.corruptRow(table: "quickscan_responses", key: key) }
            guard let joined = try row.decode(column: "answers", as: String?.self) else { return nil }
            do {
                result[code] = try AnswerCoding.answers(joined: joined)
            } catch is DomainError {
                throw StorageError.corruptRow(table: "quickscan_answers", key: key)
            }
        }
        return result
    }

    /// A response's answers as one text, `key␟json␞key␟json…` (unit and record separators,
    /// which JSON always escapes inside strings; empty without answers): an SQL expression
    /// over the row of `quickscan_responses` it stands in.
    static func joinedAnswers(engine: Engine) -> String {
        let aggregate = engine == .postgres ? "string_agg(a.question_key || chr(31) || a.value, chr(30))"
            : "group_concat(a.question_key || char(31) || a.value, char(30))"
        return """
            COALESCE((SELECT \(aggregate) FROM quickscan_answers a \
            WHERE a.round_id = quickscan_responses.round_id AND a.municipality_code = quickscan_responses.municipality_code), '')
            """
    }

    /// Writes the changed answers (nil clears one); starts the response when it is the first
    /// save. Refused with `conflict("response_submitted")` once submitted.
    public func save(_ round: UUID, _ municipality: MunicipalityCode, changes: [String: AnswerValue?], by user: UUID, at now: Date) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await Self.openResponse(round, municipality, at: now, engine: engine, on: db)
            for (key, value) in changes.sorted(by: { $0.key < $1.key }) {
                let delete = db.delete(from: "quickscan_answers").where("round_id", .equal, round.uppercasedText)
                    .where("municipality_code", .equal, municipality.rawValue).where("question_key", .equal, key)
                guard let value else {
                    try await delete.run()
                    continue
                }
                let json = try AnswerCoding.encode(value)
                try await db.insert(into: "quickscan_answers").columns("round_id", "municipality_code", "question_key", "value", "changed_by", "changed_at")
                    .values(SQLBind(round.uppercasedText), SQLBind(municipality.rawValue), SQLBind(key), SQLBind(json), SQLBind(user.uppercasedText), SQLBind(now))
                    .onConflict(with: ["round_id", "municipality_code", "question_key"]) { conflict in
                        conflict.set(excludedValueOf: "value").set(excludedValueOf: "changed_by").set(excludedValueOf: "changed_at")
                    }.run()
            }
        }
    }

    /// Marks the response submitted (the caller has checked it is complete), with its
    /// dimension scores (what the comparison with a later round reads).
    public func submit(_ round: UUID, _ municipality: MunicipalityCode, scores: [SteunpuntDomain.Dimension: Double], by user: UUID, at now: Date,
                       audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await Self.openResponse(round, municipality, at: now, engine: engine, on: db)
            // The answers cannot change while submitted: kept beside it as one text for the analysis.
            try await db.update("quickscan_responses").set("status", to: ResponseStatus.submitted.rawValue).set("submitted_by", to: user.uppercasedText)
                .set("submitted_at", to: now).set("submitted_answers", to: SQLRaw(Self.joinedAnswers(engine: engine)))
                .where("round_id", .equal, round.uppercasedText).where("municipality_code", .equal, municipality.rawValue).run()
            try await Self.deleteScores(round, municipality, on: db)
            if !scores.isEmpty {
                var insert = db.insert(into: "quickscan_scores").columns("round_id", "municipality_code", "dimension", "score")
                for (dimension, score) in scores.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    insert = insert.values(SQLBind(round.uppercasedText), SQLBind(municipality.rawValue), SQLBind(dimension.rawValue), SQLBind(score))
                }
                try await insert.run()
            }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    /// Makes a submitted response editable again (the unit).
    public func reopen(_ round: UUID, _ municipality: MunicipalityCode, at now: Date, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            let rows = try await db.update("quickscan_responses").set("status", to: ResponseStatus.inProgress.rawValue).set("updated_at", to: now)
                .set("submitted_answers", to: SQLLiteral.null)
                .where("round_id", .equal, round.uppercasedText).where("municipality_code", .equal, municipality.rawValue)
                .where("status", .equal, ResponseStatus.submitted.rawValue).where("destroyed_at", .is, SQLLiteral.null).returning("round_id").all()
            guard !rows.isEmpty else {
                let destroyed = try await db.select().column("id").from("quickscan_responses").where("round_id", .equal, round.uppercasedText)
                    .where("municipality_code", .equal, municipality.rawValue).where("destroyed_at", .isNot, SQLLiteral.null).first()
                throw DomainError.conflict(destroyed == nil ? "response_not_submitted" : "record_destroyed")
            }
            try await Self.deleteScores(round, municipality, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    /// The stored dimension scores of every submitted response to `round`, by municipality;
    /// nil when a submitted response has none (submitted before scores were stored), so
    /// the caller scores the answers instead.
    public func scores(_ round: UUID) async throws -> [MunicipalityCode: [SteunpuntDomain.Dimension: Double]]? {
        let rows = try await database.sql.select().columns(SQLColumn("municipality_code", table: "s"), SQLColumn("dimension", table: "c"),
                                                           SQLColumn("score", table: "c"))
            .from(SQLAlias(SQLIdentifier("quickscan_responses"), as: SQLIdentifier("s")))
            .join(SQLAlias(SQLIdentifier("quickscan_scores"), as: SQLIdentifier("c")), method: SQLJoinMethod.left,
                  on: SQLQueryString("c.round_id = s.round_id AND c.municipality_code = s.municipality_code"))
            .where(SQLColumn("round_id", table: "s"), .equal, SQLBind(round.uppercasedText))
            .where(SQLColumn("status", table: "s"), .equal, SQLBind(ResponseStatus.submitted.rawValue)).all()
        var result: [MunicipalityCode: [SteunpuntDomain.Dimension: Double]] = [:]
        for row in rows {
            let text = try row.decode(column: "municipality_code", as: String.self)
            guard let code = MunicipalityCode(text) else { throw StorageError.corruptRow(table: "quickscan_scores", key: text) }
            guard let name = try row.decode(column: "dimension", as: String?.self) else {
                // Submitted without stored scores: a response scored nothing (every scored
                // question left open) also has none, which the caller's scoring gives too.
                return nil
            }
            guard let dimension = SteunpuntDomain.Dimension(rawValue: name) else { throw StorageError.corruptRow(table: "quickscan_scores", key: text) }
            result[code, default: [:]][dimension] = try row.decode(column: "score", as: Double.self)
        }
        return result
    }

    private static func deleteScores(_ round: UUID, _ municipality: MunicipalityCode, on db: any SQLDatabase) async throws {
        try await db.delete(from: "quickscan_scores").where("round_id", .equal, round.uppercasedText)
            .where("municipality_code", .equal, municipality.rawValue).run()
    }

    /// Creates the response row if needed and refuses a submitted one; on SQLite the
    /// transaction holds the write lock, on PostgreSQL the row is locked for the save.
    private static func openResponse(_ round: UUID, _ municipality: MunicipalityCode, at now: Date, engine: Engine, on db: any SQLDatabase) async throws {
        try await db.insert(into: "quickscan_responses").columns("id", "round_id", "municipality_code", "status", "updated_at")
            .values(SQLBind(UUID().uuidString), SQLBind(round.uppercasedText), SQLBind(municipality.rawValue), SQLBind(ResponseStatus.inProgress.rawValue),
                    SQLBind(now))
            .ignoringConflicts(with: ["round_id", "municipality_code"]).run()
        var select = db.select().columns("status", "destroyed_at").from("quickscan_responses").where("round_id", .equal, round.uppercasedText)
            .where("municipality_code", .equal, municipality.rawValue)
        if engine == .postgres { select = select.for(.update) }
        let row = try await select.first()
        if let row, !(try row.decodeNil(column: "destroyed_at")) { throw DomainError.conflict("record_destroyed") }
        guard try row?.decode(column: "status", as: String.self) == ResponseStatus.inProgress.rawValue else {
            throw DomainError.conflict("response_submitted")
        }
        try await db.update("quickscan_responses").set("updated_at", to: now).where("round_id", .equal, round.uppercasedText)
            .where("municipality_code", .equal, municipality.rawValue).run()
    }
}
