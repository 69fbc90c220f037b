import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The unit's network register (issue 19): the community organisations and key figures it
/// works with, by municipality and theme. The unit's alone (`NetworkPolicy`): everyone else
/// is refused. Every read is audited, the list's too, and the register is read a page of at
/// most 25 at a time, never exported. An entry without a change or an introduction for
/// `reviewMonths` months is due for review.
package struct NetworkService: Sendable {
    package let store: NetworkStore
    package let municipalities: MunicipalityStore
    package let needs: NeedStore
    package let audit: AuditStore
    package let reviewMonths: Int
    package let dependencies: Dependencies
    package let privacy: PrivacyGuard

    package init(store: NetworkStore, municipalities: MunicipalityStore, needs: NeedStore, audit: AuditStore, reviewMonths: Int = NetworkPolicy.defaultReviewMonths,
                 dependencies: Dependencies, privacy: PrivacyGuard = .standard) {
        self.store = store
        self.municipalities = municipalities
        self.needs = needs
        self.audit = audit
        self.reviewMonths = reviewMonths
        self.dependencies = dependencies
        self.privacy = privacy
    }

    package func create(_ draft: NetworkEntryDraft, actor: Actor) async throws -> NetworkEntry {
        let user = try require(actor.user)
        let valid = try await validate(draft)
        let id = dependencies.uuid()
        let now = dependencies.now()
        return try await store.create(valid, id: id, by: user.id, at: now,
                                      audit: actor.auditEvent(.networkEntryCreated, objectType: "network_entry", objectID: id.uppercasedText, at: now))
    }

    /// Saves a change made from `version` (nil: the current one).
    package func update(_ id: UUID, with draft: NetworkEntryDraft, version: Int?, actor: Actor) async throws -> NetworkEntry {
        _ = try require(actor.user)
        guard let current = try await store.get(id) else { throw DomainError.notFound }
        let valid = try await validate(draft)
        let now = dependencies.now()
        return try await store.update(id, with: valid, expectedVersion: version ?? current.entry.version, at: now,
                                      audit: actor.auditEvent(.networkEntryChanged, objectType: "network_entry", objectID: id.uppercasedText, at: now))
    }

    /// The draft's own problems and an unknown municipality, at once.
    func validate(_ draft: NetworkEntryDraft) async throws -> NetworkEntryDraft.Valid {
        let known = Set(try await needs.all().map(\.code))
        var (valid, problems) = try Validator.collect { () throws(DomainError) in
            try draft.validated(knownNeeds: known, today: dependencies.now(), privacy: privacy)
        }
        if let code = MunicipalityCode(draft.municipality.trimmingCharacters(in: .whitespaces).uppercased()), try await municipalities.get(code) == nil {
            problems.append(FieldError(field: "gemeente", code: "unknown_municipality"))
        }
        guard problems.isEmpty, let valid else { throw DomainError.invalid(problems) }
        return valid
    }

    /// A page of the register (at most `NetworkPolicy.maximumPageSize`); the read is audited.
    package func list(_ filter: NetworkFilter, page: PageRequest, actor: Actor) async throws -> Page<NetworkListing> {
        _ = try require(actor.user)
        let capped = PageRequest(number: page.number, size: min(page.size, NetworkPolicy.maximumPageSize))
        let found = try await store.list(filter, page: capped)
        try await audit.append(actor.auditEvent(.networkListRead, objectType: "network_entry", objectID: nil, at: dependencies.now()))
        return found
    }

    /// One entry with the introductions made; the read is audited.
    package func get(_ id: UUID, actor: Actor) async throws -> (listing: NetworkListing, introductions: [NetworkIntroduction]) {
        _ = try require(actor.user)
        guard let listing = try await store.get(id) else { throw DomainError.notFound }
        let introductions = try await store.introductions(of: id)
        try await audit.append(actor.auditEvent(.networkEntryRead, objectType: "network_entry", objectID: id.uppercasedText, at: dependencies.now()))
        return (listing, introductions)
    }

    /// The moment before which an entry's last activity makes it due for review.
    package var reviewCutoff: Date { NetworkPolicy.reviewBefore(dependencies.now(), months: reviewMonths) }

    /// How many entries are due for review, for the unit (nil for others).
    package func dueForReview(by user: User?) async throws -> Int? {
        guard NetworkPolicy.mayUse(user) else { return nil }
        return try await store.dueForReview(before: reviewCutoff)
    }

    /// The entries an introduction can name, for the unit (empty for others).
    package func choices(for user: User?) async throws -> [NamedChoice] {
        guard NetworkPolicy.mayUse(user) else { return [] }
        return try await store.choices()
    }

    private func require(_ user: User?) throws -> User {
        guard let user else { throw DomainError.unauthenticated }
        guard NetworkPolicy.mayUse(user) else { throw DomainError.forbidden }
        return user
    }
}
