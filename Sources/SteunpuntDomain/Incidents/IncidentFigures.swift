import Foundation

/// What the national figures of incidents are broken down by (issue 21, part 6).
public enum IncidentDimension: String, CaseIterable, Sendable {
    case month = "maand"
    case kind = "soort"
    case ground = "grond"
    case nature = "aard"
    /// The form's "terrein" (`geen` for a tension signal).
    case setting = "terrein"
    /// Where the handling stands (the annual report's "afhandeling").
    case status = "afhandeling"
    /// The handling steps done, by step.
    case step = "stap"
    case province = "provincie"
    case populationClass = "inwonerklasse"

    /// Whether the breakdown's parts add up to the total (each incident in one part): then
    /// hiding a part alone is not enough. An incident may have several grounds, and several
    /// steps done.
    public var isPartition: Bool { self != .ground && self != .step }

    /// The national picture (`/incidenten/kengetallen`).
    public static let national: [IncidentDimension] = [.month, .kind, .ground, .nature, .province, .populationClass]
    /// The annual report's tables, as an anti-discrimination service reports to a municipality.
    public static let report: [IncidentDimension] = [.kind, .ground, .nature, .setting, .status, .step, .month]
}

/// The incidents of a year (and of one kind, when narrowed), counted per municipality for
/// each part of each breakdown, as the store reads them: what `IncidentFigures` discloses.
public struct IncidentTally: Sendable, Equatable {
    /// Per part's key, the number of incidents per municipality code.
    public typealias Parts = [String: [String: Int]]

    public let year: Int
    public let kind: IncidentKind?
    public var months: Parts
    public var kinds: Parts
    /// `geen` for incidents without a nature (tension signals).
    public var natures: Parts
    public var grounds: Parts
    /// `geen` for incidents without a setting. Read for the annual report only.
    public var settings: Parts
    public var statuses: Parts
    /// Per step's code, the incidents with that step done.
    public var steps: Parts

    public init(year: Int, kind: IncidentKind?, months: Parts = [:], kinds: Parts = [:], natures: Parts = [:], grounds: Parts = [:],
                settings: Parts = [:], statuses: Parts = [:], steps: Parts = [:]) {
        self.year = year
        self.kind = kind
        self.months = months
        self.kinds = kinds
        self.natures = natures
        self.grounds = grounds
        self.settings = settings
        self.statuses = statuses
        self.steps = steps
    }

    /// The key of incidents without a nature (or a setting).
    public static let noNature = "geen"
}

/// The national figures of incidents as a reader who may not see the incidents may see
/// them (issue 21, part 6): the total and each breakdown, every count resting on at least
/// `Disclosure.threshold` municipalities or hidden; where the parts add up to the total,
/// the hidden parts together rest on as many (`Disclosure.partition(sets:)`). Every part
/// is listed, zero included, in a fixed order, so a hidden part shows as hidden, never as
/// missing. Province and population class come from each municipality's own.
public struct IncidentFigures: Sendable, Equatable {
    /// The years figures and reports can be asked for (the API document's bounds).
    public static let years = 1990...2100

    public struct Cell: Sendable, Equatable {
        public let key: String
        /// Nil when hidden.
        public let incidents: Int?
    }

    public struct Breakdown: Sendable, Equatable {
        public let dimension: IncidentDimension
        public let cells: [Cell]
        public var hiddenCount: Int { cells.count(where: { $0.incidents == nil }) }
    }

    public let year: Int
    public let kind: IncidentKind?
    /// Nil when hidden (fewer than the threshold of municipalities in all).
    public let total: Int?
    public let municipalities: Int?
    public let breakdowns: [Breakdown]

    public func breakdown(_ dimension: IncidentDimension) -> Breakdown? { breakdowns.first { $0.dimension == dimension } }

    /// `municipalities` gives each municipality's province and population class;
    /// `dimensions` the breakdowns, in order; `stepCodes` the order of the steps (those of
    /// the template standing; others done under an earlier version follow by code).
    public init(_ tally: IncidentTally, municipalities places: [String: (province: Province, populationClass: PopulationClass)], disclosure: Disclosure,
                dimensions: [IncidentDimension] = IncidentDimension.national, stepCodes: [String] = []) {
        year = tally.year
        kind = tally.kind
        var perMunicipality: [String: Int] = [:]
        for counts in tally.months.values { for (code, count) in counts { perMunicipality[code, default: 0] += count } }
        let totalShown = perMunicipality.isEmpty || disclosure.mayShow(perMunicipality.keys)
        total = totalShown ? perMunicipality.values.reduce(0, +) : nil
        municipalities = disclosure.count(perMunicipality.count)

        var byProvince: IncidentTally.Parts = [:], byClass: IncidentTally.Parts = [:]
        for (code, count) in perMunicipality {
            guard let place = places[code] else { continue }
            byProvince[place.province.rawValue, default: [:]][code] = count
            byClass[place.populationClass.rawValue, default: [:]][code] = count
        }
        let months = (1...12).map { String(format: "%04d-%02d", tally.year, $0) }
        let natureKeys = IncidentNature.allCases.map(\.rawValue) + [IncidentTally.noNature]
        let kindKeys = tally.kind.map { [$0.rawValue] } ?? IncidentKind.allCases.map(\.rawValue)
        let stepKeys = stepCodes + tally.steps.keys.filter { !stepCodes.contains($0) }.sorted()
        let available: [IncidentDimension: ([String], IncidentTally.Parts)] = [
            .month: (months, tally.months), .kind: (kindKeys, tally.kinds), .ground: (DiscriminationGround.allCases.map(\.rawValue), tally.grounds),
            .nature: (natureKeys, tally.natures), .setting: (IncidentSetting.allCases.map(\.rawValue) + [IncidentTally.noNature], tally.settings),
            .status: (IncidentStatus.allCases.map(\.rawValue), tally.statuses), .step: (stepKeys, tally.steps),
            .province: (Province.allCases.map(\.rawValue), byProvince), .populationClass: (PopulationClass.allCases.map(\.rawValue), byClass),
        ]
        let order = dimensions.compactMap { dimension in available[dimension].map { (dimension, $0.0, $0.1) } }
        breakdowns = order.map { dimension, keys, parts in
            let sets = keys.map { Set(parts[$0]?.keys.map { $0 } ?? []) }
            let shown: [Bool] = if !totalShown { sets.map(\.isEmpty) }
                else if dimension.isPartition { disclosure.partition(sets: sets) }
                else { sets.map { $0.isEmpty || disclosure.mayShow($0) } }
            return Breakdown(dimension: dimension, cells: keys.enumerated().map { index, key in
                Cell(key: key, incidents: shown[index] ? (parts[key]?.values.reduce(0, +) ?? 0) : nil)
            })
        }
    }
}
