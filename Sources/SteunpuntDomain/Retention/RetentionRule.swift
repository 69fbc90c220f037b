import Foundation

/// What the archive does with a kind of record at the end of its period, as in the
/// Archiefwet selection lists: keep it permanently (`bewaren`, in time transferred to an
/// archive) or destroy it (`vernietigen`).
public enum ArchiveNomination: String, CaseIterable, Codable, Sendable {
    case keep = "bewaren"
    case destroy = "vernietigen"
}

/// The moment a record's retention period runs from.
public enum RetentionStart: String, CaseIterable, Codable, Sendable {
    /// The day a support request or an incident was closed.
    case closing = "afsluitdatum"
    /// The day the meeting took place.
    case eventDate = "datum-bijeenkomst"
    /// The day the quickscan round closed.
    case roundClosing = "sluiting-ronde"
    /// The last change of the entry or introduction made through it.
    case lastActivity = "laatste-activiteit"
    /// The end of the session (sign-out, idle or lifetime).
    case sessionEnd = "einde-sessie"
    /// The moment a webhook delivery arrived or was given up.
    case finished = "afronding"
    /// The day the entry was written.
    case recorded = "datum-vastlegging"
}

/// The kinds of record a retention rule is set for (the list, issue 23).
public enum RetentionRecordType: String, CaseIterable, Codable, Sendable, Comparable {
    /// A closed support request with its messages, notes, activities and feedback.
    case supportRequest = "steunvraag"
    /// A closed incident or tension signal with its history and handling steps.
    case incident = "incident"
    /// A registration for a meeting, with its dietary or access needs and feedback.
    case registration = "aanmelding"
    /// A municipality's quickscan response.
    case quickscanResponse = "quickscan-antwoord"
    /// An entry of the unit's network register.
    case networkEntry = "netwerkvermelding"
    /// A webhook delivery (the log of an event sent to an organisation's system), and a
    /// subscription ended with nothing left in its log.
    case webhookDelivery = "webhooklevering"
    /// A sign-in session.
    case session = "sessie"
    /// The audit trail.
    case auditTrail = "audittrail"

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// What its period runs from.
    public var start: RetentionStart {
        switch self {
        case .supportRequest, .incident: .closing
        case .registration: .eventDate
        case .quickscanResponse: .roundClosing
        case .networkEntry: .lastActivity
        case .webhookDelivery: .finished
        case .session: .sessionEnd
        case .auditTrail: .recorded
        }
    }

    /// The shortest period an operator may set: below it the record would go before
    /// the work it serves is done (a closed request reopened, an incident's follow-up,
    /// a meeting's report, a security investigation).
    public var floor: RetentionPeriod {
        switch self {
        case .supportRequest, .incident, .auditTrail: RetentionPeriod(years: 1)
        case .registration: RetentionPeriod(months: 3)
        case .quickscanResponse: RetentionPeriod(years: 2)
        case .networkEntry: RetentionPeriod(months: 6)
        case .webhookDelivery: RetentionPeriod(days: 7)
        case .session: RetentionPeriod()
        }
    }

    /// Steunpunt's default rule (docs/privacy.md gives the grounds).
    public var defaultRule: RetentionRule {
        switch self {
        case .supportRequest: RetentionRule(type: self, nomination: .destroy, period: RetentionPeriod(years: 5))
        case .incident: RetentionRule(type: self, nomination: .destroy, period: RetentionPeriod(years: 5))
        case .registration: RetentionRule(type: self, nomination: .destroy, period: RetentionPeriod(years: 1))
        case .quickscanResponse: RetentionRule(type: self, nomination: .keep, period: RetentionPeriod(years: 10))
        case .networkEntry: RetentionRule(type: self, nomination: .destroy, period: RetentionPeriod(years: 2))
        case .webhookDelivery: RetentionRule(type: self, nomination: .destroy, period: RetentionPeriod(days: 90))
        case .session: RetentionRule(type: self, nomination: .destroy, period: RetentionPeriod())
        case .auditTrail: RetentionRule(type: self, nomination: .destroy, period: RetentionPeriod(years: 5))
        }
    }

    /// Whether Steunpunt's destruction lists take this kind of record now.
    public var isListed: Bool { application == .lists }

    /// How Steunpunt applies this kind's rule now: the one place that says so (the
    /// configuration, `retention plan` and the pages read it).
    public var application: RetentionApplication {
        switch self {
        case .supportRequest, .incident, .registration, .quickscanResponse, .networkEntry: .lists
        case .session: .sessionEnd
        case .auditTrail: .checkpoint
        case .webhookDelivery: .purge
        }
    }
}

/// How a kind of record's rule is carried out.
public enum RetentionApplication: String, Sendable {
    /// Due records go on a destruction list that is reviewed and approved.
    case lists
    /// Removed when the session ends (the session purge).
    case sessionEnd = "sessions"
    /// Removed every hour behind a signed checkpoint (the audit trail).
    case checkpoint
    /// Removed every hour without a list: the records hold identifiers and codes only
    /// (webhook deliveries), and an audit entry says how many went.
    case purge
}

/// One kind of record's rule: its nomination and its period, which runs from
/// `type.start`.
public struct RetentionRule: Hashable, Sendable {
    public let type: RetentionRecordType
    public let nomination: ArchiveNomination
    public let period: RetentionPeriod

    public init(type: RetentionRecordType, nomination: ArchiveNomination, period: RetentionPeriod) {
        self.type = type
        self.nomination = nomination
        self.period = period
    }

    /// The day a record whose period runs from `day` is due, if it is to be destroyed.
    public func due(from day: CalendarDay) -> CalendarDay? {
        nomination == .destroy ? period.due(from: day) : nil
    }
}

extension RetentionRecordType {
    /// For a kind whose records have no number of their own, the prefix of the one they go
    /// by on a destruction list: with the first eight characters of the id (`AM-1A2B3C4D`),
    /// never a name.
    public var referencePrefix: String? {
        switch self {
        case .registration: "AM"
        case .networkEntry: "NW"
        case .quickscanResponse: "QS"
        case .supportRequest, .incident, .webhookDelivery, .session, .auditTrail: nil
        }
    }

    /// The number such a record goes by on a destruction list.
    public func reference(_ id: UUID) -> String? {
        referencePrefix.map { "\($0)-\(id.uuidString.prefix(8))" }
    }

    /// The object type the audit trail names such a record by.
    public var auditObjectType: String {
        switch self {
        case .supportRequest: "request"
        case .incident: "incident"
        case .registration: "meeting_registration"
        case .quickscanResponse: "response"
        case .networkEntry: "network_entry"
        case .webhookDelivery: "webhook_delivery"
        case .session: "session"
        case .auditTrail: "audit_trail"
        }
    }
}
