import Foundation

/// A question for support (hulpvraag): who asks, about which municipality, what they
/// need, and where it stands. Changed only through `RequestWorkflow`.
public struct SupportRequest: Sendable, Equatable {
    public let id: UUID
    /// A readable number, `HV-2026-00042`, unique and never reused.
    public var number: String
    public var title: String
    public var description: String
    /// The organisation that asks (a municipality or a school).
    public var requester: OrganisationID
    /// The municipality the question is about.
    public var municipality: MunicipalityCode
    public var needs: [NeedCode]
    public var channel: RequestChannel
    public var urgency: Urgency
    /// How the requester prefers to be contacted (free text, passes the privacy guard).
    public var preferredContact: String
    public var status: RequestStatus
    public var outcome: RequestOutcome?
    /// The desk that took it in; keeps read access whatever happens next.
    public var desk: OrganisationID
    /// The organisation that holds it now (the desk, the unit, a partner).
    public var holder: OrganisationID
    /// Who referred it to the current holder, while it is referred (a decline returns it there).
    public var referredBy: OrganisationID?
    /// The advisor working on it.
    public var assignee: UUID?
    /// The status to go back to when the requester answers.
    public var statusBeforeWaiting: RequestStatus?
    public var createdBy: UUID
    public var createdAt: Date
    public var updatedAt: Date
    public var firstResponseAt: Date?
    public var closedAt: Date?
    /// Set while waiting for the requester: the deadline clock is stopped.
    public var waitingSince: Date?
    /// Working days spent waiting for the requester so far (added to the resolution target).
    public var suspendedDays: Int
    public var firstResponseDue: Date
    public var resolutionDue: Date
    /// Bumped by every stored change; a change based on an older version is refused.
    public var version: Int = 1
    /// When a destruction list destroyed it (issue 23): what is left is a skeleton for the
    /// figures, which takes no more steps, messages or notes.
    public var destroyedAt: Date?

    public init(id: UUID, number: String, title: String, description: String, requester: OrganisationID, municipality: MunicipalityCode,
                needs: [NeedCode], channel: RequestChannel, urgency: Urgency, preferredContact: String, status: RequestStatus = .received,
                outcome: RequestOutcome? = nil, desk: OrganisationID, holder: OrganisationID, referredBy: OrganisationID? = nil,
                assignee: UUID? = nil, statusBeforeWaiting: RequestStatus? = nil, createdBy: UUID, createdAt: Date, updatedAt: Date,
                firstResponseAt: Date? = nil, closedAt: Date? = nil, waitingSince: Date? = nil, suspendedDays: Int = 0,
                firstResponseDue: Date, resolutionDue: Date) {
        self.id = id
        self.number = number
        self.title = title
        self.description = description
        self.requester = requester
        self.municipality = municipality
        self.needs = needs
        self.channel = channel
        self.urgency = urgency
        self.preferredContact = preferredContact
        self.status = status
        self.outcome = outcome
        self.desk = desk
        self.holder = holder
        self.referredBy = referredBy
        self.assignee = assignee
        self.statusBeforeWaiting = statusBeforeWaiting
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.firstResponseAt = firstResponseAt
        self.closedAt = closedAt
        self.waitingSince = waitingSince
        self.suspendedDays = suspendedDays
        self.firstResponseDue = firstResponseDue
        self.resolutionDue = resolutionDue
    }
}

/// One line of a request's history, never changed once written.
public struct StatusChange: Sendable, Equatable {
    public var from: RequestStatus?
    public var to: RequestStatus
    /// The action's identifier (`aanmaken`, `doorverwijzen`, …).
    public var action: String
    public var reason: String?
    /// The organisation involved (the referral target, the declining party).
    public var organisation: OrganisationID?
    public var actor: UUID
    public var at: Date

    public init(from: RequestStatus?, to: RequestStatus, action: String, reason: String? = nil, organisation: OrganisationID? = nil, actor: UUID, at: Date) {
        self.from = from
        self.to = to
        self.action = action
        self.reason = reason
        self.organisation = organisation
        self.actor = actor
        self.at = at
    }
}
