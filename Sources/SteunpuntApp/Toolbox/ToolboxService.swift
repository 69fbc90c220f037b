import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The toolbox steps the API and the pages share: searching and reading within the
/// reader's reach (`ToolboxPolicy`), and adding and changing offerings (the unit, audited,
/// each save a new version). Not found and not allowed look the same.
package struct ToolboxService: Sendable {
    package let offerings: OfferingStore
    package let documents: DocumentStore
    package let audit: AuditStore
    package let needs: NeedStore
    package let organisations: OrganisationStore
    package let privacy: PrivacyGuard
    package let dependencies: Dependencies
    /// The largest document accepted, in bytes (`STEUNPUNT_MAX_DOCUMENT_BYTES`).
    package let maxDocumentBytes: Int

    package init(offerings: OfferingStore, documents: DocumentStore, audit: AuditStore, needs: NeedStore, organisations: OrganisationStore, privacy: PrivacyGuard, dependencies: Dependencies, maxDocumentBytes: Int) {
        self.offerings = offerings
        self.documents = documents
        self.audit = audit
        self.needs = needs
        self.organisations = organisations
        self.privacy = privacy
        self.dependencies = dependencies
        self.maxDocumentBytes = maxDocumentBytes
    }

    package func search(_ filter: OfferingFilter, page: PageRequest, by user: User?) async throws -> Page<Offering> {
        try await offerings.search(filter, reach: ToolboxPolicy.reach(of: user), page: page)
    }

    package func read(_ slug: String, by user: User?) async throws -> Offering {
        guard let slug = OfferingSlug(slug), let offering = try await offerings.get(slug, reach: ToolboxPolicy.reach(of: user)) else {
            throw DomainError.notFound
        }
        return offering
    }

    package func create(_ draft: OfferingDraft, by user: User?, actor: Actor) async throws -> Offering {
        guard let user, ToolboxPolicy.mayEdit(user) else { throw DomainError.forbidden }
        let valid = try draft.validated(knownNeeds: Set(try await needs.all().map(\.code)), privacy: privacy)
        let id = dependencies.uuid()
        let now = dependencies.now()
        return try await offerings.create(valid, id: id, by: user.id, at: now,
                                          audit: actor.auditEvent(.offeringCreated, objectType: "offering", objectID: id.uppercasedText, at: now))
    }

    /// Saves a change made to `version`; a later save by someone else is a conflict.
    package func update(_ slug: String, version: Int?, with draft: OfferingDraft, by user: User?, actor: Actor) async throws -> Offering {
        guard let user, ToolboxPolicy.mayEdit(user) else { throw DomainError.forbidden }
        var current = try await read(slug, by: user)
        let valid = try draft.validated(knownNeeds: Set(try await needs.all().map(\.code)), privacy: privacy)
        if let version { current.version = version }
        let now = dependencies.now()
        return try await offerings.update(current, with: valid, by: user.id, at: now,
                                          audit: actor.auditEvent(.offeringChanged, objectType: "offering", objectID: current.id.uppercasedText, at: now))
    }

    package func versions(_ slug: String, by user: User?) async throws -> (offering: Offering, versions: [OfferingVersion]) {
        let offering = try await read(slug, by: user)
        return (offering, try await offerings.versions(offering.id))
    }

    /// The documents of `offering` that `user` may read, by title.
    package func documents(of offering: Offering, by user: User?) async throws -> [OfferingDocument] {
        try await documents.list(offering.id, reach: ToolboxPolicy.reach(of: user))
    }

    /// A document of the offering at `slug`, when `user` may read both.
    package func document(_ slug: String, _ id: String, by user: User?) async throws -> (offering: Offering, document: OfferingDocument) {
        let offering = try await read(slug, by: user)
        guard let id = UUID(text: id),
              let document = try await documents.get(id, of: offering.id, reach: ToolboxPolicy.reach(of: user)) else { throw DomainError.notFound }
        return (offering, document)
    }

    package func addDocument(_ slug: String, _ draft: DocumentDraft, by user: User?, actor: Actor) async throws -> OfferingDocument {
        guard let user, ToolboxPolicy.mayEdit(user) else { throw DomainError.forbidden }
        let offering = try await read(slug, by: user)
        let valid = try draft.validated(for: offering, sizeLimit: maxDocumentBytes, privacy: privacy)
        let id = dependencies.uuid()
        let now = dependencies.now()
        return try await documents.add(valid, to: offering, id: id, by: user.id, at: now,
                                       audit: actor.auditEvent(.documentAdded, objectType: "document", objectID: id.uppercasedText, at: now))
    }

    /// Replaces a document's file, as the next version; `version` is the one the user saw.
    package func replaceDocument(_ slug: String, _ id: String, version: Int?, _ draft: DocumentDraft, by user: User?,
                         actor: Actor) async throws -> OfferingDocument {
        guard let user, ToolboxPolicy.mayEdit(user) else { throw DomainError.forbidden }
        let (offering, current) = try await document(slug, id, by: user)
        let valid = try draft.validated(for: offering, current: current, sizeLimit: maxDocumentBytes, privacy: privacy)
        let now = dependencies.now()
        return try await documents.replace(current, expected: version, with: valid, by: user.id, at: now,
                                           audit: actor.auditEvent(.documentReplaced, objectType: "document", objectID: current.id.uppercasedText, at: now))
    }

    /// Every file version of a document, newest first.
    package func documentVersions(_ slug: String, _ id: String, by user: User?) async throws
        -> (offering: Offering, document: OfferingDocument, versions: [DocumentFile]) {
        let (offering, document) = try await document(slug, id, by: user)
        return (offering, document, try await documents.versions(document.id))
    }

    /// The bytes of a document's current file, or of an earlier `version`. A download of a
    /// document that is not public (itself or through its offering) is audited.
    package func download(_ slug: String, _ id: String, version: Int?, by user: User?, actor: Actor) async throws
        -> (document: OfferingDocument, file: DocumentFile, content: Data, restricted: Bool) {
        let (offering, document) = try await document(slug, id, by: user)
        var file = document.file
        if let version, version != file.version {
            guard let old = try await documents.versions(document.id).first(where: { $0.version == version }) else { throw DomainError.notFound }
            file = old
        }
        guard let content = try await documents.content(file.sha256) else { throw DomainError.notFound }
        let restricted = document.isRestricted || offering.visibility != .publicAccess
        if restricted {
            try await audit.append(actor.auditEvent(.documentDownloaded, objectType: "document", objectID: "\(document.id.uppercasedText)/\(file.version)",
                                                      at: dependencies.now()))
        }
        return (document, file, content, restricted)
    }

    /// Organisations that can provide offerings (every kind but municipalities and schools):
    /// one query, every one of them (it read each kind's first hundred, a query each).
    package func providers() async throws -> [NamedChoice] {
        try await organisations.choices(kinds: Set(OrganisationKind.allCases.filter { $0 != .municipality && $0 != .school }))
    }
}
