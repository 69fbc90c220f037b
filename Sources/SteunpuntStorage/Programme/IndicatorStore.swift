import Foundation
import SQLKit
import SteunpuntDomain

/// The named queries of the action programme's indicators: one per `IndicatorCode`, each
/// giving the records the indicator rests on for a period (its definition in
/// `IndicatorDefinition`), and the records of periods that have ended, kept as they were
/// read (`indicator_records`, M0052).
public struct IndicatorStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The records `code` rests on in `period` as the stores hold them now.
    public func records(_ code: IndicatorCode, in period: PlanQuarter) async throws -> [IndicatorRecord] {
        let from = period.previous.end(), until = period.end()
        let sql = database.sql
        switch code {
        case .municipalitiesAdvised:
            return try await sql.raw("""
                SELECT r.id, r.municipality_code, r.province FROM support_requests r JOIN organisations o ON o.id = r.requester_id
                WHERE r.outcome = \(bind: RequestOutcome.advised.rawValue) AND o.kind = \(bind: OrganisationKind.municipality.rawValue)
                AND r.closed_at >= \(bind: from) AND r.closed_at < \(bind: until)
                """).all().map { try Self.record($0, key: "province") }
        case .requestsByChannel:
            return try await sql.raw("""
                SELECT id, municipality_code, channel FROM support_requests WHERE created_at >= \(bind: from) AND created_at < \(bind: until)
                """).all().map { try Self.record($0, key: "channel") }
        case .daysToFirstResponse:
            return try await sql.raw("""
                SELECT id, municipality_code, channel, created_at, first_response_at FROM support_requests
                WHERE first_response_at >= \(bind: from) AND first_response_at < \(bind: until)
                """).all().map { row in
                    let days = (try row.decode(column: "first_response_at", as: Date.self).timeIntervalSince(try row.decode(column: "created_at", as: Date.self))) / 86_400
                    return try Self.record(row, key: "channel", value: (days * 10).rounded() / 10)
                }
        case .incidentsByKind:
            let first = String(format: "%04d-%02d-01", period.year, (period.quarter - 1) * 3 + 1)
            let next = period.quarter == 4 ? String(format: "%04d-01-01", period.year + 1) : String(format: "%04d-%02d-01", period.year, period.quarter * 3 + 1)
            return try await sql.raw("""
                SELECT id, municipality_code, kind FROM incidents WHERE occurred_on >= \(bind: first) AND occurred_on < \(bind: next)
                """).all().map { try Self.record($0, key: "kind") }
        }
    }

    /// The records kept for `code` in `period`, with the definition's version and when they were read.
    public func frozen(_ code: IndicatorCode, in period: PlanQuarter) async throws -> (version: Int, records: [IndicatorRecord], readAt: Date)? {
        guard let row = try await database.sql.select().column("*").from("indicator_records").where("code", .equal, code.rawValue)
            .where("period", .equal, period.description).first() else { return nil }
        let records = try JSONDecoder().decode([IndicatorRecord].self, from: Data(try row.decode(column: "records", as: String.self).utf8))
        return (try row.decode(column: "definition_version", as: Int.self), records, try row.decode(column: "read_at", as: Date.self))
    }

    /// Keeps `records` for `code` in `period` (the first reading after the period ended stays).
    public func freeze(_ code: IndicatorCode, in period: PlanQuarter, version: Int, records: [IndicatorRecord], readAt: Date) async throws {
        let text = String(decoding: try JSONEncoder().encode(records), as: UTF8.self)
        try await database.sql.raw("""
            INSERT INTO indicator_records (code, period, definition_version, records, read_at)
            VALUES (\(bind: code.rawValue), \(bind: period.description), \(bind: version), \(bind: text), \(bind: readAt))
            ON CONFLICT (code, period) DO NOTHING
            """).run()
    }

    static func record(_ row: any SQLRow, key column: String, value: Double? = nil) throws -> IndicatorRecord {
        let key = try row.decode(column: "id", as: String.self)
        guard let id = UUID(text: key) else { throw StorageError.corruptRow(table: "indicator", key: key) }
        return IndicatorRecord(id: id, unit: try row.decode(column: "municipality_code", as: String.self), key: try row.decode(column: column, as: String.self),
                               value: value)
    }
}

extension IndicatorStore {
    /// Of `ids`, the requests `scope` may open (the provenance links a reader follows).
    public func visibleRequests(_ ids: [UUID], scope: RequestScope) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        var visible: Set<UUID> = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = ids[start..<min(start + 500, ids.count)].map(\.uppercasedText)
            let query = RequestQuery.scoped(database.sql.select().column(RequestQuery.column("id")).from(RequestQuery.table)
                .where(RequestQuery.column("id"), .in, SQLBind.group(chunk)), scope)
            for row in try await query.all() { if let id = UUID(text: try row.decode(column: "id", as: String.self)) { visible.insert(id) } }
        }
        return visible
    }
}
