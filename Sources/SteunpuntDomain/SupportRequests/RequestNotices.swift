import Foundation

/// Who hears of a change to a request, and as what. One rule for every change: the
/// store applies it to each change it writes, in the same transaction, so no step of the
/// workflow can forget to tell whom it concerns. A notice names the request (number and
/// title) and what happened; never a reason, a message or a description: those are read
/// on the request's page, where need-to-know applies.
public struct RequestNotice: Sendable, Equatable {
    /// Every kind of notice a person can receive (requests, deadlines, and for
    /// administrators mail and events that could not be delivered).
    public enum Kind: String, Sendable, CaseIterable {
        case filed = "ingediend"
        case referred = "doorverwezen"
        case accepted = "geaccepteerd"
        case declined = "teruggegeven"
        case assigned = "toegewezen"
        case message = "bericht"
        case waiting = "vraag-aan-u"
        case answered = "beantwoord"
        case closed = "afgesloten"
        case reopened = "heropend"
        case dueSoon = "termijn-bijna-verstreken"
        case overdue = "termijn-verstreken"
        case mailUndelivered = "mail-niet-bezorgd"
        /// Events for a webhook subscription were given up, or its receiver ended it (410).
        case webhookUndelivered = "webhook-niet-bezorgd"
        /// A round closes soon and the municipality has not submitted.
        case quickscanReminder = "quickscan-herinnering"
        /// A round the organisation runs has closed: the analysis is complete.
        case quickscanClosed = "quickscan-gesloten"
        /// The municipality has not updated its 10-point plan for some months.
        case planReminder = "tienpuntenplan-herinnering"
        /// One has a place at a meeting (registered, or took a place offered): the mail carries the calendar invitation.
        case registrationConfirmed = "inschrijving-bevestigd"
        /// The meeting was full: one is on its waiting list.
        case waitlisted = "op-wachtlijst"
        /// A place at a meeting is free and held for the person until the offer expires.
        case placeOffered = "plaats-aangeboden"
        /// A meeting one has a place at begins in two days.
        case meetingReminder = "bijeenkomst-herinnering"
        /// A meeting one is registered for moved or changed (time, place, status).
        case meetingChanged = "bijeenkomst-gewijzigd"
        /// A meeting one is registered for was cancelled.
        case meetingCancelled = "bijeenkomst-geannuleerd"
        /// One's registration was cancelled: by an organiser (with a reason, read on the
        /// meeting's page), or by oneself (a confirmation that takes it out of one's calendar).
        case registrationCancelled = "inschrijving-geannuleerd"
        /// A municipality asked to join a learning circle: the unit's coordinators decide.
        case circleRequest = "leerkring-aanvraag"
        /// The unit invited one's municipality to a learning circle.
        case circleInvitation = "leerkring-uitnodiging"
        /// The unit decided on one's municipality's request to join, or ended its membership;
        /// or (to the unit) a municipality answered an invitation or left.
        case circleDecision = "leerkring-besluit"
        /// A municipality shared an incident with one's organisation (a partner, or the unit's
        /// coordinators): it can be read now. The notice names its number and kind only.
        case incidentShared = "incident-gedeeld"

        /// The kinds about meetings, which anyone who registers can receive. Each is mailed on
        /// its own, with the meeting's calendar where the person has (or had) a place.
        public static let meetings: [Kind] = [.registrationConfirmed, .waitlisted, .placeOffered, .meetingReminder, .meetingChanged,
                                              .meetingCancelled, .registrationCancelled]
    }

    /// Who is told: the staff working on others' cases at an organisation (its desk agents,
    /// the unit's coordinators, a partner's staff), the people of the requesting municipality or school, or one person.
    public enum Audience: Sendable, Equatable {
        case staff(OrganisationID)
        case requester(OrganisationID)
        case person(UUID)
        /// Every administrator, whatever their organisation.
        case administrators

        /// The roles an organisation's audience holds.
        public var roles: [Role] {
            switch self {
            case .staff: [.deskAgent, .unitCoordinator, .partnerStaff]
            case .requester: [.municipalOfficial, .schoolStaff]
            case .person: Role.allCases
            case .administrators: [.administrator]
            }
        }
    }

    public let kind: Kind
    public let audience: Audience

    public init(_ kind: Kind, _ audience: Audience) {
        self.kind = kind
        self.audience = audience
    }

    /// The notice a request's deadline state moving from `previous` to `next` gives: its
    /// holder (the assigned advisor, else the holding organisation's staff) hears when the
    /// deadline comes near and when it has passed, once per move.
    public static func after(deadline next: DeadlineState, previous: DeadlineState, request: SupportRequest) -> [RequestNotice] {
        guard next != previous else { return [] }
        let holder: Audience = request.assignee.map(Audience.person) ?? .staff(request.holder)
        switch next {
        case .dueSoon where previous != .overdue: return [RequestNotice(.dueSoon, holder)]
        case .overdue: return [RequestNotice(.overdue, holder)]
        default: return []
        }
    }

    /// The notices `change` (from `previous`, nil when the request was just filed, to
    /// `next`) gives. Whoever made the change is left out of every audience by the store.
    public static func after(_ change: StatusChange, next: SupportRequest, previous: SupportRequest?) -> [RequestNotice] {
        let requester = Audience.requester(next.requester)
        let handler: Audience = next.assignee.map(Audience.person) ?? .staff(next.holder)
        switch change.action {
        case "aanmaken":
            return [RequestNotice(.filed, .staff(next.desk))]
        case RequestAction.refer(to: next.holder, reason: "").identifier:
            return [RequestNotice(.referred, .staff(next.holder))]
        case RequestAction.accept.identifier:
            return (previous?.referredBy).map { [RequestNotice(.accepted, .staff($0))] } ?? []
        case RequestAction.decline(reason: "").identifier:
            return [RequestNotice(.declined, .staff(next.holder))]
        case RequestAction.assign(advisor: UUID()).identifier:
            return next.assignee.map { [RequestNotice(.assigned, .person($0))] } ?? []
        case RequestAction.reply.identifier:
            return [RequestNotice(.message, requester)]
        case RequestAction.requesterReply.identifier:
            return [RequestNotice(previous?.status == .waitingForRequester ? .answered : .message, handler)]
        case RequestAction.waitForRequester(reason: "").identifier:
            return [RequestNotice(.waiting, requester)]
        case RequestAction.close(outcome: .answered, reason: nil).identifier:
            // Withdrawn: the handler hears it too.
            return next.outcome == .withdrawn ? [RequestNotice(.closed, requester), RequestNotice(.closed, handler)] : [RequestNotice(.closed, requester)]
        case RequestAction.reopen(reason: "").identifier:
            return [RequestNotice(.reopened, handler)]
        default:
            return []
        }
    }
}
