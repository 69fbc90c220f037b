import Foundation

/// Which municipalities a round goes to: those listed by code, plus those matching every
/// criterion given (provinces, the priority flag, population classes). Ended
/// municipalities are never targets.
public struct TargetSelection: Sendable, Equatable {
    public var codes: [MunicipalityCode]
    public var provinces: Set<Province>
    public var priorityOnly: Bool
    public var populationClasses: Set<PopulationClass>

    public init(codes: [MunicipalityCode] = [], provinces: Set<Province> = [], priorityOnly: Bool = false,
                populationClasses: Set<PopulationClass> = []) {
        self.codes = codes
        self.provinces = provinces
        self.priorityOnly = priorityOnly
        self.populationClasses = populationClasses
    }

    public var hasCriteria: Bool { !provinces.isEmpty || priorityOnly || !populationClasses.isEmpty }

    /// The codes of the active municipalities selected, in code order.
    public func resolve(_ municipalities: [Municipality]) -> [MunicipalityCode] {
        let listed = Set(codes)
        return municipalities.filter { municipality in
            guard municipality.isActive else { return false }
            if listed.contains(municipality.code) { return true }
            guard hasCriteria else { return false }
            return (provinces.isEmpty || provinces.contains(municipality.province)) && (!priorityOnly || municipality.isPriority)
                && (populationClasses.isEmpty || populationClasses.contains(municipality.populationClass))
        }.map(\.code).sorted()
    }
}

/// A round of the quickscan: one published instrument version, fielded between two days
/// to a set of municipalities, each with its own invitation.
public struct Round: Sendable, Equatable, Identifiable {
    public let id: UUID
    public var title: String
    public let instrumentID: UUID
    public let instrumentVersion: Int
    /// Calendar days, `yyyy-MM-dd`, both included.
    public var opensOn: String
    public var closesOn: String
    public let createdAt: Date

    public init(id: UUID, title: String, instrumentID: UUID, instrumentVersion: Int, opensOn: String, closesOn: String, createdAt: Date) {
        self.id = id
        self.title = title
        self.instrumentID = instrumentID
        self.instrumentVersion = instrumentVersion
        self.opensOn = opensOn
        self.closesOn = closesOn
        self.createdAt = createdAt
    }

    public enum State: String, Sendable {
        case planned = "gepland"
        case open = "open"
        case closed = "gesloten"
    }

    /// The calendar day of `date` in Dutch time, `yyyy-MM-dd`.
    public static func day(of date: Date) -> String {
        CalendarDay(of: date).description
    }

    /// The end of the closing day in Dutch time: when invitations expire.
    public var closesAt: Date {
        CalendarDay(closesOn)?.end() ?? .distantPast
    }

    /// Where the round stands on `day` (`yyyy-MM-dd`, Dutch time): ISO days compare as text.
    /// The day from which municipalities that have not submitted are reminded: `days`
    /// calendar days before the round closes (not before it opens).
    public func remindsOn(daysBefore days: Int, calendar: DutchCalendar = DutchCalendar()) -> String {
        guard let close = CalendarDay(closesOn),
              let day = calendar.calendar.date(byAdding: .day, value: -days, to: close.start(in: calendar.calendar)) else { return closesOn }
        return max(CalendarDay(of: day, in: calendar.calendar).description, opensOn)
    }

    public func state(on day: String) -> State {
        if day < opensOn { return .planned }
        return day > closesOn ? .closed : .open
    }
}

/// Input for a new round, validated as a whole. Whether the instrument version is
/// published, and whether the selection finds any municipality, is checked with the data.
public struct RoundDraft: Sendable, Equatable {
    public var title: String
    public var opensOn: String
    public var closesOn: String
    public var codes: [String]
    public var provinces: [String]
    public var priorityOnly: Bool
    public var populationClasses: [String]

    public init(title: String, opensOn: String, closesOn: String, codes: [String] = [], provinces: [String] = [], priorityOnly: Bool = false,
                populationClasses: [String] = []) {
        self.title = title
        self.opensOn = opensOn
        self.closesOn = closesOn
        self.codes = codes
        self.provinces = provinces
        self.priorityOnly = priorityOnly
        self.populationClasses = populationClasses
    }

    public struct Valid: Sendable, Equatable {
        public let title: String
        public let opensOn: String
        public let closesOn: String
        public let selection: TargetSelection
    }

    public func validated(privacy: PrivacyGuard = .standard) throws(DomainError) -> Valid {
        var v = Validator()
        let title = v.text(self.title, field: "titel", max: 150)
        privacy.check(title, field: "titel", into: &v)
        let opens = opensOn.trimmingCharacters(in: .whitespaces), closes = closesOn.trimmingCharacters(in: .whitespaces)
        let first = CalendarDay(opens), last = CalendarDay(closes)
        v.check(first != nil, "opent", opens.isEmpty ? "required" : "invalid_date")
        v.check(last != nil, "sluit", closes.isEmpty ? "required" : "invalid_date")
        if let first, let last { v.check(first <= last, "sluit", "period_reversed") }
        var codes: [MunicipalityCode] = []
        for text in self.codes where !text.trimmingCharacters(in: .whitespaces).isEmpty {
            if let code = MunicipalityCode(text.trimmingCharacters(in: .whitespaces).uppercased()) { codes.append(code) } else { v.add("gemeenten", "invalid_municipality_code") }
        }
        var provinces: Set<Province> = []
        for text in self.provinces where !text.isEmpty {
            if let province = Province(name: text) { provinces.insert(province) } else { v.add("provincies", "invalid_province") }
        }
        var classes: Set<PopulationClass> = []
        for text in populationClasses where !text.isEmpty {
            if let populationClass = PopulationClass(rawValue: text) { classes.insert(populationClass) } else { v.add("inwonerklassen", "invalid_population_class") }
        }
        let selection = TargetSelection(codes: codes, provinces: provinces, priorityOnly: priorityOnly, populationClasses: classes)
        v.check(!codes.isEmpty || selection.hasCriteria || v.errors.contains { ["gemeenten", "provincies", "inwonerklassen"].contains($0.field) },
                "gemeenten", "no_targets")
        try v.finish()
        return Valid(title: title, opensOn: opens, closesOn: closes, selection: selection)
    }
}
