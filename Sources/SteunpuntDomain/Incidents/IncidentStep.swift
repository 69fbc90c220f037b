import Foundation

/// Where a handling step of an incident stands.
public enum StepState: String, CaseIterable, Codable, Sendable {
    case open = "open"
    case done = "gedaan"
    case notApplicable = "niet-van-toepassing"
}

/// A handling step of one incident (issue 21, part 3): copied from the template version
/// that stood when the incident was registered, then kept by the municipality: done on a
/// day with a note, or not applicable with why.
public struct IncidentStep: Sendable, Equatable {
    public let code: String
    public let title: String
    public let party: IncidentParty
    public let guidance: String
    public let templateVersion: Int
    public var state: StepState
    /// The day it was done (`YYYY-MM-DD`), empty unless done.
    public var doneOn: String
    public var note: String
    /// Counts the changes, for edits made at the same time.
    public var version: Int
    public var changedBy: UUID?
    public var changedAt: Date?

    public init(code: String, title: String, party: IncidentParty, guidance: String, templateVersion: Int, state: StepState = .open, doneOn: String = "",
                note: String = "", version: Int = 1, changedBy: UUID? = nil, changedAt: Date? = nil) {
        self.code = code
        self.title = title
        self.party = party
        self.guidance = guidance
        self.templateVersion = templateVersion
        self.state = state
        self.doneOn = doneOn
        self.note = note
        self.version = version
        self.changedBy = changedBy
        self.changedAt = changedAt
    }

    public init(_ step: HandlingTemplate.Step, templateVersion: Int) {
        self.init(code: step.code, title: step.title, party: step.party, guidance: step.guidance, templateVersion: templateVersion)
    }

    /// How many of `steps` are settled (done or not applicable), of how many.
    public static func progress(_ steps: [IncidentStep]) -> (settled: Int, total: Int) {
        (steps.count(where: { $0.state != .open }), steps.count)
    }
}

/// A change of a handling step as the municipality writes it.
public struct IncidentStepUpdate: Sendable, Equatable {
    public var state: String
    public var doneOn: String
    public var note: String

    public init(state: String = "", doneOn: String = "", note: String = "") {
        self.state = state
        self.doneOn = doneOn
        self.note = note
    }

    public struct Valid: Sendable, Equatable {
        public let state: StepState
        public let doneOn: String
        public let note: String

        /// A change already checked (the demo's story, written in code).
        public init(state: StepState, doneOn: String = "", note: String = "") {
            self.state = state
            self.doneOn = doneOn
            self.note = note
        }
    }

    public static let noteLimit = 1_000

    /// Every problem at once: a known state; done on a real day, not before the incident
    /// happened and not in the future (asked only when done); not applicable says why; the
    /// note guarded; something that changes.
    public func validated(for step: IncidentStep, of incident: Incident, today: Date, privacy: PrivacyGuard = .standard) throws(DomainError) -> Valid {
        var v = Validator()
        let state = v.choice(self.state.trimmingCharacters(in: .whitespaces), "status", "invalid_step_state", StepState.init(rawValue:))
        let dayText = doneOn.trimmingCharacters(in: .whitespaces)
        var day = ""
        if state == .done {
            if dayText.isEmpty { v.add("datum", "required") }
            else if let parsed = CalendarDay(dayText) {
                if parsed > CalendarDay(of: today) { v.add("datum", "date_in_future") }
                else if let occurred = CalendarDay(incident.occurredOn), parsed < occurred { v.add("datum", "before_incident") }
                day = parsed.description
            } else { v.add("datum", "invalid_date") }
        }
        let note = v.text(self.note, field: "toelichting", max: Self.noteLimit, required: state == .notApplicable)
        privacy.check(note, field: "toelichting", into: &v)
        if let state, v.errors.isEmpty, state == step.state, day == step.doneOn, note == step.note { v.add("status", "nothing_changed") }
        try v.finish()
        return Valid(state: state!, doneOn: day, note: note)
    }
}
