import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Looking up municipalities, organisations and who works where, for the API and the
/// pages alike: each read applies the viewer's need-to-know here (priority status, the
/// organisations in a municipality, members and their addresses), not in a handler.
package struct Directory: Sendable {
    package let municipalities: MunicipalityStore
    package let organisations: OrganisationStore
    package let users: UserStore

    package init(municipalities: MunicipalityStore, organisations: OrganisationStore, users: UserStore) {
        self.municipalities = municipalities
        self.organisations = organisations
        self.users = users
    }

    // MARK: Municipalities (public)

    /// A page of municipalities. Filtering on priority status is refused to a viewer who
    /// may not see it (`filter_not_allowed` on `field`).
    package func municipalities(_ filter: MunicipalityFilter, page: PageRequest, viewer: User?, priorityField: String = "prioriteit") async throws -> Page<Municipality> {
        if filter.priorityOnly, !AccessPolicy.canSeePriority(viewer) {
            throw DomainError.invalid([FieldError(field: priorityField, code: "filter_not_allowed")])
        }
        return try await municipalities.list(filter, page: page)
    }

    package func municipality(_ code: MunicipalityCode) async throws -> Municipality? {
        try await municipalities.get(code)
    }

    /// How many municipalities there are today.
    package func municipalityCount() async throws -> Int {
        try await municipalities.count()
    }

    package struct LocalOrganisation: Sendable {
        package let organisation: Organisation
        package let activeMembers: Int
    }

    /// The organisations in a municipality with their number of active members, for a
    /// signed-in viewer; nothing for the public.
    package func organisations(in code: MunicipalityCode, viewer: User?) async throws -> [LocalOrganisation] {
        guard AccessPolicy.canListOrganisations(viewer) else { return [] }
        let found = try await organisations.list(OrganisationFilter(municipality: code), page: PageRequest(size: PageRequest.maximumSize))
        let counts = try await users.activeMemberCounts(of: found.items.map(\.id))
        return found.items.map { LocalOrganisation(organisation: $0, activeMembers: counts[$0.id] ?? 0) }
    }

    // MARK: Organisations (signed in)

    package func organisations(_ filter: OrganisationFilter, page: PageRequest) async throws -> Page<Organisation> {
        try await organisations.list(filter, page: page)
    }

    package func organisation(_ id: OrganisationID) async throws -> Organisation? {
        try await organisations.get(id)
    }

    package struct Member: Sendable {
        package let user: User
        /// Shown to the member's own organisation and administrators only.
        package let email: String?
    }

    /// Whether the viewer may see who works in an organisation.
    package func mayListMembers(of id: OrganisationID, viewer: User?) -> Bool {
        AccessPolicy.canSeeMembers(of: id, viewer: viewer)
    }

    /// The people of an organisation, for its own members and administrators (`forbidden`
    /// for anyone else), each address shown only to whom may see it.
    package func members(of id: OrganisationID, viewer: User?) async throws -> [Member] {
        guard mayListMembers(of: id, viewer: viewer) else { throw DomainError.forbidden }
        return try await users.members(of: id).map { Member(user: $0, email: AccessPolicy.canSeeEmail(of: $0, viewer: viewer) ? $0.email : nil) }
    }
}
