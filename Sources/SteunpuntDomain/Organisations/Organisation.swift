import Foundation

/// The kinds of organisation that take part, as named in DOMAIN.md.
public enum OrganisationKind: String, CaseIterable, Codable, Sendable {
    case municipality = "gemeente"
    case nationalGovernment = "rijksoverheid"
    case expertiseUnit = "expertise-unit"
    case associationDesk = "loket"
    case helpdesk = "helpdesk"
    case school = "school"
    case police = "politie"
    case antiDiscriminationBureau = "antidiscriminatievoorziening"
    case religiousOrganisation = "religieuze-organisatie"
    case communityNetwork = "netwerk"
    case partner = "partner"
}

/// A stable, readable identifier of an organisation: a municipality by its CBS code
/// (`GM0363`), the national ones by a slug (`nctv`, `szw-ess`, `vng-loket`).
public struct OrganisationID: CheckedIdentifier {
    public let rawValue: String

    /// A slug of lower-case letters, digits and hyphens (2–64 characters), or a CBS code.
    public init?(_ text: String) {
        if let code = MunicipalityCode(text) {
            rawValue = code.rawValue
            return
        }
        guard Slug.isValid(text, length: 2...64) else { return nil }
        rawValue = text
    }

    public init(municipality: MunicipalityCode) { rawValue = municipality.rawValue }

    /// The identifiers the letter names; seeded on first start.
    public static let nctv = OrganisationID("nctv")!
    public static let szw = OrganisationID("szw")!
    public static let expertiseUnit = OrganisationID("szw-ess")!
    public static let vngDesk = OrganisationID("vng-loket")!
    public static let schoolHelpdesk = OrganisationID("helpdesk-school-veiligheid")!
    public static let knowledgeFunction = OrganisationID("kis")!
}

/// An organisation that takes part: a municipality, a national unit, a desk, a school, a partner.
public struct Organisation: Equatable, Sendable {
    public var id: OrganisationID
    public var name: String
    public var kind: OrganisationKind
    /// The municipality the organisation belongs to or is located in (always set for a municipality and a school).
    public var municipality: MunicipalityCode?
    /// The organisation this one is part of (the expertise unit is part of SZW).
    public var parent: OrganisationID?
    public var isActive: Bool

    public init(id: OrganisationID, name: String, kind: OrganisationKind, municipality: MunicipalityCode? = nil, parent: OrganisationID? = nil, isActive: Bool = true) {
        self.id = id
        self.name = name
        self.kind = kind
        self.municipality = municipality
        self.parent = parent
        self.isActive = isActive
    }
}

/// Input to create or change an organisation, validated as a whole.
public struct OrganisationDraft: Sendable, Equatable {
    public var id: String
    public var name: String
    public var kind: String
    public var municipality: String?
    public var parent: String?

    public init(id: String, name: String, kind: String, municipality: String? = nil, parent: String? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.municipality = municipality
        self.parent = parent
    }

    /// Checks every field and returns the organisation, or throws every problem at once.
    /// Whether the municipality and parent exist is checked by the caller against storage.
    public func validated(privacy: PrivacyGuard = .standard) throws(DomainError) -> Organisation {
        var v = Validator()
        let id = v.choice(self.id, "id", "invalid_organisation_id") { OrganisationID($0) }
        let name = v.text(self.name, field: "naam", max: 200)
        privacy.check(name, field: "naam", into: &v)
        let kind = v.choice(self.kind, "soort", "invalid_kind", OrganisationKind.init(rawValue:))
        var municipality: MunicipalityCode? = nil
        if let text = self.municipality?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            municipality = MunicipalityCode(text)
            v.check(municipality != nil, "gemeente", "invalid_municipality_code")
        } else if kind == .school || kind == .municipality {
            v.add("gemeente", "required")
        }
        var parent: OrganisationID? = nil
        if let text = self.parent?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            parent = OrganisationID(text)
            v.check(parent != nil, "bovenliggend", "invalid_organisation_id")
        }
        if kind == .municipality, let id, let municipality {
            v.check(id.rawValue == municipality.rawValue, "id", "municipality_id_must_be_code")
        }
        try v.finish()
        return Organisation(id: id!, name: name, kind: kind!, municipality: municipality, parent: parent)
    }
}
