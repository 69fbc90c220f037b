import Foundation
import SteunpuntDomain

/// Who acts in a use case and from where, as a plain value: the signed-in user (or nobody,
/// for a personal quickscan link), and the origin the audit trail records (an IP address
/// for a request, `cli` for the command line, a job's name for a background service). The
/// web layer makes it from a request; the command line and background jobs make their own.
package struct Actor: Sendable {
    package let user: User?
    package let origin: String?

    package init(user: User?, origin: String?) {
        self.user = user
        self.origin = origin
    }

    /// An audit event done by this actor, from its origin.
    package func auditEvent(_ action: AuditEvent.Action, result: AuditEvent.Result = .success, objectType: String? = nil,
                            objectID: String? = nil, at time: Date) -> AuditEvent {
        AuditEvent(action: action, result: result, actor: user?.id, objectType: objectType, objectID: objectID, origin: origin, occurredAt: time)
    }
}
