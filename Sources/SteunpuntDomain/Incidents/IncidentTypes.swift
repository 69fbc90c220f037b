/// What happened (issue 21): a discriminatory incident (around a place of worship or
/// elsewhere, online), or a tension signal (in a neighbourhood, around a demonstration).
public enum IncidentKind: String, CaseIterable, Codable, Sendable {
    case placeOfWorship = "discriminatoir-incident-gebedshuis"
    case elsewhere = "incident-elders"
    case neighbourhoodTension = "spanning-in-wijk"
    case onlineHate = "online-dreiging"
    case demonstration = "demonstratie"
    case other = "anders"

    /// A discriminatory incident: classified as the anti-discrimination services'
    /// registration form does (grounds, nature, setting are asked).
    public var isDiscrimination: Bool { self == .placeOfWorship || self == .elsewhere || self == .onlineHate }

    /// A tension signal: its level is kept over time.
    public var isTension: Bool { self == .neighbourhoodTension || self == .demonstration }

    /// The kind's Dutch name, for text stored in Dutch (the request filed from an incident).
    public var dutchName: String {
        switch self {
        case .placeOfWorship: "discriminatoir incident rond een gebedshuis"
        case .elsewhere: "discriminatoir incident elders"
        case .neighbourhoodTension: "spanning in een wijk"
        case .onlineHate: "online dreiging of haat"
        case .demonstration: "demonstratie of protest"
        case .other: "ander incident"
        }
    }
}

/// Where it happened, as a kind of place: never an address.
public enum LocationKind: String, CaseIterable, Codable, Sendable {
    case placeOfWorship = "gebedshuis"
    case school = "school"
    case publicSpace = "openbare-ruimte"
    case neighbourhood = "wijk"
    case online = "online"
}

/// The grounds of discrimination as the statutory registration form of the
/// anti-discrimination services names them (Regeling registratieformulier
/// antidiscriminatievoorzieningen); several may apply. `origin` is the form's "ras"
/// (origin, skin colour); antisemitism is counted apart, as the services report it.
public enum DiscriminationGround: String, CaseIterable, Codable, Sendable {
    case origin = "herkomst"
    case antisemitism = "antisemitisme"
    case nationality = "nationaliteit"
    case religion = "godsdienst"
    case belief = "levensovertuiging"
    case politicalOpinion = "politieke-gezindheid"
    case sex = "geslacht"
    case sexualOrientation = "seksuele-gerichtheid"
    case disability = "handicap-chronische-ziekte"
    case age = "leeftijd"
    case civilStatus = "burgerlijke-staat"
    case other = "overig"
    case unknown = "onbekend"
}

/// The nature of the incident, as the registration form classifies it.
public enum IncidentNature: String, CaseIterable, Codable, Sendable {
    case unequalTreatment = "ongelijke-behandeling"
    case hostileTreatment = "vijandige-bejegening"
    case threat = "bedreiging"
    case violence = "geweld"
    case vandalism = "vernieling-of-bekladding"
    case other = "overig"
    case unknown = "onbekend"
}

/// The setting (the form's "terrein") in which it happened.
public enum IncidentSetting: String, CaseIterable, Codable, Sendable {
    case neighbourhood = "buurt-wijk"
    case publicSpace = "openbare-ruimte"
    case mediaInternet = "media-internet"
    case education = "onderwijs"
    case labourMarket = "arbeidsmarkt"
    case policeJustice = "politie-justitie"
    case publicServices = "collectieve-voorzieningen"
    case sportRecreation = "sport-recreatie"
    case housing = "huisvesting"
    case commercialServices = "commerciele-dienstverlening"
    case privateSphere = "prive-sfeer"
    case other = "overig"
    case unknown = "onbekend"
}

public enum IncidentSeverity: String, CaseIterable, Codable, Sendable, Comparable {
    case low = "laag"
    case medium = "midden"
    case high = "hoog"

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// Where the handling stands.
public enum IncidentStatus: String, CaseIterable, Codable, Sendable {
    case registered = "geregistreerd"
    case handling = "in-behandeling"
    case monitoring = "monitoring"
    case closed = "afgesloten"
}

/// The level of a tension, as municipal tension guides phase it.
public enum TensionLevel: String, CaseIterable, Codable, Sendable {
    case signal = "signaal"
    case tension = "spanning"
    case escalation = "escalatie"
    case deescalation = "de-escalatie"
}
