import Foundation

/// Who takes a handling step, as the guide for discriminatory incidents around mosques
/// names the parties (issue 21, part 3).
public enum IncidentParty: String, CaseIterable, Codable, Sendable {
    case municipality = "gemeente"
    /// The board of the mosque or other place of worship, or the religious organisation.
    case placeOfWorship = "gebedshuis"
    case police = "politie"
    /// The anti-discrimination service (ADV).
    case antiDiscrimination = "antidiscriminatievoorziening"
    /// The community and the neighbourhood: residents, key figures, youth work.
    case community = "gemeenschap-en-buurt"
    case other = "anders"
}

/// The handling steps the expertise unit keeps for incidents (issue 21, part 3): the
/// guide's steps, each with the party that takes it and what to do. Every change is a new
/// version, never changed afterwards; an incident copies the steps of the version that
/// stands when it is registered, and keeps them.
public struct HandlingTemplate: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        /// Stable within the template's versions: `melding-politie`.
        public let code: String
        public let title: String
        public let party: IncidentParty
        public let guidance: String

        public init(code: String, title: String, party: IncidentParty, guidance: String) {
            self.code = code
            self.title = title
            self.party = party
            self.guidance = guidance
        }
    }

    public let version: Int
    public let steps: [Step]
    /// The guide in the toolbox that the steps come from, linked from every incident.
    public let guide: OfferingSlug?
    /// Why this version: what changed.
    public let note: String
    /// Nil for the first version, which came with the register.
    public let createdBy: UUID?
    public let createdAt: Date

    public init(version: Int, steps: [Step], guide: OfferingSlug?, note: String, createdBy: UUID?, createdAt: Date) {
        self.version = version
        self.steps = steps
        self.guide = guide
        self.note = note
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    public static let maximumSteps = 20

    /// The first version's steps: those of the guide for discriminatory incidents around
    /// mosques (contact with the board, the police, the anti-discrimination service, the
    /// community and the neighbourhood, security, communication).
    public static let startingSteps: [Step] = [
        Step(code: "contact-bestuur", title: "Contact met het bestuur van het gebedshuis", party: .placeOfWorship,
             guidance: "Neem dezelfde dag contact op met het bestuur: luister, bied steun en spreek af wie wat doet."),
        Step(code: "melding-politie", title: "Melding of aangifte bij de politie", party: .police,
             guidance: "Het bestuur of de gemeente doet melding of aangifte; vraag de politie om extra aandacht voor de omgeving."),
        Step(code: "melding-adv", title: "De antidiscriminatievoorziening informeren", party: .antiDiscrimination,
             guidance: "Meld het incident bij de antidiscriminatievoorziening, zodat het wordt geregistreerd en betrokkenen steun krijgen."),
        Step(code: "gesprek-gemeenschap", title: "Gesprek met de gemeenschap en de buurt", party: .community,
             guidance: "Bespreek met de gemeenschap, buurtbewoners en sleutelfiguren wat er is gebeurd, om zorgen te delen en spanningen te voorkomen."),
        Step(code: "veiligheidsmaatregelen", title: "Veiligheidsmaatregelen", party: .municipality,
             guidance: "Spreek met politie en bestuur af wat nodig is: herstel van schade, verlichting, toezicht."),
        Step(code: "communicatie", title: "Communicatie", party: .municipality,
             guidance: "Stem af wat gemeente, politie en bestuur naar buiten brengen, en laat zien dat de gemeente naast de gemeenschap staat."),
    ]

    /// Whether `text` can be a step's code.
    public static func isCode(_ text: String) -> Bool { Slug.isValid(text, length: 2...60, doubleHyphens: false) }

    /// A code from a title, unique among `taken`: folded words joined by hyphens, numbered
    /// when taken (`contact-2`), `stap` when the title has no letters to fold.
    public static func code(for title: String, taken: Set<String>) -> String {
        var base = ""
        for term in SearchKey.terms(title).filter({ $0.allSatisfy(\.isASCII) }) {
            if base.count + term.count + 1 > 50 { break }
            base += base.isEmpty ? term : "-" + term
        }
        if !isCode(base) { base = "stap" }
        var code = base, number = 2
        while taken.contains(code) { code = "\(base)-\(number)"; number += 1 }
        return code
    }
}

/// A new version of the handling steps as the unit writes it: rows as typed (a row left
/// wholly empty is not a step), the guide's address in the toolbox and why.
public struct HandlingTemplateDraft: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// The code of the step the row shows; empty for a new one.
        public var code: String
        public var title: String
        public var party: String
        public var guidance: String

        public init(code: String = "", title: String = "", party: String = "", guidance: String = "") {
            self.code = code
            self.title = title
            self.party = party
            self.guidance = guidance
        }

        var isEmpty: Bool { [title, party, guidance].allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } }
    }

    public var rows: [Row]
    public var guide: String
    public var note: String

    public init(rows: [Row], guide: String = "", note: String = "") {
        self.rows = rows
        self.guide = guide
        self.note = note
    }

    public struct Valid: Sendable, Equatable {
        public let steps: [HandlingTemplate.Step]
        public let guide: OfferingSlug?
        public let note: String

        /// Steps already checked (the demo's story, written in code).
        public init(steps: [HandlingTemplate.Step], guide: OfferingSlug?, note: String) {
            self.steps = steps
            self.guide = guide
            self.note = note
        }
    }

    public enum TextLimit {
        public static let title = 120
        public static let guidance = 1_000
        public static let note = 1_000
    }

    /// The field of row `index` (counted from 1, as the form shows it): `stap-2-titel`.
    public static func field(_ index: Int, _ name: String) -> String { "stap-\(index)-\(name)" }

    /// Every problem at once: each step a title (unique), a party and guidance within their
    /// limits, guarded; one to `HandlingTemplate.maximumSteps` steps; the guide a toolbox
    /// address that exists (`guideExists`, nil when none was given); a note on what changed.
    /// A row keeps its code when it has one of its own; a new row gets one from its title.
    public func validated(guideExists: Bool?, privacy: PrivacyGuard = .standard) throws(DomainError) -> Valid {
        var v = Validator()
        var kept: [(index: Int, row: Row)] = []
        for (offset, row) in rows.enumerated() where !row.isEmpty { kept.append((offset + 1, row)) }
        if kept.isEmpty { v.add("stappen", "required") }
        if kept.count > HandlingTemplate.maximumSteps { v.add("stappen", "too_many_steps") }
        var titles: Set<String> = [], codes: Set<String> = []
        var checked: [(code: String, title: String, party: IncidentParty?, guidance: String)] = []
        for (index, row) in kept {
            let title = v.text(row.title, field: Self.field(index, "titel"), max: TextLimit.title)
            privacy.check(title, field: Self.field(index, "titel"), into: &v)
            if !title.isEmpty, !titles.insert(title.lowercased()).inserted { v.add(Self.field(index, "titel"), "duplicate_step") }
            let party = v.choice(row.party, Self.field(index, "partij"), "invalid_party", IncidentParty.init(rawValue:))
            let guidance = v.text(row.guidance, field: Self.field(index, "toelichting"), max: TextLimit.guidance, required: false)
            privacy.check(guidance, field: Self.field(index, "toelichting"), into: &v)
            let own = row.code.trimmingCharacters(in: .whitespaces)
            let code = HandlingTemplate.isCode(own) && !codes.contains(own) ? own : ""
            if !code.isEmpty { codes.insert(code) }
            checked.append((code, title, party, guidance))
        }
        let guideText = guide.trimmingCharacters(in: .whitespaces)
        var guide: OfferingSlug?
        if !guideText.isEmpty {
            guide = OfferingSlug(guideText)
            if guide == nil || guideExists == false { v.add("handreiking", "unknown_offering") }
        }
        let note = v.text(self.note, field: "wijziging", max: TextLimit.note)
        privacy.check(note, field: "wijziging", into: &v)
        try v.finish()
        var steps: [HandlingTemplate.Step] = []
        for step in checked {
            let code = step.code.isEmpty ? HandlingTemplate.code(for: step.title, taken: codes) : step.code
            codes.insert(code)
            steps.append(HandlingTemplate.Step(code: code, title: step.title, party: step.party!, guidance: step.guidance))
        }
        return Valid(steps: steps, guide: guide, note: note)
    }
}
