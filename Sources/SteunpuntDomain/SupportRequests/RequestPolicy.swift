import Foundation

/// Which requests a user may see: the need-to-know rules of DOMAIN.md for support
/// requests. Storage turns a scope into the WHERE clause of every query, so a request
/// outside it is never read, and answers 404.
public enum RequestScope: Sendable, Equatable {
    /// Nothing (administrators, auditors: no case contents; analysts: figures only).
    case none
    /// The requests of one's own organisation (municipal and school staff).
    case requester(OrganisationID)
    /// Every request the organisation took in, holds, or was referred and kept (desks, the unit's coordinator).
    case party(OrganisationID)
    /// Requests the organisation holds that are assigned to this user (unit advisors).
    case assigned(OrganisationID, UUID)
}

/// The roles' rights on support requests, in one place.
public enum RequestPolicy {
    public static func scope(for user: User) -> RequestScope {
        switch user.role {
        case .municipalOfficial, .schoolStaff: .requester(user.organisation)
        case .deskAgent, .unitCoordinator: .party(user.organisation)
        case .unitAdvisor: .assigned(user.organisation, user.id)
        case .nationalAnalyst, .administrator, .auditor, .partnerStaff: .none
        }
    }

    /// Whether `user` sees `request` (the in-memory twin of the storage filter).
    public static func canSee(_ request: SupportRequest, parties: Set<OrganisationID>, user: User) -> Bool {
        switch scope(for: user) {
        case .none: false
        case .requester(let organisation): request.requester == organisation
        case .party(let organisation): parties.contains(organisation)
        case .assigned(let organisation, let id): request.holder == organisation && request.assignee == id
        }
    }

    /// Roles that file requests at all: municipal and school staff for themselves, desk
    /// agents and the unit's coordinator on behalf of others.
    public static func mayFile(_ user: User) -> Bool {
        [.municipalOfficial, .schoolStaff, .deskAgent, .unitCoordinator].contains(user.role)
    }

    /// Who may file a request, for which requester: a municipality or school for itself,
    /// a desk agent or the unit's coordinator on behalf of any municipality or school.
    public static func canFile(for requester: Organisation, user: User) -> Bool {
        guard requester.kind == .municipality || requester.kind == .school, requester.isActive else { return false }
        switch user.role {
        case .municipalOfficial, .schoolStaff: return requester.id == user.organisation
        case .deskAgent, .unitCoordinator: return true
        default: return false
        }
    }

    /// Staff acting for the organisation that holds the request.
    public static func isHolderStaff(_ request: SupportRequest, user: User) -> Bool {
        guard user.organisation == request.holder else { return false }
        switch user.role {
        case .deskAgent, .unitCoordinator: return true
        case .unitAdvisor: return request.assignee == user.id
        default: return false
        }
    }

    /// Staff of the requesting organisation.
    public static func isRequester(_ request: SupportRequest, user: User) -> Bool {
        user.organisation == request.requester && (user.role == .municipalOfficial || user.role == .schoolStaff)
    }

    /// Whether `user` may take `action` on `request` (whether the status allows it is the workflow's part).
    public static func may(_ action: RequestAction, on request: SupportRequest, user: User) -> Bool {
        let staff = isHolderStaff(request, user: user)
        switch action {
        case .startTriage, .refer, .accept, .decline:
            return staff && user.role != .unitAdvisor
        case .assign:
            return staff && user.role == .unitCoordinator
        case .waitForRequester, .reply:
            return staff
        case .requesterReply:
            return isRequester(request, user: user)
        case .close(let outcome, _):
            return staff || (outcome == .withdrawn && isRequester(request, user: user))
        case .reopen:
            return staff || isRequester(request, user: user)
        }
    }

    /// Internal notes: staff acting for the holder, and the desk that took it in (which keeps reading it).
    public static func mayWriteInternalNote(on request: SupportRequest, user: User) -> Bool {
        isHolderStaff(request, user: user) || (request.desk == user.organisation && user.role == .deskAgent)
    }

    /// Organisations a request can be referred to.
    public static func isReferralTarget(_ organisation: Organisation) -> Bool {
        organisation.isActive && [.expertiseUnit, .partner, .nationalGovernment, .associationDesk, .helpdesk].contains(organisation.kind)
    }
}
