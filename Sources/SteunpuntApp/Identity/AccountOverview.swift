import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// What *Mijn account* shows of the signed-in user beyond the user record: the
/// organisation's name, how many sessions are open, and whether two-step verification
/// is on (since when, how many recovery codes are left) and required for the role.
package struct AccountOverview: Sendable {
    package let organisations: OrganisationStore
    package let sessions: SessionStore
    package let mfa: MFAStore
    package let twoStep: TwoStepPolicy
    package let lifetime: SessionLifetime
    package let dependencies: Dependencies

    package init(organisations: OrganisationStore, sessions: SessionStore, mfa: MFAStore, twoStep: TwoStepPolicy, lifetime: SessionLifetime,
                 dependencies: Dependencies) {
        self.organisations = organisations
        self.sessions = sessions
        self.mfa = mfa
        self.twoStep = twoStep
        self.lifetime = lifetime
        self.dependencies = dependencies
    }

    package struct Overview: Sendable {
        package let organisationName: String
        package let sessionCount: Int
        /// When two-step verification was turned on; nil while it is off.
        package let twoStepSince: Date?
        package let recoveryCodesLeft: Int
        package let twoStepRequired: Bool
        /// The moment it describes.
        package let at: Date
    }

    package func overview(of user: User) async throws -> Overview {
        let now = dependencies.now()
        let organisation = try await organisations.get(user.organisation)
        let since = try await mfa.status(user: user.id)?.confirmedAt
        return Overview(organisationName: organisation?.name ?? user.organisation.rawValue,
                        sessionCount: try await sessions.count(user: user.id, at: now, lifetime: lifetime),
                        twoStepSince: since, recoveryCodesLeft: since == nil ? 0 : try await mfa.remainingRecoveryCodes(user: user.id),
                        twoStepRequired: twoStep.isRequired(for: user.role), at: now)
    }
}
