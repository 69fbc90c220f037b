import Foundation

/// What can happen to a request. Identifiers (`identifier`) are the API's action names.
public enum RequestAction: Sendable, Equatable {
    /// The holding desk picks it up.
    case startTriage
    /// Hand it to another organisation (the unit, a partner), with a reason.
    case refer(to: OrganisationID, reason: String)
    /// The receiving organisation takes it over.
    case accept
    /// The receiving organisation gives it back to the one that referred it, with a reason.
    case decline(reason: String)
    /// The unit's coordinator gives it to an advisor.
    case assign(advisor: UUID)
    /// Ask the requester something; the deadline clock stops.
    case waitForRequester(reason: String)
    /// Staff write to the requester (counts as a response; no status change).
    case reply
    /// The requester answers (ends waiting).
    case requesterReply
    case close(outcome: RequestOutcome, reason: String?)
    case reopen(reason: String)

    public var identifier: String {
        switch self {
        case .startTriage: "in-behandeling-nemen"
        case .refer: "doorverwijzen"
        case .accept: "accepteren"
        case .decline: "weigeren"
        case .assign: "toewijzen"
        case .waitForRequester: "wachten-op-aanvrager"
        case .reply: "bericht"
        case .requesterReply: "reactie-aanvrager"
        case .close: "afsluiten"
        case .reopen: "heropenen"
        }
    }
}

/// The state machine of a request (issue 4 §5): which action is allowed in which status,
/// and what it changes, including the deadline clock. Pure: it returns the new request
/// and the history line; storage writes both, or neither.
public struct RequestWorkflow: Sendable {
    public let calendar: DutchCalendar

    public init(calendar: DutchCalendar = DutchCalendar()) { self.calendar = calendar }

    /// Applies `action` by `user`; throws `forbidden` when the user may not, and
    /// `conflict("transition_not_allowed")` when the status does not allow it.
    public func apply(_ action: RequestAction, to request: SupportRequest, by user: User, at now: Date,
                      targets: DeadlineTargets) throws(DomainError) -> (SupportRequest, StatusChange) {
        guard RequestPolicy.may(action, on: request, user: user) else { throw .forbidden }
        guard request.destroyedAt == nil else { throw .conflict("record_destroyed") }
        var next = request
        var change = StatusChange(from: request.status, to: request.status, action: action.identifier, actor: user.id, at: now)
        let status = request.status
        func allow(_ statuses: Set<RequestStatus>) throws(DomainError) {
            guard statuses.contains(status) else { throw .conflict("transition_not_allowed") }
        }
        switch action {
        case .startTriage:
            try allow([.received, .reopened])
            next.status = .inTriage
        case .refer(let target, let reason):
            try allow([.received, .inTriage, .reopened, .accepted])
            guard target != request.holder else { throw .invalid([FieldError(field: "naar", code: "refer_to_self")]) }
            try Self.requireReason(reason)
            next.status = .referred
            next.referredBy = request.holder
            next.holder = target
            next.assignee = nil
            change.reason = reason
            change.organisation = target
        case .accept:
            try allow([.referred])
            next.status = .accepted
            next.referredBy = nil
        case .decline(let reason):
            try allow([.referred])
            try Self.requireReason(reason)
            guard let back = request.referredBy else { throw .conflict("transition_not_allowed") }
            next.status = .inTriage
            next.holder = back
            next.referredBy = nil
            change.reason = reason
            change.organisation = request.holder
        case .assign(let advisor):
            try allow([.received, .accepted, .inProgress, .reopened])
            next.status = .inProgress
            next.assignee = advisor
        case .waitForRequester(let reason):
            try allow([.received, .inTriage, .accepted, .inProgress, .reopened])
            try Self.requireReason(reason)
            next.status = .waitingForRequester
            next.statusBeforeWaiting = status
            next.waitingSince = now
            change.reason = reason
        case .reply:
            try allow([.received, .inTriage, .accepted, .inProgress, .reopened, .waitingForRequester, .referred])
        case .requesterReply:
            guard status.isOpen else { throw .conflict("transition_not_allowed") }
            if status == .waitingForRequester { resume(&next, at: now, targets: targets) }
        case .close(let outcome, let reason):
            try allow([.received, .inTriage, .accepted, .inProgress, .waitingForRequester, .reopened])
            if status == .waitingForRequester { resume(&next, at: now, targets: targets) }
            next.status = .closed
            next.outcome = outcome
            next.closedAt = now
            change.reason = reason
        case .reopen(let reason):
            try allow([.closed])
            try Self.requireReason(reason)
            next.status = .reopened
            next.outcome = nil
            next.closedAt = nil
            change.reason = reason
        }
        // The first thing staff do answers the requester, whatever it is.
        if next.firstResponseAt == nil, RequestPolicy.isHolderStaff(request, user: user) { next.firstResponseAt = now }
        next.updatedAt = now
        change.to = next.status
        return (next, change)
    }

    /// Ends a wait: the days spent waiting move the resolution date.
    private func resume(_ request: inout SupportRequest, at now: Date, targets: DeadlineTargets) {
        if let since = request.waitingSince { request.suspendedDays += calendar.workingDays(from: since, to: now) }
        request.waitingSince = nil
        request.status = request.statusBeforeWaiting ?? .inTriage
        request.statusBeforeWaiting = nil
        request.resolutionDue = calendar.addingWorkingDays(targets.resolutionDays + request.suspendedDays, to: request.createdAt)
    }

    private static func requireReason(_ reason: String) throws(DomainError) {
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .invalid([FieldError(field: "reden", code: "required")]) }
    }
}

/// The service targets that apply to a request: the strictest of its needs.
public struct DeadlineTargets: Sendable, Equatable {
    public let firstResponseDays: Int
    public let resolutionDays: Int

    public init(firstResponseDays: Int, resolutionDays: Int) {
        self.firstResponseDays = firstResponseDays
        self.resolutionDays = resolutionDays
    }

    /// The strictest targets among `needs`; a high urgency asks a first response the next working day.
    public init(needs: [Need], urgency: Urgency) {
        let first = needs.map(\.firstResponseDays).min() ?? 5
        firstResponseDays = urgency == .high ? min(first, 1) : first
        resolutionDays = needs.map(\.resolutionDays).min() ?? 30
    }
}

/// Overdue and almost due, as lists and the background job see them.
public enum DeadlineState: String, Sendable, Equatable {
    case onTime = "op-tijd"
    case dueSoon = "bijna-verlopen"
    case overdue = "verlopen"
    case paused = "gepauzeerd"
    case closed = "afgesloten"
}

extension RequestWorkflow {
    /// Where a request stands against its deadlines at `now`: waiting pauses the clock;
    /// a missed first response or resolution date is overdue; due soon within `warningDays`
    /// working days of the date, once a working day of its window has passed (a request
    /// with a one- or two-day first response is not "almost overdue" the day it is filed).
    public func deadlineState(_ request: SupportRequest, at now: Date, warningDays: Int = 2) -> DeadlineState {
        if !request.status.isOpen { return .closed }
        if request.waitingSince != nil { return .paused }
        let due = request.firstResponseAt == nil ? min(request.firstResponseDue, request.resolutionDue) : request.resolutionDue
        if now >= due { return .overdue }
        // Due dates are the first instant of the day after the last working day: count to just before.
        let window = calendar.workingDays(from: request.createdAt, to: due.addingTimeInterval(-1))
        let remaining = calendar.workingDays(from: now, to: due.addingTimeInterval(-1))
        return remaining <= warningDays && remaining < window ? .dueSoon : .onTime
    }
}
