import Foundation

/// Reads a CBS-style municipality list: a CSV file with the header
/// `code,name,province,population`, one municipality a line. Every problem is
/// reported with its line number; nothing is returned when there is any.
public enum MunicipalityList {
    public struct LineError: Error, Equatable, Sendable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    public struct Errors: Error, Equatable, Sendable, CustomStringConvertible {
        public let lines: [LineError]
        public var description: String { lines.map(\.description).joined(separator: "\n") }
    }

    public static let header = ["code", "name", "province", "population"]

    public static func parse(_ text: String) throws(Errors) -> [Municipality] {
        var errors: [LineError] = []
        var result: [Municipality] = []
        var seen = Set<MunicipalityCode>()
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, splitCSVLine(String(first)).map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == header else {
            throw Errors(lines: [LineError(line: 1, message: "the header must be \(header.joined(separator: ","))")])
        }
        for (index, raw) in lines.enumerated().dropFirst() {
            let lineNumber = index + 1
            if raw.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = splitCSVLine(String(raw)).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 4 else {
                errors.append(LineError(line: lineNumber, message: "expected 4 fields, found \(fields.count)"))
                continue
            }
            var problems: [String] = []
            let code = MunicipalityCode(fields[0])
            if code == nil { problems.append("'\(fields[0])' is not a CBS code (GM and four digits)") }
            if fields[1].isEmpty { problems.append("the name is empty") }
            let province = Province(name: fields[2])
            if province == nil { problems.append("'\(fields[2])' is not a Dutch province") }
            let population = Int(fields[3])
            if population == nil || population! < 0 { problems.append("'\(fields[3])' is not a population count") }
            if let code, !seen.insert(code).inserted { problems.append("\(code) is listed twice") }
            if !problems.isEmpty {
                errors.append(contentsOf: problems.map { LineError(line: lineNumber, message: $0) })
                continue
            }
            result.append(Municipality(code: code!, name: fields[1], province: province!, population: population!))
        }
        if !errors.isEmpty { throw Errors(lines: errors) }
        if result.isEmpty { throw Errors(lines: [LineError(line: 2, message: "the list holds no municipality")]) }
        return result
    }

    /// Splits one CSV line on commas, honouring double quotes (`"Bergen (NH.)"`, `"a ""b"""`).
    static func splitCSVLine(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let char = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if char == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { current.append(char) }
            } else if char == "\"" {
                quoted = true
            } else if char == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(char)
            }
        }
        fields.append(current)
        return fields
    }
}

/// What importing a newer municipality list changes: which codes are new, which stay
/// (possibly renamed or moved), and which are no longer listed and get ended.
public struct MunicipalityImportPlan: Equatable, Sendable {
    public var added: [Municipality] = []
    public var updated: [Municipality] = []
    public var ended: [MunicipalityCode] = []
    public var reinstated: [MunicipalityCode] = []

    /// Compares the stored municipalities with a new list. The priority flag is a national
    /// decision, not CBS data, so it is kept from the stored record.
    public static func make(existing: [Municipality], incoming: [Municipality]) -> MunicipalityImportPlan {
        var plan = MunicipalityImportPlan()
        let stored = Dictionary(uniqueKeysWithValues: existing.map { ($0.code, $0) })
        let incomingCodes = Set(incoming.map(\.code))
        for var municipality in incoming {
            guard let old = stored[municipality.code] else {
                plan.added.append(municipality)
                continue
            }
            municipality.isPriority = old.isPriority
            if !old.isActive { plan.reinstated.append(municipality.code) }
            if old.name != municipality.name || old.province != municipality.province || old.population != municipality.population || !old.isActive {
                plan.updated.append(municipality)
            }
        }
        plan.ended = existing.filter { $0.isActive && !incomingCodes.contains($0.code) }.map(\.code).sorted()
        return plan
    }

    public var isEmpty: Bool { added.isEmpty && updated.isEmpty && ended.isEmpty }
}
