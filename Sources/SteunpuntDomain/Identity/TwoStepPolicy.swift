import Foundation

/// Who must use two-step verification, and how fresh a verification must be before a
/// sensitive action (BIO2 8.05: strong authentication for access to sensitive data).
public struct TwoStepPolicy: Sendable, Equatable {
    /// The roles that can read case data (DOMAIN.md): desk agents, unit staff, analysts,
    /// administrators, auditors, and partner staff (incidents shared with them). Required
    /// for them whatever the configuration says.
    public static let caseDataRoles: Set<Role> = [.deskAgent, .unitAdvisor, .unitCoordinator, .nationalAnalyst, .administrator, .auditor, .partnerStaff]

    /// Roles that must enrol before they can do anything else.
    public let requiredRoles: Set<Role>
    /// How long a sign-in or re-verification counts as fresh for sensitive actions.
    public let freshness: TimeInterval

    /// `everyone` extends the requirement to municipal and school staff too.
    public init(everyone: Bool = false, freshness: TimeInterval = 15 * 60) {
        requiredRoles = everyone ? Set(Role.allCases) : Self.caseDataRoles
        self.freshness = freshness
    }

    public func isRequired(for role: Role) -> Bool { requiredRoles.contains(role) }

    /// True when the last verification (sign-in or re-verification) is too old, or unknown,
    /// for a sensitive action at `now`.
    public func needsReverification(lastVerifiedAt: Date?, now: Date) -> Bool {
        guard let lastVerifiedAt else { return true }
        return now.timeIntervalSince(lastVerifiedAt) > freshness || lastVerifiedAt > now.addingTimeInterval(60)
    }
}
