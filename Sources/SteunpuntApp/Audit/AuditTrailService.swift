import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Searching the audit trail (administrators and auditors), shared by the API and the
/// page: every search is itself recorded, also one whose filter was refused.
package struct AuditTrailService: Sendable {
    package let audit: AuditStore
    package let users: UserStore
    /// What entries are about, readably; the person and number an auditor searches by.
    package let objects: AuditObjects
    package let dependencies: Dependencies

    package init(audit: AuditStore, users: UserStore, objects: AuditObjects, dependencies: Dependencies) {
        self.audit = audit
        self.users = users
        self.objects = objects
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

    /// The names of the users who acted in `records`, to show beside their entries.
    package func actorNames(_ records: [AuditRecord]) async throws -> [UUID: String] {
        try await users.names(of: records.compactMap(\.event.actor))
    }
}
