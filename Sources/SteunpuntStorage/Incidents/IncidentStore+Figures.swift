import Foundation
import SQLKit
import SteunpuntDomain

extension IncidentStore {
    /// The incidents that happened in `year` (of `kind`, of `municipality`, when given),
    /// counted per municipality by month, kind, nature and ground, and for the annual report
    /// (`report`) also by setting, status and the steps done.
    ///
    /// One pass over the year's part of `incidents_tally` (M0049, which holds every column
    /// counted): the database joins each incident's fields into one text (a few bytes an
    /// incident) and `count` counts them. Grouping in SQL by part and municipality took a
    /// year's figures 110–123 ms at 100,000 incidents; the pass 25–31 ms (docs/benchmarks.md).
    public func tally(year: Int, kind: IncidentKind? = nil, municipality: MunicipalityCode? = nil, report: Bool = false) async throws -> IncidentTally {
        let from = String(format: "%04d-01-01", year), to = String(format: "%04d-01-01", year + 1)
        var filter: SQLQueryString = "i.occurred_on >= \(bind: from) AND i.occurred_on < \(bind: to)"
        if let kind { filter = "\(filter) AND i.kind = \(bind: kind.rawValue)" }
        if let municipality { filter = "\(filter) AND i.municipality_code = \(bind: municipality.rawValue)" }
        let none = IncidentTally.noNature
        // Month, kind, municipality, nature, setting, status, then the grounds (space-separated, maybe none).
        let entry = "substr(i.occurred_on, 6, 2) || ' ' || i.kind || ' ' || i.municipality_code || ' ' || COALESCE(i.nature, '\(none)') || ' ' || "
            + "COALESCE(i.setting, '\(none)') || ' ' || i.status || ' ' || i.grounds"
        let joined = database.engine == .postgres ? "string_agg(\(entry), ';')" : "group_concat(\(entry), ';')"
        let text = try await database.sql.raw("SELECT \(unsafeRaw: joined) AS entries FROM incidents i WHERE \(filter)").first()?
            .decode(column: "entries", as: String?.self) ?? nil
        var tally = IncidentTally(year: year, kind: kind)
        Self.count(text ?? "", year: year, report: report, into: &tally)
        if report {
            let rows = try await database.sql.raw("""
                SELECT s.code AS part, i.municipality_code AS code, COUNT(*) AS n FROM incident_steps s INNER JOIN incidents i ON i.id = s.incident_id
                WHERE s.state = \(bind: StepState.done.rawValue) AND \(filter) GROUP BY s.code, i.municipality_code
                """).all()
            for row in rows {
                let columns = Columns(row, table: "incident_steps")
                tally.steps[try columns.string("part"), default: [:]][try columns.string("code")] = try columns.int("n")
            }
        }
        return tally
    }

    /// Counts the joined entries (`month kind code nature setting status grounds…`, `;`
    /// between entries) into `tally`, as bytes: every word is looked up once as a number and
    /// every count kept in one flat table; the nested tables are built at the end, once per
    /// part and municipality. (Splitting the text as Swift characters and counting straight
    /// into the nested tables cost about 4 µs an incident, most of the figures' time.)
    static func count(_ text: String, year: Int, report: Bool, into tally: inout IncidentTally) {
        let bytes = Array(text.utf8)
        // A word is found by its FNV-1a hash (a few dozen distinct words; Swift's hashing of a
        // slice byte by byte cost more than the rest), its bytes compared to be sure.
        var words: [UInt64: Int] = [:], collided: [ArraySlice<UInt8>: Int] = [:], names: [ArraySlice<UInt8>] = []
        func id(_ word: ArraySlice<UInt8>) -> Int {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in word { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            if let known = words[hash] {
                if names[known] == word { return known }
                if let other = collided[word] { return other }
                collided[word] = names.count
            } else {
                words[hash] = names.count
            }
            names.append(word)
            return names.count - 1
        }
        // (breakdown, part, municipality) → count; breakdowns: 0 month, 1 kind, 2 nature, 3 ground, 4 setting, 5 status.
        var counts: [Int: Int] = [:]
        func add(_ breakdown: Int, _ part: Int, _ code: Int) { counts[(breakdown << 42) | (part << 21) | code, default: 0] += 1 }
        let space = UInt8(ascii: " "), semicolon = UInt8(ascii: ";")
        var fields: [Int] = []
        fields.reserveCapacity(12)
        var start = 0
        func entry(_ end: Int) {
            // The words of bytes[start..<end].
            fields.removeAll(keepingCapacity: true)
            var word = start
            for index in start...end where index == end || bytes[index] == space {
                if index > word { fields.append(id(bytes[word..<index])) }
                word = index + 1
            }
            guard fields.count >= 6 else { return }
            let code = fields[2]
            add(0, fields[0], code)
            add(1, fields[1], code)
            add(2, fields[3], code)
            for ground in fields.dropFirst(6) { add(3, ground, code) }
            if report {
                add(4, fields[4], code)
                add(5, fields[5], code)
            }
        }
        for index in bytes.indices where bytes[index] == semicolon {
            entry(index)
            start = index + 1
        }
        if start < bytes.count { entry(bytes.count) }
        let prefix = String(format: "%04d-", year)
        let mask = (1 << 21) - 1
        let text = names.map { String(decoding: $0, as: UTF8.self) }
        for (key, value) in counts {
            let part = text[(key >> 21) & mask], code = text[key & mask]
            switch key >> 42 {
            case 0: tally.months[prefix + part, default: [:]][code] = value
            case 1: tally.kinds[part, default: [:]][code] = value
            case 2: tally.natures[part, default: [:]][code] = value
            case 3: tally.grounds[part, default: [:]][code] = value
            case 4: tally.settings[part, default: [:]][code] = value
            default: tally.statuses[part, default: [:]][code] = value
            }
        }
    }

    /// The first and the last year in which incidents happened (read from the ends of the
    /// index), nil when there are none.
    public func years() async throws -> ClosedRange<Int>? {
        // Two statements: SQLite reads one end of an index for a lone MIN or MAX, and scans for both at once.
        func end(_ function: String) async throws -> Int? {
            try await database.sql.raw("SELECT \(unsafeRaw: function)(occurred_on) AS day FROM incidents").first()?
                .decode(column: "day", as: String?.self).flatMap { Int($0.prefix(4)) }
        }
        guard let first = try await end("MIN"), let last = try await end("MAX"), first <= last else { return nil }
        return first...last
    }
}
