import Foundation

/// What an item of the toolbox is (issue 5): an offering (a guide, a training…) or a
/// piece of the knowledge base (an article, a frequently asked question with its short
/// answer), all found by the same search. Raw values are the API's identifiers.
public enum OfferingKind: String, CaseIterable, Codable, Sendable {
    case guide = "handreiking"
    case training = "training"
    case workshop = "workshop"
    case adviceFormat = "adviesformat"
    case researchReport = "onderzoeksrapport"
    case plan = "plan"
    case helpdesk = "helpdesk"
    case learningNetwork = "lerend-netwerk"
    /// Knowledge base: an article explaining a subject.
    case knowledgeArticle = "kennisartikel"
    /// Knowledge base: a frequently asked question (the title) with its short answer (the summary).
    case question = "veelgestelde-vraag"

    /// Whether the item belongs to the knowledge base rather than the offerings.
    public var isKnowledge: Bool { self == .knowledgeArticle || self == .question }
}

/// Who an offering is for.
public enum Audience: String, CaseIterable, Codable, Sendable {
    case municipalities = "gemeenten"
    case schools = "scholen"
    case professionals = "professionals"
    case keyFigures = "sleutelfiguren"
    case mosques = "moskeeen"
    case police = "politie"
    case antiDiscrimination = "antidiscriminatievoorzieningen"
}

/// Where an offering stands. One in development names when it is expected.
public enum OfferingStatus: String, CaseIterable, Codable, Sendable {
    case inDevelopment = "in-ontwikkeling"
    case available = "beschikbaar"
    case withdrawn = "ingetrokken"
}

/// Who may read an offering: everyone (public pages, stable URLs), signed-in users, or
/// the expertise unit only.
public enum Visibility: String, CaseIterable, Codable, Sendable, Comparable {
    case publicAccess = "openbaar"
    case signedIn = "ingelogd"
    case unitOnly = "unit"

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Visibility, rhs: Visibility) -> Bool { lhs.rank < rhs.rank }
}

/// The stable part of an offering's address (`/aanbod/<slug>`): made from the title when
/// the offering is created, never changed afterwards, so municipalities can link to it.
public struct OfferingSlug: CheckedIdentifier {
    public let rawValue: String

    public init?(_ text: String) {
        guard Slug.isValid(text, length: 2...80, doubleHyphens: false) else { return nil }
        rawValue = text
    }

    /// A slug from a title: folded words joined by hyphens, cut at 60 characters.
    public static func from(title: String) -> OfferingSlug? {
        var slug = ""
        for term in SearchKey.terms(title).filter({ $0.allSatisfy(\.isASCII) }) {
            if slug.count + term.count + 1 > 60 { break }
            slug += slug.isEmpty ? term : "-" + term
        }
        return OfferingSlug(slug)
    }
}
