import Foundation

/// One routing rule: requests matching its conditions (each optional) are proposed for
/// referral to `target`. Rules are tried in order; the first match proposes. The unit's
/// coordinator keeps the list; the desk agent may always choose otherwise (with a reason,
/// as every referral has).
public struct RoutingRule: Sendable, Equatable {
    public let id: UUID
    public var position: Int
    public var need: NeedCode?
    public var channel: RequestChannel?
    public var requesterKind: OrganisationKind?
    public var target: OrganisationID
    public var isActive: Bool

    public init(id: UUID, position: Int, need: NeedCode? = nil, channel: RequestChannel? = nil, requesterKind: OrganisationKind? = nil,
                target: OrganisationID, isActive: Bool = true) {
        self.id = id
        self.position = position
        self.need = need
        self.channel = channel
        self.requesterKind = requesterKind
        self.target = target
        self.isActive = isActive
    }

    public func matches(_ request: SupportRequest, requesterKind kind: OrganisationKind) -> Bool {
        isActive && (need.map { request.needs.contains($0) } ?? true) && (channel.map { $0 == request.channel } ?? true)
            && (requesterKind.map { $0 == kind } ?? true)
    }

    /// The first rule (by position) that matches and does not point at the current holder.
    public static func proposal(for request: SupportRequest, requesterKind: OrganisationKind, rules: [RoutingRule]) -> RoutingRule? {
        rules.sorted { $0.position < $1.position }.first { $0.matches(request, requesterKind: requesterKind) && $0.target != request.holder }
    }
}

extension RequestPolicy {
    /// The unit's coordinator keeps the routing rules.
    public static func canEditRouting(_ user: User) -> Bool { user.role == .unitCoordinator }
}
