import Foundation
import SQLKit
import SteunpuntDomain

/// The 10-point plan as it stood at the end of each quarter (`plan_snapshots`, M0043): every
/// municipality's status on every point it had recorded by then, read from the history, so
/// a quarter is kept as it was even when it is kept later (the server was down at the turn
/// of the quarter, or the feature arrived after it).
public struct PlanSnapshotStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The quarters kept, newest first.
    public func quarters() async throws -> [PlanQuarter] {
        try await database.sql.select().column("quarter").from("plan_snapshot_quarters").orderBy("quarter", .descending).all().map(Self.quarter)
    }

    /// The latest quarter kept.
    public func latest() async throws -> PlanQuarter? {
        try await database.sql.select().column("quarter").from("plan_snapshot_quarters").orderBy("quarter", .descending).limit(1).first().map(Self.quarter)
    }

    private static func quarter(_ row: any SQLRow) throws -> PlanQuarter {
        let text = try row.decode(column: "quarter", as: String.self)
        guard let quarter = PlanQuarter(text) else { throw StorageError.corruptRow(table: "plan_snapshot_quarters", key: text) }
        return quarter
    }

    /// Every status kept for `quarter` (a point not recorded by then has no row: not started).
    public func statuses(at quarter: PlanQuarter) async throws -> [MunicipalityCode: [String: ProgressStatus]] {
        var result: [MunicipalityCode: [String: ProgressStatus]] = [:]
        for row in try await database.sql.select().columns("municipality_code", "point_key", "status").from("plan_snapshots")
            .where("quarter", .equal, quarter.description).all() {
            let code = try row.decode(column: "municipality_code", as: String.self), key = try row.decode(column: "point_key", as: String.self)
            guard let municipality = MunicipalityCode(code), let status = ProgressStatus(rawValue: try row.decode(column: "status", as: String.self)) else {
                throw StorageError.corruptRow(table: "plan_snapshots", key: "\(quarter)/\(code)/\(key)")
            }
            result[municipality, default: [:]][key] = status
        }
        return result
    }

    /// When the first change of progress was recorded; nil when none was.
    public func firstChange() async throws -> Date? {
        try await database.sql.select().column(SQLFunction("MIN", args: SQLColumn("changed_at")), as: "first").from("plan_progress_history").first()?
            .decode(column: "first", as: Date?.self)
    }

    /// Keeps `quarter` from the history: each point's last line before the quarter ended.
    /// Returns false when it was kept already (by this instance or another: the quarter's
    /// row is claimed first, in the same transaction).
    @discardableResult
    public func take(_ quarter: PlanQuarter, at now: Date) async throws -> Bool {
        let ends = quarter.end()
        return try await database.transaction { db in
            let claimed = try await db.insert(into: "plan_snapshot_quarters").columns("quarter", "ends_at", "taken_at")
                .values(SQLBind(quarter.description), SQLBind(ends), SQLBind(now))
                .ignoringConflicts(with: ["quarter"])
                .returning("quarter").all()
            guard !claimed.isEmpty else { return false }
            try await db.raw("""
                INSERT INTO plan_snapshots (quarter, municipality_code, point_key, status)
                SELECT \(bind: quarter.description), municipality_code, point_key, status FROM (
                    SELECT municipality_code, point_key, status,
                           ROW_NUMBER() OVER (PARTITION BY municipality_code, point_key ORDER BY changed_at DESC, id DESC) AS position
                    FROM plan_progress_history WHERE changed_at < \(bind: ends)
                ) latest WHERE position = 1
                """).run()
            return true
        }
    }
}
