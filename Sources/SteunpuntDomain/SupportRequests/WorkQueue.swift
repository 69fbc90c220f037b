import Foundation

/// A named to-do list of requests, as a role's dashboard shows it and the request list
/// filters on it (`?wachtrij=`). What each queue holds is defined here, once: the page,
/// the dashboard's counts and the tests read the same conditions.
public enum WorkQueue: String, CaseIterable, Sendable {
    /// A desk: filed at or sent to it, nobody has looked yet.
    case newAtDesk = "nieuw"
    /// A desk or the unit: being looked at, the next step (refer, answer, close) is theirs.
    case awaitingDecision = "besluit"
    /// A desk: a referral the receiver declined came back.
    case declinedBack = "teruggekomen"
    /// The unit's coordinator: referred to the unit, to accept or decline.
    case referralsToAccept = "te-accepteren"
    /// The unit's coordinator: held by the unit and no advisor on it yet.
    case withoutAdvisor = "zonder-adviseur"
    /// Held by one's organisation and past a deadline.
    case overdue = "te-laat"
    /// Held by one's organisation and near a deadline.
    case dueSoon = "bijna-te-laat"
    /// An advisor: the open requests assigned to them.
    case assignedToMe = "toegewezen"
    /// A requester: the handler asked something and waits for their answer.
    case answerExpected = "antwoord-gevraagd"

    /// Open statuses in which a request is still someone's work.
    public static let open: [RequestStatus] = RequestStatus.allCases.filter(\.isOpen)

    /// The statuses a request in this queue has.
    public var statuses: [RequestStatus] {
        switch self {
        case .newAtDesk: [.received]
        case .awaitingDecision: [.inTriage, .reopened]
        case .declinedBack: [.inTriage]
        case .referralsToAccept: [.referred]
        case .withoutAdvisor: [.received, .inTriage, .accepted, .reopened]
        case .overdue, .dueSoon: Self.open.filter { $0 != .waitingForRequester }
        case .assignedToMe: Self.open
        case .answerExpected: [.waitingForRequester]
        }
    }

    /// Whether the request must be held by the viewer's own organisation (it is their turn).
    public var heldByOwnOrganisation: Bool {
        switch self {
        case .assignedToMe, .answerExpected: false
        default: true
        }
    }

    /// Only requests no advisor is assigned to.
    public var unassignedOnly: Bool { self == .withoutAdvisor }

    /// Whether the last change of status was a declined referral: `true` only those,
    /// `false` none of those, `nil` either.
    public var declinedBack: Bool? {
        switch self {
        case .declinedBack: true
        case .awaitingDecision: false
        default: nil
        }
    }

    public var deadline: DeadlineState? {
        switch self {
        case .overdue: .overdue
        case .dueSoon: .dueSoon
        default: nil
        }
    }

    /// The queues a role works from, most urgent first; none for roles without cases.
    public static func queues(for role: Role) -> [WorkQueue] {
        switch role {
        case .deskAgent: [.newAtDesk, .declinedBack, .awaitingDecision, .overdue, .dueSoon]
        case .unitCoordinator: [.referralsToAccept, .withoutAdvisor, .overdue, .dueSoon]
        case .unitAdvisor: [.assignedToMe, .overdue, .dueSoon]
        case .municipalOfficial, .schoolStaff: [.answerExpected]
        case .nationalAnalyst, .administrator, .auditor, .partnerStaff: []
        }
    }
}
