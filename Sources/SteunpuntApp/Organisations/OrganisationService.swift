import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Adding and changing organisations (administrators), shared by the API and the pages:
/// the rule, the validation and the audit entry in one place.
package struct OrganisationService: Sendable {
    package let organisations: OrganisationStore
    package let privacy: PrivacyGuard
    package let dependencies: Dependencies

    package init(organisations: OrganisationStore, privacy: PrivacyGuard, dependencies: Dependencies) {
        self.organisations = organisations
        self.privacy = privacy
        self.dependencies = dependencies
    }

    /// Adds an organisation; every problem with the draft at once (`DomainError.invalid`).
    package func create(_ draft: OrganisationDraft, by user: User?, actor: Actor) async throws -> Organisation {
        guard AccessPolicy.canAdminister(user) else { throw DomainError.forbidden }
        let organisation = try draft.validated(privacy: privacy)
        let now = dependencies.now()
        try await organisations.create(organisation, at: now, audit: actor.auditEvent(
            .organisationCreated, objectType: "organisation", objectID: organisation.id.rawValue, at: now))
        return organisation
    }

    /// Changes `existing` as `draft` says (its identifier stays), active or not.
    package func update(_ existing: Organisation, with draft: OrganisationDraft, isActive: Bool, by user: User?, actor: Actor) async throws -> Organisation {
        guard AccessPolicy.canAdminister(user) else { throw DomainError.forbidden }
        var draft = draft
        draft.id = existing.id.rawValue
        var organisation = try draft.validated(privacy: privacy)
        organisation.isActive = isActive
        let now = dependencies.now()
        try await organisations.update(organisation, at: now, audit: actor.auditEvent(
            .organisationUpdated, objectType: "organisation", objectID: organisation.id.rawValue, at: now))
        return organisation
    }
}
