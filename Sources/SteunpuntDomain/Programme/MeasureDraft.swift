import Foundation

/// A measure as its keeper writes it in a form or the API: every value as typed, the
/// milestones as rows (a row left wholly empty is not a milestone).
public struct MeasureDraft: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var title: String
        public var dueOn: String
        public var state: String
        public var reachedOn: String
        public var note: String
        public var result: String

        public init(title: String = "", dueOn: String = "", state: String = "", reachedOn: String = "", note: String = "", result: String = "") {
            self.title = title
            self.dueOn = dueOn
            self.state = state
            self.reachedOn = reachedOn
            self.note = note
            self.result = result
        }

        public init(_ milestone: Milestone) {
            self.init(title: milestone.title, dueOn: milestone.dueOn, state: milestone.state.rawValue, reachedOn: milestone.reachedOn, note: milestone.note,
                      result: milestone.result?.rawValue ?? "")
        }

        var isEmpty: Bool { [title, dueOn, reachedOn, note, result].allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } }
    }

    public var number: String
    public var title: String
    public var description: String
    public var ministry: String
    public var organisations: String
    public var status: String
    public var startsOn: String
    public var endsOn: String
    public var milestones: [Row]

    public init(number: String = "", title: String = "", description: String = "", ministry: String = "", organisations: String = "", status: String = "",
                startsOn: String = "", endsOn: String = "", milestones: [Row] = []) {
        self.number = number
        self.title = title
        self.description = description
        self.ministry = ministry
        self.organisations = organisations
        self.status = status
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.milestones = milestones
    }

    public init(_ measure: Measure) {
        self.init(number: measure.number.rawValue, title: measure.title, description: measure.description, ministry: measure.ministry,
                  organisations: measure.organisations, status: measure.status.rawValue, startsOn: measure.startsOn, endsOn: measure.endsOn,
                  milestones: measure.milestones.map(Row.init))
    }

    public struct Valid: Sendable, Equatable {
        public let number: MeasureNumber
        public let title: String
        public let description: String
        public let ministry: String
        public let organisations: String
        public let status: MeasureStatus
        public let startsOn: String
        public let endsOn: String
        public let milestones: [Milestone]

        /// Values already checked (the demo's story, written in code).
        public init(number: MeasureNumber, title: String, description: String, ministry: String, organisations: String, status: MeasureStatus,
                    startsOn: String, endsOn: String, milestones: [Milestone]) {
            self.number = number
            self.title = title
            self.description = description
            self.ministry = ministry
            self.organisations = organisations
            self.status = status
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.milestones = milestones
        }
    }

    public enum Limit {
        public static let title = 200
        public static let description = 4_000
        public static let ministry = 200
        public static let organisations = 500
        public static let milestoneTitle = 200
        public static let milestoneNote = 1_000
        public static let milestones = 30
    }

    /// The field of milestone row `index` (counted from 1, as the form shows it): `mijlpaal-2-titel`.
    public static func field(_ index: Int, _ name: String) -> String { "mijlpaal-\(index)-\(name)" }

    /// Every problem at once: a number as the programme writes them, a title, texts within
    /// their limits and guarded, a status, the end not before the start; a completed measure
    /// has its end; each milestone a title, a due day and a state, a reached one the day it
    /// was reached (not in the future), its result an offering that exists
    /// (`offeringExists`). Whether the number is free and its parent exists is the store's.
    public func validated(today: CalendarDay, offeringExists: (OfferingSlug) -> Bool, privacy: PrivacyGuard = .standard) throws(DomainError) -> Valid {
        var v = Validator()
        let number = v.choice(self.number, "nummer", "invalid_measure_number", MeasureNumber.init)
        let title = v.text(self.title, field: "titel", max: Limit.title)
        let description = v.text(self.description, field: "omschrijving", max: Limit.description, required: false)
        let ministry = v.text(self.ministry, field: "ministerie", max: Limit.ministry, required: false)
        let organisations = v.text(self.organisations, field: "organisaties", max: Limit.organisations, required: false)
        for (text, field) in [(title, "titel"), (description, "omschrijving"), (ministry, "ministerie"), (organisations, "organisaties")] {
            privacy.check(text, field: field, into: &v)
        }
        let status = v.choice(self.status, "status", "invalid_measure_status", MeasureStatus.init(rawValue:))
        let starts = Self.day(startsOn, "begin", into: &v), ends = Self.day(endsOn, "einde", into: &v)
        if let starts, let ends, ends < starts { v.add("einde", "end_before_start") }
        if status == .completed, ends == nil, endsOn.trimmingCharacters(in: .whitespaces).isEmpty { v.add("einde", "required_when_completed") }
        let kept = milestones.enumerated().filter { !$0.element.isEmpty }
        if kept.count > Limit.milestones { v.add("mijlpalen", "too_many_milestones") }
        var checked: [Milestone] = []
        for (offset, row) in kept {
            let key = { (name: String) in Self.field(offset + 1, name) }
            let title = v.text(row.title, field: key("titel"), max: Limit.milestoneTitle)
            privacy.check(title, field: key("titel"), into: &v)
            let due = Self.day(row.dueOn, key("datum"), required: true, into: &v)
            let state = v.choice(row.state.isEmpty ? Milestone.State.open.rawValue : row.state, key("stand"), "invalid_milestone_state",
                                 Milestone.State.init(rawValue:))
            let reached = Self.day(row.reachedOn, key("behaald"), into: &v)
            if state == .reached {
                if reached == nil, row.reachedOn.trimmingCharacters(in: .whitespaces).isEmpty { v.add(key("behaald"), "required_when_reached") }
                if let reached, reached > today { v.add(key("behaald"), "date_in_future") }
            } else if reached != nil {
                v.add(key("behaald"), "only_when_reached")
            }
            let note = v.text(row.note, field: key("toelichting"), max: Limit.milestoneNote, required: false)
            privacy.check(note, field: key("toelichting"), into: &v)
            var result: OfferingSlug?
            let resultText = row.result.trimmingCharacters(in: .whitespaces)
            if !resultText.isEmpty {
                result = OfferingSlug(resultText)
                if result.map(offeringExists) != true { v.add(key("resultaat"), "unknown_offering") }
            }
            checked.append(Milestone(title: title, dueOn: due?.description ?? "", state: state ?? .open, reachedOn: state == .reached ? reached?.description ?? "" : "",
                                     note: note, result: result))
        }
        try v.finish()
        return Valid(number: number!, title: title, description: description, ministry: ministry, organisations: organisations, status: status!,
                     startsOn: starts?.description ?? "", endsOn: ends?.description ?? "",
                     milestones: checked.sorted { ($0.dueOn, $0.title) < ($1.dueOn, $1.title) })
    }

    /// A day as typed (`YYYY-MM-DD`), `invalid_date` when it is not one; nil when left empty
    /// (`required` when it may not be).
    static func day(_ text: String, _ field: String, required: Bool = false, into v: inout Validator) -> CalendarDay? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            if required { v.add(field, "required") }
            return nil
        }
        let day = CalendarDay(trimmed)
        v.check(day != nil, field, "invalid_date")
        return day
    }
}

/// What a keeper writes about a measure for a reporting period.
public struct MeasureProgressDraft: Sendable, Equatable {
    public var period: String
    public var text: String

    public init(period: String, text: String) {
        self.period = period
        self.text = text
    }

    /// A quarter (`2026-K4`) that has begun by `today`, and the text within its limit, guarded (empty: the period's text removed).
    public func validated(today: Date, privacy: PrivacyGuard = .standard) throws(DomainError) -> (period: PlanQuarter, text: String) {
        var v = Validator()
        let period = v.choice(self.period, "periode", "invalid_quarter", PlanQuarter.init)
        if let period, period > PlanQuarter(containing: today) { v.add("periode", "period_in_future") }
        let text = v.text(self.text, field: "tekst", max: MeasureProgressText.maximumLength, required: false)
        privacy.check(text, field: "tekst", into: &v)
        try v.finish()
        return (period!, text)
    }
}
