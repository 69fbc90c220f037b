/// Need-to-know: who may see what. Every handler and page asks here, never decides
/// on its own. The foundation's first rules; the full matrix of DOMAIN.md grows here.
public enum AccessPolicy {
    /// The priority (at-risk) flag of a municipality is a national assessment: national
    /// staff see it, municipalities, schools and the public do not.
    public static func canSeePriority(_ user: User?) -> Bool {
        guard let role = user?.role else { return false }
        return [.deskAgent, .unitAdvisor, .unitCoordinator, .nationalAnalyst, .administrator].contains(role)
    }

    /// E-mail addresses of people are shown to administrators and to colleagues in the same organisation.
    public static func canSeeEmail(of member: User, viewer: User?) -> Bool {
        guard let viewer else { return false }
        return viewer.role == .administrator || viewer.organisation == member.organisation
    }
}

extension AccessPolicy {
    /// Organisations and their people are visible to every signed-in user: knowing who
    /// to ask is the point of the platform. Signed-out visitors see only municipalities.
    public static func canListOrganisations(_ user: User?) -> Bool { user != nil }

    /// Only administrators create and change organisations and accounts.
    public static func canAdminister(_ user: User?) -> Bool { user?.role == .administrator }

    /// Administrators and auditors search the audit trail.
    public static func canReadAuditTrail(_ user: User?) -> Bool { user?.role == .administrator || user?.role == .auditor }
}
