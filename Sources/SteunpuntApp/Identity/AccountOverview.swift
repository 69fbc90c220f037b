import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// What *Mijn account* shows of the signed-in user beyond the user record: the
/// organisation's name and how many sessions are open on how many devices.
package struct AccountOverview: Sendable {
    package let organisations: OrganisationStore
    package let sessions: SessionStore
    package let lifetime: SessionLifetime
    package let dependencies: Dependencies

    package init(organisations: OrganisationStore, sessions: SessionStore, lifetime: SessionLifetime, dependencies: Dependencies) {
        self.organisations = organisations
        self.sessions = sessions
        self.lifetime = lifetime
        self.dependencies = dependencies
    }

    package struct Overview: Sendable {
        package let organisationName: String
        package let sessionCount: Int
        /// The moment it describes.
        package let at: Date
    }

    package func overview(of user: User) async throws -> Overview {
        let now = dependencies.now()
        let organisation = try await organisations.get(user.organisation)
        return Overview(organisationName: organisation?.name ?? user.organisation.rawValue,
                        sessionCount: try await sessions.count(user: user.id, at: now, lifetime: lifetime), at: now)
    }
}
