import Foundation

/// The period a target is set for: a quarter (`2027-K1`) or a whole year (`2027`).
public enum TargetPeriod: Sendable, Hashable, Comparable, CustomStringConvertible {
    case quarter(PlanQuarter)
    case year(Int)

    public init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let quarter = PlanQuarter(text) {
            self = .quarter(quarter)
        } else if text.count == 4, let year = Int(text), (2015...2100).contains(year) {
            self = .year(year)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .quarter(let quarter): quarter.description
        case .year(let year): String(year)
        }
    }

    public var year: Int {
        switch self {
        case .quarter(let quarter): quarter.year
        case .year(let year): year
        }
    }

    /// By year, the year's own target after its quarters.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.order) < (rhs.year, rhs.order)
    }

    private var order: Int {
        switch self {
        case .quarter(let quarter): quarter.quarter
        case .year: 5
        }
    }
}

/// What an indicator should reach in a period, as the programme sets it (the NCTV's
/// analysts): an aim, never a measurement, so it is typed; the figure it is compared with
/// is always computed.
public struct IndicatorTarget: Sendable, Equatable {
    public let code: IndicatorCode
    public let period: TargetPeriod
    public let value: Double
    public let setBy: UUID?
    public let setAt: Date

    public init(code: IndicatorCode, period: TargetPeriod, value: Double, setBy: UUID?, setAt: Date) {
        self.code = code
        self.period = period
        self.value = value
        self.setBy = setBy
        self.setAt = setAt
    }

    /// Whether `figure` reaches the target: at least it where higher is better, at most it
    /// where lower is; nil where the definition says neither, or there is no figure.
    public func isMet(by figure: Double?, higherIsBetter: Bool?) -> Bool? {
        guard let figure, let higherIsBetter else { return nil }
        return higherIsBetter ? figure >= value : figure <= value
    }
}

/// The quarter whose (closed, kept) figure is an indicator's baseline, the point its
/// progress is measured from. Named by quarter, never typed as a number.
public struct IndicatorBaseline: Sendable, Equatable {
    public let code: IndicatorCode
    public let period: PlanQuarter
    public let setBy: UUID?
    public let setAt: Date

    public init(code: IndicatorCode, period: PlanQuarter, setBy: UUID?, setAt: Date) {
        self.code = code
        self.period = period
        self.setBy = setBy
        self.setAt = setAt
    }
}

/// A target as typed: the period (`2027-K1` or `2027`) and the value, with a comma or a
/// point for decimals (`12,5`). Every problem at once.
public struct IndicatorTargetDraft: Sendable, Equatable {
    public var period: String
    public var value: String

    public init(period: String, value: String) {
        self.period = period
        self.value = value
    }

    public struct Valid: Sendable, Equatable {
        public let period: TargetPeriod
        public let value: Double
    }

    /// The target for `definition`: a period from the programme's start to ten years ahead,
    /// a number of zero or more (a percentage at most 100; a count whole).
    public func validated(for definition: IndicatorDefinition, today: Date) throws(DomainError) -> Valid {
        var v = Validator()
        let typed = self.period.trimmingCharacters(in: .whitespaces), period = TargetPeriod(typed)
        if period == nil { v.add("periode", typed.isEmpty ? "required" : "invalid_target_period") }
        let thisYear = PlanQuarter(containing: today).year
        if let period, period.year > thisYear + 10 { v.add("periode", "invalid_target_period") }
        let text = value.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        let number = Double(text)
        if text.isEmpty {
            v.add("waarde", "required")
        } else if let number, number.isFinite, number >= 0 {
            if definition.aggregate == .share, number > 100 { v.add("waarde", "invalid_target_share") }
            if [.records, .units].contains(definition.aggregate), number.rounded() != number { v.add("waarde", "invalid_target_count") }
            if number > 1_000_000_000 { v.add("waarde", "invalid_target_value") }
        } else {
            v.add("waarde", "invalid_target_value")
        }
        try v.finish()
        return Valid(period: period!, value: number!)
    }
}
