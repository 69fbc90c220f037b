import Foundation
import SQLKit
import SteunpuntDomain

/// The programme's targets and baselines per indicator (`indicator_targets`,
/// `indicator_baselines`, M0054): set, replaced and removed with their audit entry in the
/// same transaction.
public struct IndicatorTargetStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The targets of `code` (every indicator's when nil), by period.
    public func targets(_ code: IndicatorCode? = nil) async throws -> [IndicatorTarget] {
        var query = database.sql.select().columns("code", "period", "value", "set_by", "set_at").from("indicator_targets")
        if let code { query = query.where("code", .equal, code.rawValue) }
        return try await query.all().compactMap { row in
            let codeText = try row.decode(column: "code", as: String.self), periodText = try row.decode(column: "period", as: String.self)
            guard let code = IndicatorCode(rawValue: codeText) else { return nil }  // an indicator no longer defined
            guard let period = TargetPeriod(periodText) else { throw StorageError.corruptRow(table: "indicator_targets", key: "\(codeText)/\(periodText)") }
            return IndicatorTarget(code: code, period: period, value: try row.decode(column: "value", as: Double.self),
                                   setBy: try row.decode(column: "set_by", as: String?.self).flatMap(UUID.init(text:)), setAt: try row.decode(column: "set_at", as: Date.self))
        }.sorted { ($0.code.rawValue, $0.period) < ($1.code.rawValue, $1.period) }
    }

    /// Sets (or replaces) the target of `code` for `period`.
    public func setTarget(_ target: IndicatorTarget, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO indicator_targets (code, period, value, set_by, set_at)
                VALUES (\(bind: target.code.rawValue), \(bind: target.period.description), \(bind: target.value), \(bind: target.setBy?.uppercasedText), \(bind: target.setAt))
                ON CONFLICT (code, period) DO UPDATE SET value = excluded.value, set_by = excluded.set_by, set_at = excluded.set_at
                """).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    /// Removes the target of `code` for `period`; false when there was none.
    public func removeTarget(_ code: IndicatorCode, period: TargetPeriod, audit: AuditEvent? = nil) async throws -> Bool {
        let engine = database.engine
        return try await database.transaction { db in
            let removed = try await db.delete(from: "indicator_targets").where("code", .equal, code.rawValue).where("period", .equal, period.description)
                .returning("code").all()
            guard !removed.isEmpty else { return false }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return true
        }
    }

    /// The baseline of every indicator that has one.
    public func baselines() async throws -> [IndicatorCode: IndicatorBaseline] {
        var result: [IndicatorCode: IndicatorBaseline] = [:]
        for row in try await database.sql.select().columns("code", "period", "set_by", "set_at").from("indicator_baselines").all() {
            let codeText = try row.decode(column: "code", as: String.self), periodText = try row.decode(column: "period", as: String.self)
            guard let code = IndicatorCode(rawValue: codeText) else { continue }
            guard let period = PlanQuarter(periodText) else { throw StorageError.corruptRow(table: "indicator_baselines", key: codeText) }
            result[code] = IndicatorBaseline(code: code, period: period, setBy: try row.decode(column: "set_by", as: String?.self).flatMap(UUID.init(text:)),
                                             setAt: try row.decode(column: "set_at", as: Date.self))
        }
        return result
    }

    /// Sets (or replaces) the baseline of `baseline.code`: a closed quarter (the foreign key refuses another).
    public func setBaseline(_ baseline: IndicatorBaseline, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO indicator_baselines (code, period, set_by, set_at)
                VALUES (\(bind: baseline.code.rawValue), \(bind: baseline.period.description), \(bind: baseline.setBy?.uppercasedText), \(bind: baseline.setAt))
                ON CONFLICT (code) DO UPDATE SET period = excluded.period, set_by = excluded.set_by, set_at = excluded.set_at
                """).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }
}
