import Foundation

/// What an indicator's figure is made from, as the database counts it (grouped, not one
/// row per record): for each part of the breakdown, how many records each unit
/// (municipality, organisation, circle) has, and for a median or a share how many records
/// have each value. A figure over a million requests reads a few thousand counts, not the
/// requests; a closed quarter keeps its tally (`IndicatorStore.close`). The records
/// themselves are read only where a reader opens them (`IndicatorStore.requestsBehind`).
public struct IndicatorTally: Sendable, Equatable, Codable {
    public struct Part: Sendable, Equatable, Codable {
        /// Records per unit.
        public var units: [String: Int] = [:]
        /// Records per value (medians, shares); empty for counts.
        public var values: [Double: Int] = [:]

        public init(units: [String: Int] = [:], values: [Double: Int] = [:]) {
            self.units = units
            self.values = values
        }

        /// How many records the part rests on.
        public var records: Int { units.values.reduce(0, +) }

        mutating func merge(_ other: Part) {
            units.merge(other.units, uniquingKeysWith: +)
            values.merge(other.values, uniquingKeysWith: +)
        }
    }

    /// The parts of the breakdown by key.
    public private(set) var parts: [String: Part]

    public init(parts: [String: Part] = [:]) {
        self.parts = parts
    }

    /// The tally of records listed one by one (what the named query gives per record).
    public init(_ records: [IndicatorRecord]) {
        parts = [:]
        for record in records {
            add(key: record.key, unit: record.unit)
            if let value = record.value { add(key: record.key, value: value) }
        }
    }

    /// Counts `records` records of `unit` in part `key`.
    public mutating func add(key: String, unit: String, records: Int = 1) {
        parts[key, default: Part()].units[unit, default: 0] += records
    }

    /// Counts `records` records with `value` in part `key` (their units counted apart).
    public mutating func add(key: String, value: Double, records: Int = 1) {
        parts[key, default: Part()].values[value, default: 0] += records
    }

    /// This tally and `other` together: a year's from its quarters' (records and values
    /// add up; a unit in two quarters counts once among the units).
    public mutating func merge(_ other: IndicatorTally) {
        for (key, part) in other.parts { parts[key, default: Part()].merge(part) }
    }

    /// Every part together.
    public var whole: Part { parts.values.reduce(into: Part()) { $0.merge($1) } }

    public var isEmpty: Bool { parts.isEmpty }

    /// The figure over `part`: its records, its units, the median of its values, or the
    /// percentage of its records whose value is 1 (the others' is 0), to one decimal.
    public static func figure(_ aggregate: IndicatorAggregate, _ part: Part) -> Double? {
        switch aggregate {
        case .records: return Double(part.records)
        case .units: return Double(part.units.count)
        case .median:
            let total = part.values.values.reduce(0, +)
            guard total > 0 else { return nil }
            // The middle record(s) of the values in order, each value standing for its count.
            let sorted = part.values.sorted { $0.key < $1.key }
            func at(_ index: Int) -> Double {
                var seen = 0
                for (value, count) in sorted {
                    seen += count
                    if index < seen { return value }
                }
                return sorted.last!.key
            }
            return total % 2 == 1 ? at(total / 2) : (at(total / 2 - 1) + at(total / 2)) / 2
        case .share:
            let total = part.values.values.reduce(0, +)
            guard total > 0 else { return nil }
            let share = Double(part.values[1, default: 0]) / Double(total)
            return (share * 1000).rounded() / 10
        }
    }
}
