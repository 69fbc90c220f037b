import Foundation
import SteunpuntDomain

/// Who acts in a use case and from where, as a plain value: the signed-in user (or nobody,
/// for a personal quickscan link), and the origin the audit trail records (an IP address
/// for a request, `cli` for the command line, a job's name for a background service). The
/// web layer makes it from a request; the command line and background jobs make their own.
package struct Actor: Sendable {
    package let user: User?
    package let origin: String?
    /// Who acted when no user account did, or on whose behalf a user's record changed (`cli`).
    package let label: String?

    package init(user: User?, origin: String?, label: String? = nil) {
        self.user = user
        self.origin = origin
        self.label = label
    }

    /// The operator at the server's command line: no account, the server's own rights;
    /// `on behalf of` a user when the command acts for one (a token for them).
    package static func commandLine(onBehalfOf user: User? = nil) -> Actor {
        Actor(user: user, origin: "cli", label: "cli")
    }

    /// An audit event done by this actor, from its origin.
    package func auditEvent(_ action: AuditEvent.Action, result: AuditEvent.Result = .success, objectType: String? = nil,
                            objectID: String? = nil, at time: Date) -> AuditEvent {
        AuditEvent(action: action, result: result, actor: user?.id, actorLabel: label, objectType: objectType, objectID: objectID, origin: origin,
                   occurredAt: time)
    }
}
