import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntStorage

/// The incident register at scale (issue 21), for `scripts/load-incidents`:
/// `fill-incidents N URL` adds, to a database with the demo, N incidents over the five years
/// before today in every municipality (larger ones more often, as `DemoIncidents.national`
/// draws them), kinds, grounds and natures in the same proportions, registered by the
/// coordinator standing in for the officials. Bulk inserts in the shape `IncidentStore`
/// writes (the incident, its grounds as rows, the first line of its history); the year's
/// numbers follow on from them.
enum IncidentBenchmark {
    static let columns = ["id", "number", "municipality_code", "kind", "occurred_on", "occurred_at", "location", "neighbourhood", "grounds", "nature",
                          "setting", "severity", "description", "status", "tension_level", "shared_with", "version", "created_by", "created_at",
                          "updated_at"]

    static func fill(_ database: Database, count: Int, creator: UUID) async throws {
        let municipalities = try await MunicipalityStore(database: database).all().filter(\.isActive)
        let weighted = municipalities.flatMap { Array(repeating: $0.code.rawValue, count: max(1, $0.population / 40_000)) }
        let kinds: [(IncidentKind, Int)] = [(.placeOfWorship, 15), (.elsewhere, 35), (.onlineHate, 20), (.neighbourhoodTension, 15), (.demonstration, 10), (.other, 5)]
        let grounds: [(DiscriminationGround, Int)] = [(.religion, 40), (.origin, 30), (.antisemitism, 12), (.sexualOrientation, 6), (.nationality, 5),
                                                      (.sex, 3), (.belief, 2), (.unknown, 2)]
        let natures: [(IncidentNature, Int)] = [(.hostileTreatment, 35), (.vandalism, 25), (.threat, 20), (.violence, 8), (.unequalTreatment, 7), (.other, 5)]
        var state: UInt64 = 2126
        func next() -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % 1_000_000_007)
        }
        func pick<T>(_ options: [(T, Int)]) -> T {
            var roll = next() % options.reduce(0) { $0 + $1.1 }
            for (option, weight) in options { roll -= weight; if roll < 0 { return option } }
            return options[0].0
        }
        let now = Date()
        // Numbers follow those already taken (the demo's).
        var numbers: [Int: Int] = [:]
        for row in try await database.sql.raw("SELECT year, last FROM incident_numbers").all() {
            numbers[try row.decode(column: "year", as: Int.self)] = try row.decode(column: "last", as: Int.self)
        }
        var incidents: [[any SQLExpression]] = [], groundRows: [[any SQLExpression]] = [], history: [[any SQLExpression]] = []
        for _ in 0..<count {
            let at = now.addingTimeInterval(-Double(next() % (5 * 365 * 86_400)))
            let day = String(AmsterdamTime.local(at).prefix(10))
            let year = Int(day.prefix(4))!
            numbers[year, default: 0] += 1
            let kind = pick(kinds)
            var chosen: [String] = []
            if kind.isDiscrimination {
                chosen = [pick(grounds).rawValue]
                if next() % 4 == 0 { chosen.append(pick(grounds).rawValue) }
                chosen = Array(Set(chosen)).sorted()
            }
            let id = UUID().uppercasedText
            let status = [IncidentStatus.closed, .closed, .monitoring, .handling, .registered][next() % 5]
            incidents.append([
                SQLBind(id), SQLBind(String(format: "IN-%04d-%05d", year, numbers[year]!)), SQLBind(weighted[next() % weighted.count]), SQLBind(kind.rawValue),
                SQLBind(day), SQLBind(""), SQLBind((kind == .onlineHate ? LocationKind.online : kind.isTension ? .neighbourhood : .publicSpace).rawValue),
                SQLBind(""), SQLBind(chosen.joined(separator: " ")), SQLBind(kind.isDiscrimination ? pick(natures).rawValue : nil),
                SQLBind(kind.isDiscrimination ? IncidentSetting.publicSpace.rawValue : nil), SQLBind(IncidentSeverity.allCases[next() % 3].rawValue),
                SQLBind("Gegenereerd incident voor de meting."), SQLBind(status.rawValue), SQLBind(kind.isTension ? TensionLevel.deescalation.rawValue : nil),
                SQLBind(""), SQLBind(1), SQLBind(creator.uppercasedText), SQLBind(at), SQLBind(at),
            ])
            for ground in chosen { groundRows.append([SQLBind(id), SQLBind(ground)]) }
            history.append([SQLBind(UUID().uppercasedText), SQLBind(id), SQLBind(1), SQLBind("registratie"), SQLBind(nil as String?),
                            SQLBind(IncidentStatus.registered.rawValue), SQLBind(""), SQLBind(creator.uppercasedText), SQLBind(at)])
        }
        try await MeetingBenchmark.insert(incidents, into: "incidents", columns: columns, database: database)
        try await MeetingBenchmark.insert(groundRows, into: "incident_grounds", columns: ["incident_id", "ground"], database: database)
        try await MeetingBenchmark.insert(history, into: "incident_history",
                                          columns: ["id", "incident_id", "position", "change", "from_value", "to_value", "note", "changed_by", "changed_at"],
                                          database: database)
        // The numbers registered from now on follow the generated ones.
        for (year, last) in numbers {
            try await database.sql.raw("""
                INSERT INTO incident_numbers (year, last) VALUES (\(bind: year), \(bind: last))
                ON CONFLICT (year) DO UPDATE SET last = \(bind: last)
                """).run()
        }
    }
}
