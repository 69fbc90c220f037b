import Foundation

/// A toolbox item (DOMAIN.md: Offering): a guide, training, advice format, research
/// report… with its audience, needs, provider, status and who may read it. `body` is
/// Markdown; the edge renders it without passing any HTML through.
public struct Offering: Sendable, Equatable, Identifiable, Codable {
    public let id: UUID
    public let slug: OfferingSlug
    public var kind: OfferingKind
    public var title: String
    public var summary: String
    public var body: String
    public var audiences: [Audience]
    public var needs: [NeedCode]
    public var provider: OrganisationID
    public var contact: String
    public var status: OfferingStatus
    /// When an offering in development is expected (a calendar date, `yyyy-MM-dd`).
    public var expectedOn: String?
    public var visibility: Visibility
    public var version: Int
    public let createdAt: Date
    public var updatedAt: Date
    /// Other items this one points to ("see also": the offering a question is answered
    /// by, the guide an article explains), by their stable addresses. Not part of the
    /// saved versions.
    public var related: [OfferingSlug] = []

    enum CodingKeys: String, CodingKey {
        case id, slug, kind, title, summary, body, audiences, needs, provider, contact, status, expectedOn, visibility, version, createdAt, updatedAt
    }

    public init(id: UUID, slug: OfferingSlug, kind: OfferingKind, title: String, summary: String, body: String, audiences: [Audience],
                needs: [NeedCode], provider: OrganisationID, contact: String, status: OfferingStatus, expectedOn: String?,
                visibility: Visibility, version: Int = 1, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.slug = slug
        self.kind = kind
        self.title = title
        self.summary = summary
        self.body = body
        self.audiences = audiences
        self.needs = needs
        self.provider = provider
        self.contact = contact
        self.status = status
        self.expectedOn = expectedOn
        self.visibility = visibility
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The offering with the validated fields of `valid` (slug, id and times stay).
    public func applying(_ valid: OfferingDraft.Valid, at now: Date) -> Offering {
        var next = self
        next.kind = valid.kind
        next.title = valid.title
        next.summary = valid.summary
        next.body = valid.body
        next.audiences = valid.audiences
        next.needs = valid.needs
        next.provider = valid.provider
        next.contact = valid.contact
        next.status = valid.status
        next.expectedOn = valid.expectedOn
        next.visibility = valid.visibility
        next.related = valid.related
        next.updatedAt = now
        return next
    }
}

/// Input for an offering, as typed, validated as a whole (every problem at once).
public struct OfferingDraft: Sendable, Equatable {
    public var kind: String
    public var title: String
    public var summary: String
    public var body: String
    public var audiences: [String]
    public var needs: [String]
    public var provider: String
    public var contact: String
    public var status: String
    public var expectedOn: String
    public var visibility: String
    /// Addresses of related items: slugs, or links ending in one (`/aanbod/<slug>`).
    public var related: [String]

    public init(kind: String, title: String, summary: String, body: String = "", audiences: [String], needs: [String] = [], provider: String,
                contact: String = "", status: String = OfferingStatus.available.rawValue, expectedOn: String = "",
                visibility: String = Visibility.publicAccess.rawValue, related: [String] = []) {
        self.kind = kind
        self.title = title
        self.summary = summary
        self.body = body
        self.audiences = audiences
        self.needs = needs
        self.provider = provider
        self.contact = contact
        self.status = status
        self.expectedOn = expectedOn
        self.visibility = visibility
        self.related = related
    }

    public struct Valid: Sendable, Equatable {
        public let kind: OfferingKind
        public let title: String
        public let summary: String
        public let body: String
        public let audiences: [Audience]
        public let needs: [NeedCode]
        public let provider: OrganisationID
        public let contact: String
        public let status: OfferingStatus
        public let expectedOn: String?
        public let visibility: Visibility
        public let related: [OfferingSlug]
    }

    /// Checks form and privacy; `knownNeeds` are the active codes of the shared taxonomy.
    /// Whether the provider exists is checked by the store.
    public func validated(knownNeeds: Set<NeedCode>, privacy: PrivacyGuard = .standard) throws(DomainError) -> Valid {
        var v = Validator()
        let kind = OfferingKind(rawValue: self.kind)
        v.check(kind != nil, "soort", "invalid_offering_kind")
        let title = v.text(self.title, field: "titel", max: 150)
        privacy.check(title, field: "titel", into: &v)
        v.check(title.isEmpty || OfferingSlug.from(title: title) != nil, "titel", "title_without_words")
        let summary = v.text(self.summary, field: "samenvatting", max: 600)
        privacy.check(summary, field: "samenvatting", into: &v)
        let body = v.text(self.body, field: "tekst", max: 50_000, required: false)
        privacy.check(body, field: "tekst", into: &v)
        let contact = v.text(self.contact, field: "contact", max: 300, required: false)
        privacy.check(contact, field: "contact", into: &v)
        var audiences: [Audience] = []
        for text in self.audiences where !text.isEmpty {
            if let audience = Audience(rawValue: text) {
                if !audiences.contains(audience) { audiences.append(audience) }
            } else {
                v.add("doelgroepen", "invalid_audience")
            }
        }
        if self.audiences.allSatisfy(\.isEmpty) { v.add("doelgroepen", "required") }
        let needs = NeedCode.parse(self.needs, known: knownNeeds, into: &v)
        let provider = OrganisationID(self.provider.trimmingCharacters(in: .whitespaces))
        v.check(provider != nil, "aanbieder", self.provider.isEmpty ? "required" : "invalid_organisation_id")
        let status = OfferingStatus(rawValue: self.status)
        v.check(status != nil, "status", "invalid_offering_status")
        let expected = self.expectedOn.trimmingCharacters(in: .whitespaces)
        if !expected.isEmpty { v.check(CalendarDay(expected) != nil, "verwachtOp", "invalid_date") }
        if status == .inDevelopment, expected.isEmpty { v.add("verwachtOp", "required_in_development") }
        let visibility = Visibility(rawValue: self.visibility)
        v.check(visibility != nil, "zichtbaarheid", "invalid_visibility")
        // Addresses are typed text too: a number among them is checked as written, spaces and all.
        privacy.check(self.related.joined(separator: " "), field: "gerelateerd", into: &v)
        var related: [OfferingSlug] = []
        for text in self.related {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            let last = trimmed.split(separator: "/").last.map(String.init) ?? trimmed
            if let slug = OfferingSlug(last.lowercased()) {
                if !related.contains(slug) { related.append(slug) }
            } else {
                v.add("gerelateerd", "invalid_offering_slug")
            }
        }
        v.check(related.count <= 20, "gerelateerd", "too_many")
        try v.finish()
        return Valid(kind: kind!, title: title, summary: summary, body: body, audiences: audiences, needs: needs, provider: provider!,
                     contact: contact, status: status!, expectedOn: status == .inDevelopment || !expected.isEmpty ? expected : nil,
                     visibility: visibility!, related: related)
    }
}

/// Who reads and who keeps the toolbox. The unit (advisors and its coordinator) keeps it
/// on behalf of every provider; what an offering shows depends on its visibility.
public enum ToolboxPolicy {
    /// The widest visibility `user` reads: public for visitors, signed-in for users, unit for unit staff.
    public static func reach(of user: User?) -> Visibility {
        guard let user else { return .publicAccess }
        return isUnitStaff(user) ? .unitOnly : .signedIn
    }

    public static func canRead(_ offering: Offering, as user: User?) -> Bool {
        offering.visibility <= reach(of: user) || mayEdit(user)
    }

    public static func mayEdit(_ user: User?) -> Bool {
        guard let user else { return false }
        return isUnitStaff(user)
    }

    private static func isUnitStaff(_ user: User) -> Bool {
        user.organisation == .expertiseUnit && [.unitAdvisor, .unitCoordinator].contains(user.role)
    }
}
