import Foundation

/// A measure's number as the action programme numbers them: `25`, and a part of it `25f`
/// (digits, then at most one letter). The numbers are data, never code: the programme's
/// own list decides them.
public struct MeasureNumber: CheckedIdentifier {
    public let rawValue: String

    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        let digits = bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        let rest = bytes.dropFirst(digits.count)
        guard (1...3).contains(digits.count), digits.first != UInt8(ascii: "0"), rest.count <= 1,
              rest.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }) else { return nil }
        rawValue = text
    }

    /// The measure this one is part of (`25` for `25f`), nil for a measure of its own.
    public var parent: MeasureNumber? {
        let digits = String(rawValue.prefix { $0.isNumber })
        return digits == rawValue ? nil : MeasureNumber(digits)
    }

    /// The programme's order: by the number, then the letter (`9` before `25`, `25` before `25a`).
    public var order: (Int, String) { (Int(rawValue.prefix { $0.isNumber }) ?? 0, String(rawValue.drop { $0.isNumber })) }

    public static func < (lhs: MeasureNumber, rhs: MeasureNumber) -> Bool { lhs.order < rhs.order }
}

/// Where a measure stands.
public enum MeasureStatus: String, CaseIterable, Codable, Sendable {
    case planned = "gepland"
    case running = "lopend"
    case completed = "afgerond"
    case stopped = "gestopt"
}

/// A dated milestone of a measure: due on a day, reached on a day, or dropped; for a
/// research project its result (an offering in the toolbox, where the publication lands).
public struct Milestone: Sendable, Equatable, Codable {
    public enum State: String, CaseIterable, Codable, Sendable {
        case open = "open"
        case reached = "behaald"
        case dropped = "vervallen"
    }

    public var title: String
    /// `YYYY-MM-DD`.
    public var dueOn: String
    public var state: State
    /// The day it was reached (`YYYY-MM-DD`), empty otherwise.
    public var reachedOn: String
    public var note: String
    /// Its result in the toolbox, when it has one.
    public var result: OfferingSlug?

    public init(title: String, dueOn: String, state: State = .open, reachedOn: String = "", note: String = "", result: OfferingSlug? = nil) {
        self.title = title
        self.dueOn = dueOn
        self.state = state
        self.reachedOn = reachedOn
        self.note = note
        self.result = result
    }

    /// Open and past its day.
    public func isLate(today: CalendarDay) -> Bool {
        state == .open && (CalendarDay(dueOn).map { $0 < today } ?? false)
    }
}

/// A measure of the action programme: its number (nesting: `25f` is part of `25`), what it
/// is, who is responsible (a ministry, the organisations involved), the organisation in
/// Steunpunt that keeps it, where it stands, when it runs and its milestones.
public struct Measure: Sendable, Equatable, Codable {
    public let id: UUID
    public var number: MeasureNumber
    public var title: String
    public var description: String
    /// The responsible ministry, as the programme names it.
    public var ministry: String
    /// The organisations that carry it out, as text.
    public var organisations: String
    /// The organisation that keeps it in Steunpunt (the NCTV, the expertise unit).
    public var owner: OrganisationID
    public var status: MeasureStatus
    /// `YYYY-MM-DD`, empty when not known.
    public var startsOn: String
    public var endsOn: String
    public var milestones: [Milestone]
    public var version: Int
    public var updatedBy: UUID
    public var updatedAt: Date

    public init(id: UUID, number: MeasureNumber, title: String, description: String = "", ministry: String = "", organisations: String = "",
                owner: OrganisationID, status: MeasureStatus = .planned, startsOn: String = "", endsOn: String = "", milestones: [Milestone] = [],
                version: Int = 1, updatedBy: UUID, updatedAt: Date) {
        self.id = id
        self.number = number
        self.title = title
        self.description = description
        self.ministry = ministry
        self.organisations = organisations
        self.owner = owner
        self.status = status
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.milestones = milestones
        self.version = version
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }

    /// The fields a new version changed, as the form names them (`titel`, `status`,
    /// `mijlpalen`…), in the form's order.
    public func changes(from old: Measure) -> [String] {
        var fields: [String] = []
        if number != old.number { fields.append("nummer") }
        if title != old.title { fields.append("titel") }
        if description != old.description { fields.append("omschrijving") }
        if ministry != old.ministry { fields.append("ministerie") }
        if organisations != old.organisations { fields.append("organisaties") }
        if status != old.status { fields.append("status") }
        if startsOn != old.startsOn || endsOn != old.endsOn { fields.append("looptijd") }
        if milestones != old.milestones { fields.append("mijlpalen") }
        return fields
    }
}

/// How far a measure's milestones are, and a parent's parts: counted, never typed.
public struct MeasureProgressSummary: Sendable, Equatable {
    public let reached: Int
    public let total: Int
    public let late: Int
    /// The parts' measures by status (a parent only).
    public let parts: [MeasureStatus: Int]

    /// A measure's own milestones and, for a parent, those of its parts with the parts' statuses.
    public init(_ measure: Measure, parts: [Measure], today: CalendarDay) {
        let milestones = (measure.milestones + parts.flatMap(\.milestones)).filter { $0.state != .dropped }
        reached = milestones.filter { $0.state == .reached }.count
        total = milestones.count
        late = milestones.filter { $0.isLate(today: today) }.count
        self.parts = Dictionary(grouping: parts, by: \.status).mapValues(\.count)
    }
}

/// What a measure's keepers wrote about one reporting period (a quarter).
public struct MeasureProgressText: Sendable, Equatable {
    public let period: PlanQuarter
    public let text: String
    public let updatedBy: UUID
    public let updatedAt: Date

    public init(period: PlanQuarter, text: String, updatedBy: UUID, updatedAt: Date) {
        self.period = period
        self.text = text
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }

    public static let maximumLength = 4_000
}

/// One version of a measure: what changed, who, when.
public struct MeasureVersion: Sendable, Equatable {
    public let version: Int
    public let changed: [String]
    public let by: UUID
    public let at: Date

    public init(version: Int, changed: [String], by: UUID, at: Date) {
        self.version = version
        self.changed = changed
        self.by = by
        self.at = at
    }
}
