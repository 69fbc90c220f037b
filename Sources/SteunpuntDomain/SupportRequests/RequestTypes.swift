import Foundation

/// How a request came in (DOMAIN.md: channel). The raw values are the API's identifiers.
public enum RequestChannel: String, CaseIterable, Codable, Sendable {
    case nctv = "nctv"
    case vngDesk = "vng-loket"
    case schoolHelpdesk = "helpdesk-school"
    case unitDirect = "unit-direct"
    case regionalMeeting = "regionale-bijeenkomst"
    case phone = "telefoon"
    case email = "e-mail"
    case quickscan = "quickscan"
    /// Support a municipality asked for on a point of the 10-point plan, confirmed by the unit.
    case plan = "tienpuntenplan"
    /// Help a municipality asked for from an incident in its register.
    case incident = "incident"

    /// Where a requester's own filing goes when they choose this channel in their workspace.
    public var desk: OrganisationID? {
        switch self {
        case .nctv: .nctv
        case .vngDesk: .vngDesk
        case .schoolHelpdesk: .schoolHelpdesk
        case .unitDirect: .expertiseUnit
        case .regionalMeeting, .phone, .email, .quickscan, .plan, .incident: nil
        }
    }

    /// The channels a requester can pick in their own workspace (the desks).
    public static let workspaceChannels: [RequestChannel] = [.vngDesk, .nctv, .schoolHelpdesk, .unitDirect]
}

public enum Urgency: String, CaseIterable, Codable, Sendable, Comparable {
    case low = "laag"
    case normal = "normaal"
    case high = "hoog"

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Urgency, rhs: Urgency) -> Bool { lhs.rank < rhs.rank }
}

/// Where a request stands (DOMAIN.md, issue 4 §5).
public enum RequestStatus: String, CaseIterable, Codable, Sendable {
    case received = "ontvangen"
    case inTriage = "in-behandeling"
    case referred = "doorverwezen"
    case accepted = "geaccepteerd"
    case inProgress = "in-uitvoering"
    case waitingForRequester = "wacht-op-aanvrager"
    case closed = "afgesloten"
    case reopened = "heropend"

    public var isOpen: Bool { self != .closed }
}

/// How a closed request ended.
public enum RequestOutcome: String, CaseIterable, Codable, Sendable {
    case advised = "geadviseerd"
    case trained = "getraind"
    case referredOnward = "doorverwezen-elders"
    case answered = "beantwoord"
    case withdrawn = "ingetrokken"
}

/// A code of the needs taxonomy shared by requests, the quickscan and the toolbox:
/// a lower-case slug. The shipped eight are below; administrators can add more.
public struct NeedCode: CheckedIdentifier {
    public let rawValue: String

    public init?(_ text: String) {
        guard Slug.isValid(text, length: 2...64) else { return nil }
        rawValue = text
    }

    /// The known codes among `texts`, once each, in order; an unknown one is `unknown_need`
    /// on `field`. Requests, offerings and the quickscan read needs this one way.
    public static func parse(_ texts: [String], known: Set<NeedCode>, field: String = "behoeften", into v: inout Validator) -> [NeedCode] {
        var needs: [NeedCode] = []
        for text in texts where !text.isEmpty {
            if let code = NeedCode(text), known.contains(code) {
                if !needs.contains(code) { needs.append(code) }
            } else {
                v.add(field, "unknown_need")
            }
        }
        return needs
    }

    public static let preventiveApproach = NeedCode("breed-preventieve-aanpak")!
    public static let training = NeedCode("training-professionals-sleutelfiguren")!
    public static let networks = NeedCode("toegang-lokale-netwerken")!
    public static let cooperation = NeedCode("lokale-samenwerking")!
    public static let discriminatoryIncident = NeedCode("discriminatoir-incident")!
    public static let socialTension = NeedCode("maatschappelijke-spanning")!
    public static let schoolSituation = NeedCode("schoolsituatie")!
    public static let information = NeedCode("informatievraag")!
}

/// One entry of the needs taxonomy, with the service targets for requests about it.
public struct Need: Sendable, Equatable {
    public var code: NeedCode
    public var nameNL: String
    public var nameEN: String
    /// Working days for a first response, and to resolve.
    public var firstResponseDays: Int
    public var resolutionDays: Int
    public var isActive: Bool

    public init(code: NeedCode, nameNL: String, nameEN: String, firstResponseDays: Int, resolutionDays: Int, isActive: Bool = true) {
        self.code = code
        self.nameNL = nameNL
        self.nameEN = nameEN
        self.firstResponseDays = firstResponseDays
        self.resolutionDays = resolutionDays
        self.isActive = isActive
    }

    /// The taxonomy of the letter (answer 4) and the issue, with default targets.
    public static let shipped: [Need] = [
        Need(code: .preventiveApproach, nameNL: "Advies over een brede preventieve aanpak", nameEN: "Advice on a broad preventive approach", firstResponseDays: 3, resolutionDays: 30),
        Need(code: .training, nameNL: "Training van professionals en sleutelfiguren", nameEN: "Training of professionals and key figures", firstResponseDays: 5, resolutionDays: 40),
        Need(code: .networks, nameNL: "Toegang tot lokale netwerken", nameEN: "Access to local networks", firstResponseDays: 5, resolutionDays: 30),
        Need(code: .cooperation, nameNL: "Vormgeven van lokale samenwerking", nameEN: "Shaping local cooperation", firstResponseDays: 5, resolutionDays: 30),
        Need(code: .discriminatoryIncident, nameNL: "Discriminatoir incident", nameEN: "Discriminatory incident", firstResponseDays: 1, resolutionDays: 10),
        Need(code: .socialTension, nameNL: "Maatschappelijke spanning", nameEN: "Social tension", firstResponseDays: 1, resolutionDays: 10),
        Need(code: .schoolSituation, nameNL: "Situatie op school", nameEN: "School situation", firstResponseDays: 2, resolutionDays: 15),
        Need(code: .information, nameNL: "Informatievraag", nameEN: "Information question", firstResponseDays: 3, resolutionDays: 10),
    ]
}
