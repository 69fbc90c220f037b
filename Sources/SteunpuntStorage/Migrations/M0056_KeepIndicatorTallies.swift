import Foundation
import SQLKit
import SteunpuntDomain

/// The indicators read counted, not one row per record (issue 22, performance): a closed
/// quarter keeps each figure's tally (`indicator_records.tally`: records per part and unit,
/// and per part and value; `records` is left empty from now on) and the requests behind
/// each request figure as rows (`indicator_kept_requests`), so a reader's page of them is
/// one query narrowed to their scope. Quarters closed before are converted: their records
/// tallied, their request ids kept as rows. Indexes for the request figures' periods:
/// closed (municipalities advised) and first answered (days to the first response), with
/// what those figures group by, so neither reads a million requests.
enum M0056_KeepIndicatorTallies: Migration {
    static let id = 56
    static let name = "indicator tallies and kept requests"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE indicator_records ADD COLUMN tally TEXT",
            """
            CREATE TABLE indicator_kept_requests (
                code TEXT NOT NULL,
                period TEXT NOT NULL,
                request_id TEXT NOT NULL REFERENCES support_requests (id),
                PRIMARY KEY (code, period, request_id)
            )
            """,
            "CREATE INDEX support_requests_closed ON support_requests (closed_at, outcome)",
            "CREATE INDEX support_requests_first_response ON support_requests (first_response_at, channel, municipality_code, created_at)",
        ])
        let requestCodes = Set(IndicatorDefinition.all.filter { $0.records == .request }.map(\.code.rawValue))
        for row in try await db.select().columns("code", "period", "records").from("indicator_records").all() {
            let code = try row.decode(column: "code", as: String.self), period = try row.decode(column: "period", as: String.self)
            let records = try JSONDecoder().decode([IndicatorRecord].self, from: Data(try row.decode(column: "records", as: String.self).utf8))
            let tally = String(decoding: try JSONEncoder().encode(IndicatorTally(records)), as: UTF8.self)
            try await db.update("indicator_records").set("tally", to: tally).set("records", to: "[]")
                .where("code", .equal, code).where("period", .equal, period).run()
            guard requestCodes.contains(code) else { continue }
            for start in stride(from: 0, to: records.count, by: 500) {
                let ids = records[start..<min(start + 500, records.count)].map(\.id)
                try await db.raw("""
                    INSERT INTO indicator_kept_requests (code, period, request_id)
                    SELECT \(bind: code), \(bind: period), id FROM support_requests WHERE id IN \(SQLBind.group(ids))
                    """).run()
            }
        }
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP INDEX support_requests_first_response", "DROP INDEX support_requests_closed", "DROP TABLE indicator_kept_requests",
                          "ALTER TABLE indicator_records DROP COLUMN tally"])
    }
}
