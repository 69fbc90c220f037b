import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The toolbox steps the API and the pages share: searching and reading within the
/// reader's reach (`ToolboxPolicy`), and adding and changing offerings (the unit, audited,
/// each save a new version). Not found and not allowed look the same.
struct ToolboxService: Sendable {
    let offerings: OfferingStore
    let needs: NeedStore
    let organisations: OrganisationStore
    let privacy: PrivacyGuard
    let dependencies: Dependencies

    func search(_ filter: OfferingFilter, page: PageRequest, by user: User?) async throws -> Page<Offering> {
        try await offerings.search(filter, reach: ToolboxPolicy.reach(of: user), page: page)
    }

    func read(_ slug: String, by user: User?) async throws -> Offering {
        guard let slug = OfferingSlug(slug), let offering = try await offerings.get(slug, reach: ToolboxPolicy.reach(of: user)) else {
            throw DomainError.notFound
        }
        return offering
    }

    func create(_ draft: OfferingDraft, by user: User?, context: AppContext) async throws -> Offering {
        guard let user, ToolboxPolicy.mayEdit(user) else { throw DomainError.forbidden }
        let valid = try draft.validated(knownNeeds: Set(try await needs.all().map(\.code)), privacy: privacy)
        let id = dependencies.uuid()
        let now = dependencies.now()
        return try await offerings.create(valid, id: id, by: user.id, at: now,
                                          audit: context.auditEvent(.offeringCreated, objectType: "offering", objectID: id.uuidString, at: now))
    }

    /// Saves a change made to `version`; a later save by someone else is a conflict.
    func update(_ slug: String, version: Int?, with draft: OfferingDraft, by user: User?, context: AppContext) async throws -> Offering {
        guard let user, ToolboxPolicy.mayEdit(user) else { throw DomainError.forbidden }
        var current = try await read(slug, by: user)
        let valid = try draft.validated(knownNeeds: Set(try await needs.all().map(\.code)), privacy: privacy)
        if let version { current.version = version }
        let now = dependencies.now()
        return try await offerings.update(current, with: valid, by: user.id, at: now,
                                          audit: context.auditEvent(.offeringChanged, objectType: "offering", objectID: current.id.uuidString, at: now))
    }

    func versions(_ slug: String, by user: User?) async throws -> (offering: Offering, versions: [OfferingVersion]) {
        let offering = try await read(slug, by: user)
        return (offering, try await offerings.versions(offering.id))
    }

    /// Organisations that can provide offerings: every kind but municipalities and schools.
    func providers() async throws -> [Organisation] {
        var result: [Organisation] = []
        for kind in OrganisationKind.allCases where kind != .municipality && kind != .school {
            result += try await organisations.list(OrganisationFilter(kind: kind), page: PageRequest(size: PageRequest.maximumSize)).items
        }
        return result.sorted { $0.name < $1.name }
    }

    static func make(_ environment: AppEnvironment) -> ToolboxService {
        let database = environment.database
        return ToolboxService(offerings: OfferingStore(database: database), needs: NeedStore(database: database),
                              organisations: OrganisationStore(database: database), privacy: environment.configuration.privacyGuard,
                              dependencies: environment.dependencies)
    }
}
