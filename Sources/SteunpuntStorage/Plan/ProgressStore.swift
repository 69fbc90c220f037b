import Foundation
import SQLKit
import SteunpuntDomain

/// Each municipality's progress on the points of the 10-point plan, and its history. A
/// point has a row from its first change (none: not started); every change raises the
/// row's version (a change made on an older one is `conflict("progress_changed")`) and
/// adds a line to the history with the values after it, who and when. Ticking or unticking
/// "wants support" opens or withdraws the point's support proposal in the same transaction
/// (`PlanSupportStore`).
public struct ProgressStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The recorded progress of `municipality`, by point key.
    public func progress(of municipality: MunicipalityCode) async throws -> [String: PointProgress] {
        let rows = try await database.sql.select().column("*").from("plan_progress").where("municipality_code", .equal, municipality.rawValue).all()
        return Dictionary(try rows.map { try Self.decode($0) }.map { ($0.pointKey, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The recorded progress of several municipalities at once, by municipality and point key.
    public func progress(of municipalities: Set<MunicipalityCode>) async throws -> [MunicipalityCode: [String: PointProgress]] {
        guard !municipalities.isEmpty else { return [:] }
        var result: [MunicipalityCode: [String: PointProgress]] = [:]
        for row in try await database.sql.select().column("*").from("plan_progress")
            .where("municipality_code", .in, municipalities.map(\.rawValue).sorted()).all() {
            let progress = try Self.decode(row)
            result[progress.municipality, default: [:]][progress.pointKey] = progress
        }
        return result
    }

    /// Every recorded status, by municipality and point key (the national overview).
    public func statuses() async throws -> [MunicipalityCode: [String: ProgressStatus]] {
        var result: [MunicipalityCode: [String: ProgressStatus]] = [:]
        for row in try await database.sql.select().columns("municipality_code", "point_key", "status").from("plan_progress").all() {
            let code = try row.decode(column: "municipality_code", as: String.self), key = try row.decode(column: "point_key", as: String.self)
            guard let municipality = MunicipalityCode(code), let status = ProgressStatus(rawValue: try row.decode(column: "status", as: String.self)) else {
                throw StorageError.corruptRow(table: "plan_progress", key: "\(code)/\(key)")
            }
            result[municipality, default: [:]][key] = status
        }
        return result
    }

    public func get(_ municipality: MunicipalityCode, point key: String) async throws -> PointProgress? {
        try await database.sql.select().column("*").from("plan_progress").where("municipality_code", .equal, municipality.rawValue)
            .where("point_key", .equal, key).first().map { try Self.decode($0) }
    }

    /// Records `valid` on point `key` as a change made on `expectedVersion` (0: never
    /// recorded), against plan version `planVersion`; clears the mark for review.
    public func save(_ valid: ProgressDraft.Valid, municipality: MunicipalityCode, point key: String, expectedVersion: Int, planVersion: Int,
                     by user: UUID?, at now: Date, source: ProgressSource, historyID: UUID, audit: AuditEvent? = nil) async throws -> PointProgress {
        let change = Change(point: key, valid: valid, expectedVersion: expectedVersion, at: now, historyID: historyID)
        return try await saveAll([change], municipality: municipality, planVersion: planVersion, by: user, source: source, audit: audit)[0]
    }

    /// One change of `saveAll`: point `point` made `valid` at `at`, on version `expectedVersion`.
    public struct Change: Sendable {
        public let point: String
        public let valid: ProgressDraft.Valid
        public let expectedVersion: Int
        public let at: Date
        public let historyID: UUID

        public init(point: String, valid: ProgressDraft.Valid, expectedVersion: Int, at: Date, historyID: UUID = UUID()) {
            self.point = point
            self.valid = valid
            self.expectedVersion = expectedVersion
            self.at = at
            self.historyID = historyID
        }
    }

    /// Records several changes of one municipality in one transaction, in order (a point
    /// may change more than once; each change names the version it was made on): all of
    /// them are stored or, when one is stale (`conflict("progress_changed")`), none.
    public func saveAll(_ changes: [Change], municipality: MunicipalityCode, planVersion: Int, by user: UUID?, source: ProgressSource,
                        audit: AuditEvent? = nil) async throws -> [PointProgress] {
        let engine = database.engine
        return try await database.transaction { db in
            var saved: [PointProgress] = []
            for change in changes {
                let key = change.point, valid = change.valid
                let row = try await db.select().column("version").column("wants_support").from("plan_progress")
                    .where("municipality_code", .equal, municipality.rawValue).where("point_key", .equal, key).first()
                let current = try row?.decode(column: "version", as: Int.self) ?? 0
                let wanted = try row?.decode(column: "wants_support", as: Bool.self) ?? false
                guard current == change.expectedVersion else { throw DomainError.conflict("progress_changed") }
                let progress = PointProgress(municipality: municipality, pointKey: key, status: valid.status, since: valid.since, evidence: valid.evidence,
                                             responsibleFunction: valid.responsibleFunction, nextStep: valid.nextStep, nextStepOn: valid.nextStepOn,
                                             wantsSupport: valid.wantsSupport, planVersion: planVersion, needsReview: false, version: current + 1,
                                             changedBy: user, changedAt: change.at)
                if current == 0 {
                    try await db.insert(into: "plan_progress").columns(["municipality_code", "point_key", "version"] + Self.valueColumns)
                        .values([SQLBind(municipality.rawValue), SQLBind(key), SQLBind(progress.version)] + Self.values(progress)).run()
                } else {
                    var update = db.update("plan_progress").set("version", to: progress.version)
                    for (column, value) in zip(Self.valueColumns, Self.values(progress)) { update = update.set(SQLIdentifier(column), to: value) }
                    try await update.where("municipality_code", .equal, municipality.rawValue).where("point_key", .equal, key)
                        .where("version", .equal, current).run()
                }
                try await Self.addHistory(progress, id: change.historyID, source: source, on: db)
                try await PlanSupportStore.follow(PlanSupport.effect(wanted: wanted, wants: valid.wantsSupport), municipality: municipality, point: key,
                                                  by: user, at: change.at, on: db)
                saved.append(progress)
            }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return saved
        }
    }

    /// Marks every municipality's progress on `keys` for review after plan version
    /// `planVersion` changed what they ask, with a line in each history.
    static func markForReview(_ keys: [String], planVersion: Int, at now: Date, on db: any SQLDatabase) async throws {
        guard !keys.isEmpty else { return }
        let rows = try await db.select().column("*").from("plan_progress").where("point_key", .in, keys).all()
        for row in rows {
            var progress = try decode(row)
            progress.needsReview = true
            progress.planVersion = planVersion
            progress.version += 1
            progress.changedBy = nil
            progress.changedAt = now
            try await db.update("plan_progress").set("needs_review", to: true).set("plan_version", to: planVersion).set("version", to: progress.version)
                .set("changed_by", to: SQLLiteral.null).set("changed_at", to: now)
                .where("municipality_code", .equal, progress.municipality.rawValue).where("point_key", .equal, progress.pointKey).run()
            try await addHistory(progress, id: UUID(), source: .newPlanVersion, on: db)
        }
    }

    /// Clears "wants support" on `key` of `municipality` once the unit decided on the wish
    /// (in the decision's transaction): a new version, a line in the history by the decider.
    static func settleSupportWish(_ municipality: MunicipalityCode, point key: String, by user: UUID, at now: Date, on db: any SQLDatabase) async throws {
        guard let row = try await db.select().column("*").from("plan_progress").where("municipality_code", .equal, municipality.rawValue)
            .where("point_key", .equal, key).first() else { return }
        var progress = try decode(row)
        guard progress.wantsSupport else { return }
        progress.wantsSupport = false
        progress.version += 1
        progress.changedBy = user
        progress.changedAt = now
        try await db.update("plan_progress").set("wants_support", to: false).set("version", to: progress.version)
            .set("changed_by", to: user.uppercasedText).set("changed_at", to: now)
            .where("municipality_code", .equal, municipality.rawValue).where("point_key", .equal, key).run()
        try await addHistory(progress, id: UUID(), source: .supportDecision, on: db)
    }

    /// How many active municipalities of each province stand at each status on each point
    /// (points never recorded are not counted: they are not started).
    public func counts() async throws -> [PlanShares.Count] {
        let rows = try await database.sql.select()
            .column(SQLColumn("point_key", table: "p")).column(SQLColumn("province", table: "m")).column(SQLColumn("status", table: "p"))
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier("plan_progress"), as: SQLIdentifier("p")))
            .join(SQLAlias(SQLIdentifier("municipalities"), as: SQLIdentifier("m")), method: SQLJoinMethod.inner,
                  on: SQLColumn("code", table: "m"), .equal, SQLColumn("municipality_code", table: "p"))
            .where(SQLColumn("ended_on", table: "m"), .is, SQLLiteral.null)
            .groupBy(SQLColumn("point_key", table: "p")).groupBy(SQLColumn("province", table: "m")).groupBy(SQLColumn("status", table: "p"))
            .all()
        return try rows.map { row in
            let province = try row.decode(column: "province", as: String.self), status = try row.decode(column: "status", as: String.self)
            guard let place = Province(rawValue: province), let found = ProgressStatus(rawValue: status) else {
                throw StorageError.corruptRow(table: "plan_progress", key: "\(province)/\(status)")
            }
            return PlanShares.Count(point: try row.decode(column: "point_key", as: String.self), province: place, status: found,
                                    count: try row.decode(column: "n", as: Int.self))
        }
    }

    /// The history of `municipality`'s progress (on one point, or all), newest first.
    public func history(of municipality: MunicipalityCode, point key: String? = nil, limit: Int = 200) async throws -> [ProgressChange] {
        var query = database.sql.select().column("*").from("plan_progress_history").where("municipality_code", .equal, municipality.rawValue)
        if let key { query = query.where("point_key", .equal, key) }
        return try await query.orderBy("changed_at", .descending).orderBy("id", .descending).limit(limit).all().map { row in
            let id = try row.decode(column: "id", as: String.self)
            guard let uuid = UUID(text: id), let source = ProgressSource(rawValue: try row.decode(column: "source", as: String.self)) else {
                throw StorageError.corruptRow(table: "plan_progress_history", key: id)
            }
            let progress = try Self.decode(row, version: 0)
            return ProgressChange(id: uuid, progress: progress, changedBy: progress.changedBy, changedAt: progress.changedAt ?? Date(timeIntervalSince1970: 0),
                                  source: source)
        }
    }

    private static let valueColumns = ["status", "since", "evidence", "responsible_function", "next_step", "next_step_on", "wants_support",
                                       "plan_version", "needs_review", "changed_by", "changed_at"]

    private static func values(_ progress: PointProgress) -> [any SQLExpression] {
        [SQLBind(progress.status.rawValue), SQLBind(progress.since), SQLBind(progress.evidence), SQLBind(progress.responsibleFunction),
         SQLBind(progress.nextStep), SQLBind(progress.nextStepOn), SQLBind(progress.wantsSupport), SQLBind(progress.planVersion),
         SQLBind(progress.needsReview), SQLBind(progress.changedBy?.uppercasedText), SQLBind(progress.changedAt ?? Date())]
    }

    private static func addHistory(_ progress: PointProgress, id: UUID, source: ProgressSource, on db: any SQLDatabase) async throws {
        try await db.insert(into: "plan_progress_history").columns(["id", "municipality_code", "point_key", "source"] + valueColumns)
            .values([SQLBind(id.uppercasedText), SQLBind(progress.municipality.rawValue), SQLBind(progress.pointKey), SQLBind(source.rawValue)]
                    + values(progress)).run()
    }

    private static func decode(_ row: any SQLRow, version: Int? = nil) throws -> PointProgress {
        let code = try row.decode(column: "municipality_code", as: String.self)
        let key = try row.decode(column: "point_key", as: String.self)
        guard let municipality = MunicipalityCode(code), let status = ProgressStatus(rawValue: try row.decode(column: "status", as: String.self)) else {
            throw StorageError.corruptRow(table: "plan_progress", key: "\(code)/\(key)")
        }
        return PointProgress(municipality: municipality, pointKey: key, status: status, since: try row.decode(column: "since", as: String.self),
                             evidence: try row.decode(column: "evidence", as: String.self),
                             responsibleFunction: try row.decode(column: "responsible_function", as: String.self),
                             nextStep: try row.decode(column: "next_step", as: String.self), nextStepOn: try row.decode(column: "next_step_on", as: String.self),
                             wantsSupport: try row.decode(column: "wants_support", as: Bool.self), planVersion: try row.decode(column: "plan_version", as: Int.self),
                             needsReview: try row.decode(column: "needs_review", as: Bool.self),
                             version: try version ?? row.decode(column: "version", as: Int.self),
                             changedBy: try row.decode(column: "changed_by", as: String?.self).flatMap(UUID.init(text:)),
                             changedAt: try row.decode(column: "changed_at", as: Date.self))
    }
}
