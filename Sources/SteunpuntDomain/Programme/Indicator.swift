import Foundation

/// The indicators of the action programme (issue 22, parts 3 to 5): each defined once, here,
/// as what it counts over which records; the stores hold one named query per indicator
/// (`IndicatorStore`), which gives the records it rests on, and the figure is computed from
/// those records alone. Nobody types a figure in.
public enum IndicatorCode: String, CaseIterable, Codable, Sendable {
    /// Distinct municipalities whose requests were closed with the outcome "advised" in the period.
    case municipalitiesAdvised = "gemeenten-geadviseerd"
    /// Requests filed in the period, by channel.
    case requestsByChannel = "hulpvragen-per-kanaal"
    /// The median number of days from filing to the first response, of the requests first answered in the period.
    case daysToFirstResponse = "dagen-tot-eerste-reactie"
    /// Incidents and tension signals that happened in the period, by kind.
    case incidentsByKind = "incidenten-per-soort"
    /// Distinct municipalities that had submitted a quickscan by the end of the period, by province.
    case quickscanCoverage = "quickscan-dekking"
    /// Of the municipalities invited to a quickscan round that closed in the period, the share that submitted, by province.
    case quickscanResponse = "quickscan-respons"
    /// Meetings (trainings, regional meetings, circle sessions, webinars) held in the period, by kind.
    case meetingsHeld = "bijeenkomsten-gehouden"
    /// People marked present at the meetings held in the period, by kind of meeting.
    case participants = "deelnemers"
    /// Learning circles active at the end of the period (begun by then, not closed).
    case circlesActive = "leerkringen-actief"
    /// Points of the 10-point plan in place (introduced or sustained) at the end of the period, by point.
    case planPointsInPlace = "planpunten-ingevoerd"
}

/// How an indicator's figure is made from its records.
public enum IndicatorAggregate: String, Sendable {
    /// How many records.
    case records
    /// How many distinct units (municipalities) the records are of.
    case units
    /// The median of the records' values.
    case median
    /// The percentage of the records whose value is 1 (the others' is 0).
    case share
}

/// Who sees an indicator's figure whole: the expertise unit for records it may see by
/// municipality (requests, quickscans, registrations, plans), nobody for incidents (the
/// unit does not see them all), everyone who reads the programme for what is public anyway
/// (meetings held, circles active). The others see aggregates with small groups hidden.
public enum IndicatorAudience: String, Sendable {
    case unit
    case nobody
    case everyone
}

/// What an indicator counts: its definition, its version (raised when what it counts
/// changes), how its figure is made, what it is broken down by, whether higher is better,
/// the kind of record it rests on and the measures it reports on.
public struct IndicatorDefinition: Sendable, Equatable {
    public enum RecordKind: String, Sendable {
        case request = "hulpvraag", incident = "incident", quickscan = "quickscan", meeting = "bijeenkomst", registration = "aanmelding"
        case circle = "leerkring", planPoint = "planpunt"
    }

    public let code: IndicatorCode
    public let version: Int
    public let aggregate: IndicatorAggregate
    /// The breakdown's dimension (`provincie`, `kanaal`, `soort`).
    public let breakdown: String
    public let higherIsBetter: Bool?
    public let records: RecordKind
    public let measures: [MeasureNumber]
    /// Who sees the figure whole (the others: aggregates).
    public let wholeFor: IndicatorAudience

    /// The figure is a reading at the end of its period (quickscan coverage, circles active,
    /// plan points in place), not what happened during it: a year's figure is then its last
    /// quarter's, where one that counts what happened takes its quarters together.
    public var readsAtEnd: Bool { [.quickscanCoverage, .circlesActive, .planPointsInPlace].contains(code) }

    /// The dimensions the figure may be broken down by (issue 22, part 3), its own first:
    /// by the municipality's province and population class where the records are a
    /// municipality's, by channel and need where they are requests.
    public var breakdowns: [String] {
        var list = [breakdown]
        if [.request, .incident, .quickscan, .planPoint].contains(records) { list += [Self.province, Self.populationClass] }
        if records == .request { list += [Self.channel, Self.need] }
        return list.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    public static let province = "provincie", populationClass = "inwonersklasse", channel = "kanaal", need = "behoefte"

    /// A record may fall in more than one part (a request with two needs): the parts do not
    /// add up to the whole.
    public static func overlaps(_ dimension: String) -> Bool { dimension == need }

    init(code: IndicatorCode, version: Int, aggregate: IndicatorAggregate, breakdown: String, higherIsBetter: Bool?, records: RecordKind,
         measures: [String], wholeFor: IndicatorAudience) {
        self.code = code
        self.version = version
        self.aggregate = aggregate
        self.breakdown = breakdown
        self.higherIsBetter = higherIsBetter
        self.records = records
        self.measures = measures.compactMap(MeasureNumber.init)
        self.wholeFor = wholeFor
    }

    public static func of(_ code: IndicatorCode) -> IndicatorDefinition {
        switch code {
        case .municipalitiesAdvised:
            IndicatorDefinition(code: code, version: 1, aggregate: .units, breakdown: "provincie", higherIsBetter: true, records: .request, measures: ["25"], wholeFor: .unit)
        case .requestsByChannel:
            IndicatorDefinition(code: code, version: 1, aggregate: .records, breakdown: "kanaal", higherIsBetter: nil, records: .request, measures: ["25"], wholeFor: .unit)
        case .daysToFirstResponse:
            IndicatorDefinition(code: code, version: 1, aggregate: .median, breakdown: "kanaal", higherIsBetter: false, records: .request, measures: ["25"], wholeFor: .unit)
        case .incidentsByKind:
            IndicatorDefinition(code: code, version: 1, aggregate: .records, breakdown: "soort", higherIsBetter: nil, records: .incident, measures: [], wholeFor: .nobody)
        case .quickscanCoverage:
            IndicatorDefinition(code: code, version: 1, aggregate: .units, breakdown: "provincie", higherIsBetter: true, records: .quickscan, measures: ["25"], wholeFor: .unit)
        case .quickscanResponse:
            IndicatorDefinition(code: code, version: 1, aggregate: .share, breakdown: "provincie", higherIsBetter: true, records: .quickscan, measures: ["25"], wholeFor: .unit)
        case .meetingsHeld:
            IndicatorDefinition(code: code, version: 1, aggregate: .records, breakdown: "bijeenkomstsoort", higherIsBetter: true, records: .meeting, measures: ["25"],
                                wholeFor: .everyone)
        case .participants:
            IndicatorDefinition(code: code, version: 1, aggregate: .records, breakdown: "bijeenkomstsoort", higherIsBetter: true, records: .registration, measures: ["25"],
                                wholeFor: .unit)
        case .circlesActive:
            IndicatorDefinition(code: code, version: 1, aggregate: .records, breakdown: "leerkringstatus", higherIsBetter: true, records: .circle, measures: ["25"],
                                wholeFor: .everyone)
        case .planPointsInPlace:
            IndicatorDefinition(code: code, version: 1, aggregate: .records, breakdown: "punt", higherIsBetter: true, records: .planPoint, measures: ["24"], wholeFor: .unit)
        }
    }

    public static var all: [IndicatorDefinition] { IndicatorCode.allCases.map(of) }
}

/// One record an indicator rests on: which (`id`: a request's or incident's id, a quickscan
/// invitation's `<round>/<municipality>`, a plan point's `<municipality>/<point>`), of which
/// unit (a municipality's code; an organisation's for registrations and meetings, the
/// circle's own id for circles), in which part of the breakdown (`key`), and its value where
/// the figure is a median or a share.
public struct IndicatorRecord: Sendable, Equatable, Codable {
    public let id: String
    public let unit: String
    public let key: String
    public let value: Double?

    public init(id: String, unit: String, key: String, value: Double? = nil) {
        self.id = id
        self.unit = unit
        self.key = key
        self.value = value
    }
}

/// An indicator's figure for a period, with its provenance: the definition and its version,
/// the period, when the records were read, and how many records it rests on (the records
/// themselves, for a reader who may open them, are listed apart: `IndicatorStore.requestsBehind`).
/// A reader who may not see them sees a figure only as `Disclosure` allows: resting on five
/// municipalities, the hidden parts of the breakdown together too.
public struct IndicatorValue: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        public let key: String
        /// Nil: hidden (`Disclosure`).
        public let value: Double?
        public let records: Int?
    }

    public let definition: IndicatorDefinition
    /// A quarter, or a year (its quarters that have begun, taken together).
    public let period: TargetPeriod
    /// Nil: hidden.
    public let value: Double?
    /// How many records it rests on (nil when the figure is hidden).
    public let restsOn: Int?
    public let cells: [Cell]
    /// The dimension the cells break the figure down by (the definition's own unless asked otherwise).
    public let breakdown: String
    /// Whether the breakdown was kept: a quarter closed before breakdowns by other
    /// dimensions were kept has only its own (then no cells).
    public let breakdownKept: Bool
    public let readAt: Date
    /// The period is closed (a year: each of its quarters): what the figure was made from was
    /// kept as it was and is never read again.
    public let isFrozen: Bool
    /// The reader sees the figure whole (`Disclosure.open`): for an indicator over requests,
    /// the requests behind it are listed for them, as far as they may open them.
    public let isOpen: Bool

    /// The figure of `definition` over `tally` for `disclosure`'s reader, its cells from
    /// `parts` when broken down by another dimension than its own (`breakdown`; nil parts:
    /// that breakdown was not kept).
    public init(_ definition: IndicatorDefinition, period: TargetPeriod, tally: IndicatorTally, parts: (breakdown: String, tally: IndicatorTally?)? = nil,
                readAt: Date, isFrozen: Bool, disclosure: Disclosure) {
        self.definition = definition
        breakdown = parts?.breakdown ?? definition.breakdown
        breakdownKept = parts == nil || parts?.tally != nil
        let split = parts.map { $0.tally ?? IndicatorTally() } ?? tally
        self.period = period
        self.readAt = readAt
        self.isFrozen = isFrozen
        isOpen = disclosure.isOpen
        let whole = tally.whole
        // Nothing to count rests on nobody: zero is shown (privacy rule 4), to every reader.
        let shown = disclosure.isOpen || tally.isEmpty || disclosure.mayShow(Set(whole.units.keys))
        value = shown ? IndicatorTally.figure(definition.aggregate, whole) : nil
        restsOn = shown ? whole.records : nil
        let keys = split.parts.keys.sorted()
        let groups = keys.map { split.parts[$0]! }
        let visible = disclosure.isOpen ? Array(repeating: true, count: groups.count) : disclosure.partition(sets: groups.map { Set($0.units.keys) })
        cells = zip(keys, zip(groups, visible)).map { key, pair in
            Cell(key: key, value: pair.1 && shown ? IndicatorTally.figure(definition.aggregate, pair.0) : nil, records: pair.1 && shown ? pair.0.records : nil)
        }
    }

    /// The figure of `definition` over records listed one by one.
    public init(_ definition: IndicatorDefinition, period: TargetPeriod, records: [IndicatorRecord], readAt: Date, isFrozen: Bool, disclosure: Disclosure) {
        self.init(definition, period: period, tally: IndicatorTally(records), readAt: readAt, isFrozen: isFrozen, disclosure: disclosure)
    }

    private init(_ other: IndicatorValue, cells: [Cell]) {
        definition = other.definition
        period = other.period
        value = other.value
        restsOn = other.restsOn
        self.cells = cells
        breakdown = other.breakdown
        breakdownKept = other.breakdownKept
        readAt = other.readAt
        isFrozen = other.isFrozen
        isOpen = other.isOpen
    }

    /// Whether the reader is shown the records behind the figure one by one: only requests
    /// are opened from a figure, and only by a reader who sees it whole.
    public var listsRecords: Bool { isOpen && definition.records == .request }

    /// The same figure, its parts in `order` (the plan's points by their number, not their
    /// key); parts `order` does not name follow, as they were.
    public func ordered(_ order: [String]) -> IndicatorValue {
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let sorted = cells.enumerated().sorted { (rank[$0.element.key] ?? order.count + $0.offset, $0.offset) < (rank[$1.element.key] ?? order.count + $1.offset, $1.offset) }
        return IndicatorValue(self, cells: sorted.map(\.element))
    }

    /// The figure over records listed one by one: their number, their units' number, the
    /// median of their values, or the share of them whose value is 1.
    public static func figure(_ aggregate: IndicatorAggregate, _ records: [IndicatorRecord]) -> Double? {
        IndicatorTally.figure(aggregate, IndicatorTally(records).whole)
    }
}

/// A quarter closed for the indicators: from then on its figures are the records kept when
/// it was closed, never recomputed. `closedBy` is nil for a quarter kept before closing was
/// a step of its own (read once after it ended).
public struct IndicatorClosing: Sendable, Equatable {
    public let period: PlanQuarter
    public let closedAt: Date
    public let closedBy: UUID?

    public init(period: PlanQuarter, closedAt: Date, closedBy: UUID?) {
        self.period = period
        self.closedAt = closedAt
        self.closedBy = closedBy
    }
}
