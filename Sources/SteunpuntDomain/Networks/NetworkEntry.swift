import Foundation

/// What an entry of the network register is (issue 19): a community organisation the unit
/// works with (a mosque board, a migrant organisation, a neighbourhood foundation), or a key
/// figure known by name and role only.
public enum NetworkEntryKind: String, CaseIterable, Codable, Sendable {
    case organisation = "organisatie"
    case keyFigure = "sleutelfiguur"
}

/// How the entry's consent to be in the register and to be introduced was given.
public enum ConsentForm: String, CaseIterable, Codable, Sendable {
    case written = "schriftelijk"
    case byMail = "per-mail"
    case oral = "mondeling"
}

/// An entry of the unit's network register: by municipality and theme, with its contact
/// route (an organisation's function address: never a private person's address or number),
/// the consent recorded, and the introductions made (the desk's activities of kind
/// network introduction that name it). The unit's alone; every read is audited.
public struct NetworkEntry: Sendable, Equatable {
    public var id: UUID
    public var kind: NetworkEntryKind
    /// The organisation's name, or a key figure's name.
    public var name: String
    /// The key figure's role, or the organisation's kind of work.
    public var role: String
    public var municipality: MunicipalityCode
    /// The themes (needs of the shared list) it helps with.
    public var themes: [NeedCode]
    /// A function address, telephone number or web address of the organisation.
    public var contactRoute: String
    public var consent: ConsentForm
    public var consentOn: String
    /// Guarded free text: what the unit knows of the entry's work.
    public var note: String
    public var version: Int
    public var createdBy: UUID
    public var createdAt: Date
    public var updatedAt: Date
    /// When a destruction list destroyed it (issue 23): its name reads "Vernietigd (VL-…)",
    /// its role, contact route and note are gone; it takes no more changes or introductions.
    public var destroyedAt: Date?

    public init(id: UUID, kind: NetworkEntryKind, name: String, role: String, municipality: MunicipalityCode, themes: [NeedCode], contactRoute: String,
                consent: ConsentForm, consentOn: String, note: String, version: Int = 1, createdBy: UUID, createdAt: Date, updatedAt: Date,
                destroyedAt: Date? = nil) {
        self.id = id
        self.kind = kind
        self.name = name
        self.role = role
        self.municipality = municipality
        self.themes = themes
        self.contactRoute = contactRoute
        self.consent = consent
        self.consentOn = consentOn
        self.note = note
        self.version = version
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.destroyedAt = destroyedAt
    }
}

/// An entry as the register lists it: with its last activity (a change or an introduction)
/// and how many introductions were made.
public struct NetworkListing: Sendable, Equatable {
    public let entry: NetworkEntry
    public let lastActivity: Date
    public let introductions: Int

    public init(entry: NetworkEntry, lastActivity: Date, introductions: Int) {
        self.entry = entry
        self.lastActivity = lastActivity
        self.introductions = introductions
    }

    /// Whether the entry is due for review: nothing happened with it for `months` months.
    public func isDueForReview(at now: Date, months: Int) -> Bool {
        NetworkPolicy.reviewBefore(now, months: months) > lastActivity
    }
}

/// An entry as the unit writes it, every value as typed.
public struct NetworkEntryDraft: Sendable, Equatable {
    public var kind: String
    public var name: String
    public var role: String
    public var municipality: String
    public var themes: [String]
    public var contactRoute: String
    public var consent: String
    public var consentOn: String
    public var note: String

    public init(kind: String, name: String, role: String, municipality: String, themes: [String] = [], contactRoute: String, consent: String,
                consentOn: String, note: String = "") {
        self.kind = kind
        self.name = name
        self.role = role
        self.municipality = municipality
        self.themes = themes
        self.contactRoute = contactRoute
        self.consent = consent
        self.consentOn = consentOn
        self.note = note
    }

    public struct Valid: Sendable, Equatable {
        public let kind: NetworkEntryKind
        public let name: String
        public let role: String
        public let municipality: MunicipalityCode
        public let themes: [NeedCode]
        public let contactRoute: String
        public let consent: ConsentForm
        public let consentOn: String
        public let note: String
    }

    /// Checks the entry as a whole, every problem at once: a contact route is an e-mail
    /// address, a telephone number or an https address; consent is recorded with its day (not
    /// in the future); the privacy guard on the texts. Whether the municipality exists is
    /// checked by the use case.
    public func validated(knownNeeds: Set<NeedCode>, today: Date, privacy: PrivacyGuard = .standard) throws(DomainError) -> Valid {
        var v = Validator()
        let kind = v.choice(self.kind, "soort", "invalid_network_kind", NetworkEntryKind.init(rawValue:))
        let name = v.text(self.name, field: "naam", max: 200)
        privacy.check(name, field: "naam", into: &v)
        let role = v.text(self.role, field: "rol", max: 200)
        privacy.check(role, field: "rol", into: &v)
        let municipality = MunicipalityCode(self.municipality.trimmingCharacters(in: .whitespaces).uppercased())
        v.check(municipality != nil, "gemeente", self.municipality.trimmingCharacters(in: .whitespaces).isEmpty ? "required" : "invalid_municipality_code")
        let themes = NeedCode.parse(self.themes.map { $0.trimmingCharacters(in: .whitespaces) }, known: knownNeeds, field: "themas", into: &v)
        v.check(!themes.isEmpty || self.themes.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty }, "themas", "required")
        let route = v.text(self.contactRoute, field: "contactroute", max: 300)
        if !route.isEmpty { v.check(Self.isContactRoute(route), "contactroute", "invalid_contact_route") }
        let consent = v.choice(self.consent, "toestemming", "invalid_consent", ConsentForm.init(rawValue:))
        let day = CalendarDay(consentOn.trimmingCharacters(in: .whitespaces))
        if consentOn.trimmingCharacters(in: .whitespaces).isEmpty { v.add("toestemmingOp", "required") }
        else if let day { v.check(day <= CalendarDay(of: today), "toestemmingOp", "date_in_future") } else { v.add("toestemmingOp", "invalid_date") }
        let note = v.text(self.note, field: "toelichting", max: 5000, required: false)
        privacy.check(note, field: "toelichting", into: &v)
        try v.finish()
        return Valid(kind: kind!, name: name, role: role, municipality: municipality!, themes: themes, contactRoute: route, consent: consent!,
                     consentOn: consentOn.trimmingCharacters(in: .whitespaces), note: note)
    }

    /// An e-mail address, a telephone number (digits with spaces, dashes and a leading +) or
    /// an https address: the ways an organisation is reached.
    static func isContactRoute(_ text: String) -> Bool {
        if EmailAddress.isValid(text) { return true }
        if text.hasPrefix("https://"), let url = URL(string: text), !(url.host ?? "").isEmpty, url.user == nil { return true }
        let digits = text.filter(\.isNumber)
        return text.allSatisfy { $0.isNumber || " -+()".contains($0) } && (10...15).contains(digits.count)
    }
}

/// Who may use the network register: the unit's advisers and coordinators, nobody else.
public enum NetworkPolicy {
    /// The default number of months without activity after which an entry is due for review.
    public static let defaultReviewMonths = 12
    /// At most this many entries per page: the register is read, never exported.
    public static let maximumPageSize = 25

    public static func mayUse(_ user: User?) -> Bool {
        guard let user, user.isActive else { return false }
        return user.role == .unitAdvisor || user.role == .unitCoordinator
    }

    /// The moment before which an entry's last activity makes it due for review.
    public static func reviewBefore(_ now: Date, months: Int) -> Date {
        DutchCalendar().calendar.date(byAdding: .month, value: -months, to: now) ?? now
    }
}
