import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Who holds which role, since when, and when they last signed in: the quarterly
/// privilege review (BIO2 8.02.01), for administrators only. Every export is audited.
package struct PrivilegeReview: Sendable {
    package let users: UserStore
    package let organisations: OrganisationStore
    package let audit: AuditStore
    package let dependencies: Dependencies

    package init(users: UserStore, organisations: OrganisationStore, audit: AuditStore, dependencies: Dependencies) {
        self.users = users
        self.organisations = organisations
        self.audit = audit
        self.dependencies = dependencies
    }

    package struct Holder: Sendable {
        package let user: User
        package let organisationName: String
        package let roleSince: Date
        package let lastSignIn: Date?
    }

    /// Every account, or those with one role, by role and name.
    package func holders(role: Role?, actor: Actor) async throws -> [Holder] {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard AccessPolicy.canAdminister(user) else { throw DomainError.forbidden }
        let holders = try await users.privileges(role: role)
        let lastSignIns = try await audit.lastSignIns()
        let names = try await organisations.names()
        return holders.map { entry in
            Holder(user: entry.user, organisationName: names[entry.user.organisation] ?? entry.user.organisation.rawValue,
                   roleSince: entry.roleSince, lastSignIn: lastSignIns[entry.user.id])
        }
    }

    /// The same list, to take away: the export is recorded in the audit trail first.
    package func export(role: Role?, actor: Actor) async throws -> [Holder] {
        let holders = try await holders(role: role, actor: actor)
        try await audit.append(actor.auditEvent(.privilegesExported, objectType: "users", objectID: role?.rawValue, at: dependencies.now()))
        return holders
    }
}
