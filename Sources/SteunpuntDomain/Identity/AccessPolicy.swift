/// Need-to-know: who may see what. Every handler and page asks here, never decides
/// on its own. The foundation's first rules; the full matrix of DOMAIN.md grows here.
public enum AccessPolicy {
    /// The priority (at-risk) flag of a municipality is a national assessment: national
    /// staff see it, municipalities, schools and the public do not.
    public static func canSeePriority(_ user: User?) -> Bool {
        guard let role = user?.role else { return false }
        return [.deskAgent, .unitAdvisor, .unitCoordinator, .nationalAnalyst, .administrator].contains(role)
    }

    /// The people of an organisation (names, roles) are listed to its own members and to
    /// administrators: data minimisation (AVG art. 5(1)(c)). Whom one works with on a
    /// record one may see (the desk agent and advisor on a request) is shown on that record.
    public static func canSeeMembers(of organisation: OrganisationID, viewer: User?) -> Bool {
        guard let viewer else { return false }
        return viewer.role == .administrator || viewer.organisation == organisation
    }

    /// E-mail addresses of people are shown to administrators and to colleagues in the same organisation.
    public static func canSeeEmail(of member: User, viewer: User?) -> Bool {
        guard let viewer else { return false }
        return viewer.role == .administrator || viewer.organisation == member.organisation
    }
}

extension AccessPolicy {
    /// Organisations are visible to every signed-in user: knowing who to ask is the point of
    /// the platform (their people: `canSeeMembers`). Signed-out visitors see only municipalities.
    public static func canListOrganisations(_ user: User?) -> Bool { user != nil }

    /// Only administrators create and change organisations and accounts.
    public static func canAdminister(_ user: User?) -> Bool { user?.role == .administrator }

    /// Administrators and auditors search the audit trail.
    public static func canReadAuditTrail(_ user: User?) -> Bool { user?.role == .administrator || user?.role == .auditor }
}
