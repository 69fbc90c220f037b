import Foundation

/// How a person wants to hear of one kind of notice by mail. Every notice is in the
/// application (*Meldingen*) whatever is chosen here.
public enum MailDelivery: String, Sendable, CaseIterable, Codable {
    /// A mail within a minute (notices that arrive together share one mail).
    case immediately = "direct"
    /// One mail a day, at the person's digest hour, with everything since the last.
    case digest = "dagelijks"
    /// No mail.
    case off = "uit"
}

/// A person's choices for notification mail: per kind of notice, the hour of the daily
/// digest (Dutch time) and the language of the mail. What is not chosen follows the
/// defaults of the person's role (`defaults(for:)`).
public struct NotificationPreferences: Sendable, Equatable {
    public static let languages = ["nl", "en"]
    public static let defaultDigestHour = 8

    public var delivery: [RequestNotice.Kind: MailDelivery]
    public var digestHour: Int
    public var language: String

    public init(delivery: [RequestNotice.Kind: MailDelivery], digestHour: Int = Self.defaultDigestHour, language: String = "nl") {
        self.delivery = delivery
        self.digestHour = digestHour
        self.language = language
    }

    /// How `kind` is mailed: the choice made, else the role's default.
    public func delivery(of kind: RequestNotice.Kind, role: Role) -> MailDelivery {
        delivery[kind] ?? Self.defaultDelivery(of: kind, role: role)
    }

    /// The kinds of notice a person in `role` can receive, in the order of the workflow.
    /// A preferences page offers these.
    public static func kinds(for role: Role) -> [RequestNotice.Kind] {
        work(of: role) + RequestNotice.Kind.meetings
    }

    /// The kinds about the work of a role (requests, the quickscan, administration).
    private static func work(of role: Role) -> [RequestNotice.Kind] {
        switch role {
        case .municipalOfficial: [.message, .waiting, .closed, .quickscanReminder, .planReminder, .circleInvitation, .circleDecision]
        case .schoolStaff: [.message, .waiting, .closed]
        case .deskAgent: [.filed, .referred, .accepted, .declined, .assigned, .message, .answered, .closed, .reopened, .dueSoon, .overdue]
        case .unitCoordinator: [.filed, .referred, .accepted, .declined, .assigned, .message, .answered, .closed, .reopened, .dueSoon, .overdue,
                                .quickscanClosed, .circleRequest, .circleDecision, .incidentShared]
        case .unitAdvisor: [.assigned, .message, .answered, .closed, .reopened, .dueSoon, .overdue]
        case .administrator: [.mailUndelivered, .webhookUndelivered]
        case .partnerStaff: [.incidentShared]
        case .nationalAnalyst, .auditor: []
        }
    }

    /// The default for a role: what asks the person to act comes at once; what only informs
    /// (a referral accepted, a deadline coming near) comes in the digest. Coordinators, who
    /// divide the work, hear of messages on requests their advisors handle in the digest.
    public static func defaultDelivery(of kind: RequestNotice.Kind, role: Role) -> MailDelivery {
        switch kind {
        case .accepted, .dueSoon: return .digest
        case .message where role == .unitCoordinator, .answered where role == .unitCoordinator: return .digest
        default: return .immediately
        }
    }

    /// When a notice created at `now` goes out by mail under `delivery`: now, at the next
    /// digest hour in Dutch time, or never.
    public func mailDue(_ delivery: MailDelivery, after now: Date, calendar: DutchCalendar = DutchCalendar()) -> Date? {
        switch delivery {
        case .immediately: return now
        case .off: return nil
        case .digest: return Self.nextDigest(after: now, hour: digestHour, calendar: calendar)
        }
    }

    /// The first moment at `hour`:00 Dutch time that lies after `now` (summer time right).
    public static func nextDigest(after now: Date, hour: Int, calendar: DutchCalendar = DutchCalendar()) -> Date {
        let cal = calendar.calendar
        var day = cal.dateComponents([.year, .month, .day], from: now)
        day.hour = hour
        for _ in 0..<3 {
            if let candidate = cal.date(from: day), candidate > now { return candidate }
            let next = cal.date(byAdding: .day, value: 1, to: cal.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))!)!
            day = cal.dateComponents([.year, .month, .day], from: next)
            day.hour = hour
        }
        return now.addingTimeInterval(24 * 3600)
    }

    /// A change of preferences from a form or the API, checked as a whole: every problem at once.
    public struct Draft: Sendable, Equatable {
        /// Per kind; nil when not given at all (refused: `required`).
        public var delivery: [String: String]?
        public var digestHour: String
        public var language: String

        public init(delivery: [String: String]?, digestHour: String, language: String) {
            self.delivery = delivery
            self.digestHour = digestHour
            self.language = language
        }

        /// The preferences. Any kind may be set, also one the person's role does not receive
        /// now: the choice holds if their role changes.
        public func validated() throws(DomainError) -> NotificationPreferences {
            var v = Validator()
            var chosen: [RequestNotice.Kind: MailDelivery] = [:]
            if delivery == nil { v.add("bezorging", "required") }
            for (key, value) in (delivery ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let kind = RequestNotice.Kind(rawValue: key) else {
                    v.add("bezorging", "invalid_notification_kind")
                    continue
                }
                if let choice = v.choice(value, "bezorging", "invalid_mail_delivery", MailDelivery.init(rawValue:)) { chosen[kind] = choice }
            }
            let hour = v.choice(digestHour, "uurDagoverzicht", "invalid_digest_hour") { Int($0).flatMap { (0...23).contains($0) ? $0 : nil } }
            let language = v.choice(language, "taal", "invalid_language") { NotificationPreferences.languages.contains($0) ? $0 : nil }
            try v.finish()
            return NotificationPreferences(delivery: chosen, digestHour: hour!, language: language!)
        }
    }
}
