import Foundation

/// A CBS municipality code: `GM` followed by four digits, for example `GM0363` (Amsterdam).
public struct MunicipalityCode: CheckedIdentifier {
    public let rawValue: String

    /// Accepts the code in any letter case (`gm0363`) and returns nil when it is not of the CBS form.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes[0] | 0x20 == UInt8(ascii: "g"), bytes[1] | 0x20 == UInt8(ascii: "m"),
              bytes[2...].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        rawValue = bytes[0] == UInt8(ascii: "G") && bytes[1] == UInt8(ascii: "M") ? text : text.uppercased()
    }
}

/// A Dutch municipality (gemeente) as listed by CBS. Municipalities merge most years;
/// one that is no longer listed is *ended*, never deleted, so records tied to it keep
/// their link.
public struct Municipality: Equatable, Sendable {
    public var code: MunicipalityCode
    public var name: String
    public var province: Province
    public var population: Int
    /// Flagged by the national government as a priority (at-risk) municipality.
    public var isPriority: Bool
    /// The date the municipality stopped existing (merged away); nil while it exists.
    public var endedOn: Date?

    public init(code: MunicipalityCode, name: String, province: Province, population: Int, isPriority: Bool = false, endedOn: Date? = nil) {
        self.code = code
        self.name = name
        self.province = province
        self.population = population
        self.isPriority = isPriority
        self.endedOn = endedOn
    }

    public var isActive: Bool { endedOn == nil }

    /// The population class used by analyses (CBS-style bands).
    public var populationClass: PopulationClass { PopulationClass(population: population) }
}

/// Population bands used to compare municipalities of like size.
public enum PopulationClass: String, CaseIterable, Sendable {
    case under20k = "tot-20k"
    case from20kTo50k = "20k-50k"
    case from50kTo100k = "50k-100k"
    case over100k = "vanaf-100k"

    /// Each band's upper bound (not included), smallest first; the last band has none. The
    /// one definition: the stores group by it in SQL too (`IndicatorStore`).
    public static let upperBounds: [(band: PopulationClass, below: Int)] = [(.under20k, 20_000), (.from20kTo50k, 50_000), (.from50kTo100k, 100_000)]

    public init(population: Int) {
        self = Self.upperBounds.first { population < $0.below }?.band ?? .over100k
    }
}
