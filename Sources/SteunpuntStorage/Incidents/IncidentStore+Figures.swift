import Foundation
import SQLKit
import SteunpuntDomain

extension IncidentStore {
    /// The incidents that happened in `year` (of `kind`, when given), counted per
    /// municipality for each month, kind, nature and ground: four grouped reads over the
    /// year's part of `incidents_period` (M0048), never a row per incident.
    public func tally(year: Int, kind: IncidentKind? = nil) async throws -> IncidentTally {
        let from = String(format: "%04d-01-01", year), to = String(format: "%04d-01-01", year + 1)
        var filter: SQLQueryString = "i.occurred_on >= \(bind: from) AND i.occurred_on < \(bind: to)"
        if let kind { filter = "\(filter) AND i.kind = \(bind: kind.rawValue)" }
        func parts(_ key: String, from source: String = "incidents i") async throws -> IncidentTally.Parts {
            let rows = try await database.sql.raw("""
                SELECT \(unsafeRaw: key) AS part, i.municipality_code AS code, COUNT(*) AS n FROM \(unsafeRaw: source)
                WHERE \(filter) GROUP BY \(unsafeRaw: key), i.municipality_code
                """).all()
            var parts: IncidentTally.Parts = [:]
            for row in rows {
                let columns = Columns(row, table: "incidents")
                parts[try columns.string("part"), default: [:]][try columns.string("code")] = try columns.int("n")
            }
            return parts
        }
        return IncidentTally(year: year, kind: kind, months: try await parts("substr(i.occurred_on, 1, 7)"), kinds: try await parts("i.kind"),
                             natures: try await parts("COALESCE(i.nature, '\(IncidentTally.noNature)')"),
                             grounds: try await parts("g.ground", from: "incident_grounds g INNER JOIN incidents i ON i.id = g.incident_id"))
    }

    /// The first and the last year in which incidents happened (read from the ends of the
    /// index), nil when there are none.
    public func years() async throws -> ClosedRange<Int>? {
        guard let row = try await database.sql.raw("SELECT MIN(occurred_on) AS first, MAX(occurred_on) AS last FROM incidents").first(),
              let first = try row.decode(column: "first", as: String?.self).flatMap({ Int($0.prefix(4)) }),
              let last = try row.decode(column: "last", as: String?.self).flatMap({ Int($0.prefix(4)) }), first <= last else { return nil }
        return first...last
    }
}
