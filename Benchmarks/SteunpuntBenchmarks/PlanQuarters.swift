import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntStorage

/// Five years of the 10-point plan kept per quarter, for the plan's load benchmark
/// (issue 20: the national overview over "five years of quarterly snapshots"):
/// `plan-quarters DATABASE-URL COUNT` keeps the COUNT quarters before the current one, each
/// with the progress recorded now, fewer points the further back (the same on every run).
/// A quarter kept already (the server keeps the demo's own) is left as it is.
enum PlanQuarters {
    static func fill(_ database: Database, count: Int, now: Date = Date()) async throws {
        let statuses = try await ProgressStore(database: database).statuses()
        let kept = Set(try await PlanSnapshotStore(database: database).quarters())
        var quarters: [PlanQuarter] = [PlanQuarter(containing: now).previous]
        while quarters.count < count { quarters.append(quarters[quarters.count - 1].previous) }
        for (back, quarter) in quarters.enumerated() where !kept.contains(quarter) {
            try await database.transaction { db in
                try await db.insert(into: "plan_snapshot_quarters").columns("quarter", "ends_at", "taken_at")
                    .values(SQLBind(quarter.description), SQLBind(quarter.end()), SQLBind(now)).run()
                var rows: [[any SQLExpression]] = []
                for (code, points) in statuses {
                    for (key, status) in points where spread(code.rawValue + key, back) >= back * 4 {
                        rows.append([SQLBind(quarter.description), SQLBind(code.rawValue), SQLBind(key), SQLBind(status.rawValue)])
                    }
                }
                for start in stride(from: 0, to: rows.count, by: 500) {
                    var insert = db.insert(into: "plan_snapshots").columns("quarter", "municipality_code", "point_key", "status")
                    for row in rows[start..<min(start + 500, rows.count)] { insert = insert.values(row) }
                    try await insert.run()
                }
            }
        }
    }

    /// 0–99, the same for the same text and number on every run (FNV-1a).
    static func spread(_ text: String, _ number: Int) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in Array(text.utf8) + [UInt8(truncatingIfNeeded: number)] {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return Int(hash % 100)
    }
}
