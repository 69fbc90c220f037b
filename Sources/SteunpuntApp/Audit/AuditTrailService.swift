import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Searching the audit trail (administrators and auditors), shared by the API and the
/// page: every search is itself recorded, also one whose filter was refused.
package struct AuditTrailService: Sendable {
    package let audit: AuditStore
    package let dependencies: Dependencies

    package init(audit: AuditStore, dependencies: Dependencies) {
        self.audit = audit
        self.dependencies = dependencies
    }

    /// One page of entries matching `filter`; with no filter (it was refused) an empty page.
    package func search(_ filter: AuditFilter?, page: PageRequest, by user: User?, actor: Actor) async throws -> Page<AuditRecord> {
        guard AccessPolicy.canReadAuditTrail(user) else { throw DomainError.forbidden }
        var found = Page<AuditRecord>(items: [], total: 0, request: page)
        if let filter { found = try await audit.search(filter, page: page) }
        try await audit.append(actor.auditEvent(.auditSearched, objectType: "audit", at: dependencies.now()))
        return found
    }
}
