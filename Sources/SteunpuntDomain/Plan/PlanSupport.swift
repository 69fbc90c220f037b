import Foundation

/// Where a municipality's wish for support on a point stands (part 4 of the plan): it is
/// open from the moment the municipality ticks "wants support" until the unit's coordinator
/// confirms it (a support request at the unit, channel 10-point plan) or dismisses it (with
/// a reason the municipality reads), or the municipality unticks it first (withdrawn).
public enum SupportProposalState: String, CaseIterable, Codable, Sendable {
    case open = "open"
    case confirmed = "bevestigd"
    case dismissed = "afgewezen"
    case withdrawn = "ingetrokken"
}

/// One wish for support on a point of the plan, and the decision on it.
public struct SupportProposal: Sendable, Equatable {
    public let id: UUID
    public let municipality: MunicipalityCode
    public let pointKey: String
    public let askedBy: UUID?
    public let askedAt: Date
    public var state: SupportProposalState
    /// The support request a confirmation filed.
    public var requestID: UUID?
    public var decidedBy: UUID?
    public var decidedAt: Date?
    /// Why the coordinator dismissed it (read by the municipality), or empty.
    public var reason: String

    public init(id: UUID, municipality: MunicipalityCode, pointKey: String, askedBy: UUID?, askedAt: Date, state: SupportProposalState = .open,
                requestID: UUID? = nil, decidedBy: UUID? = nil, decidedAt: Date? = nil, reason: String = "") {
        self.id = id
        self.municipality = municipality
        self.pointKey = pointKey
        self.askedBy = askedBy
        self.askedAt = askedAt
        self.state = state
        self.requestID = requestID
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.reason = reason
    }
}

public enum PlanSupport {
    public static let reasonLimit = 1_000

    /// What a progress change does to the wish for support on its point: ticking "wants
    /// support" asks (a new open proposal), unticking withdraws the open one.
    public enum Effect: Sendable, Equatable {
        case ask, withdraw, none
    }

    public static func effect(wanted before: Bool, wants after: Bool) -> Effect {
        switch (before, after) {
        case (false, true): .ask
        case (true, false): .withdraw
        default: .none
        }
    }

    /// The reason a dismissal gives: optional, at most `reasonLimit` characters, checked by
    /// the privacy guard like every free text.
    public static func reason(_ text: String, privacy: PrivacyGuard = .standard) throws(DomainError) -> String {
        var v = Validator()
        let reason = v.text(text, field: "reden", max: reasonLimit, required: false)
        privacy.check(reason, field: "reden", into: &v)
        try v.finish()
        return reason
    }

    /// The request a confirmed proposal files: written in Dutch for the desk, naming the
    /// point, where the municipality stands on it, the point's needs and the offerings that
    /// match (titles and addresses), nothing about persons.
    public static func draft(point: PlanPoint, progress: PointProgress, municipalityName: String, needNames: [NeedCode: String],
                             offerings: [(title: String, path: String)]) -> RequestDraft {
        var lines = ["\(municipalityName) vraagt ondersteuning bij punt \(point.number) van het 10-puntenplan, ‘\(point.title)’."]
        lines.append("Wat het punt vraagt: \(point.asks)")
        // Days as the pages show them in Dutch (`1 okt. 2026`).
        func day(_ text: String) -> String? { CalendarDay(text).map { DateText.shown($0.start(), language: "nl") } }
        var stand = "Stand: \(progress.status.dutchName)"
        if let since = day(progress.since) { stand += " sinds \(since)" }
        lines.append(stand + ".")
        if !progress.responsibleFunction.isEmpty { lines.append("Verantwoordelijke functie: \(progress.responsibleFunction).") }
        if !progress.nextStep.isEmpty {
            lines.append("Volgende stap: \(progress.nextStep)" + (day(progress.nextStepOn).map { " (uiterlijk \($0))" } ?? ""))
        }
        lines += [ProposalText.needs(point.needs, label: "Behoeften", names: needNames), ProposalText.offerings(offerings)].compactMap { $0 }
        return RequestDraft(title: "Ondersteuning 10-puntenplan, punt \(point.number): \(municipalityName)", description: lines.joined(separator: "\n\n"),
                            requester: progress.municipality.rawValue, municipality: progress.municipality.rawValue,
                            needs: point.needs.map(\.rawValue), channel: RequestChannel.plan.rawValue)
    }
}

extension ProgressStatus {
    /// The status's Dutch name, for text stored in Dutch (support requests, CSV).
    public var dutchName: String {
        switch self {
        case .notStarted: "niet gestart"
        case .preparing: "in voorbereiding"
        case .inPlace: "ingevoerd"
        case .sustained: "geëvalueerd en geborgd"
        }
    }
}
