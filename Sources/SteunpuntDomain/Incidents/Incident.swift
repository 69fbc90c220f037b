import Foundation

/// An incident or tension signal in a municipality's register (issue 21): what happened,
/// when, where as a kind of place and at most a neighbourhood's name (never an address),
/// classified as the anti-discrimination services' registration form does, how severe,
/// described without personal data, and where its handling stands. It belongs to its
/// municipality; the unit and partner organisations read it once the municipality shares
/// it with them (`IncidentPolicy`).
public struct Incident: Sendable, Equatable {
    public let id: UUID
    /// `IN-2026-00042`: counted per year.
    public let number: String
    public let municipality: MunicipalityCode
    public var kind: IncidentKind
    /// The day it happened (`YYYY-MM-DD`) and, when known, the time (`HH:MM`).
    public var occurredOn: String
    public var occurredAt: String
    public var location: LocationKind
    public var neighbourhood: String
    public var grounds: [DiscriminationGround]
    public var nature: IncidentNature?
    public var setting: IncidentSetting?
    public var severity: IncidentSeverity
    public var description: String
    public var status: IncidentStatus
    /// The tension's level now (tension signals), nil otherwise.
    public var tensionLevel: TensionLevel?
    /// The organisations the municipality shares it with now (the expertise unit, partners),
    /// in the order of their identifiers; each share's who and when is an `IncidentShare`.
    public var sharedWith: [OrganisationID]
    /// The support request the municipality filed from it, asking the unit for help.
    public var requestID: UUID?
    public var version: Int
    public let createdBy: UUID
    public let createdAt: Date
    public var updatedAt: Date
    /// When a destruction list destroyed it (issue 23): a skeleton for the figures, which
    /// takes no more changes, shares, steps or notes.
    public var destroyedAt: Date?

    public init(id: UUID, number: String, municipality: MunicipalityCode, kind: IncidentKind, occurredOn: String, occurredAt: String = "",
                location: LocationKind, neighbourhood: String = "", grounds: [DiscriminationGround] = [], nature: IncidentNature? = nil,
                setting: IncidentSetting? = nil, severity: IncidentSeverity, description: String, status: IncidentStatus = .registered,
                tensionLevel: TensionLevel? = nil, sharedWith: [OrganisationID] = [], requestID: UUID? = nil, version: Int = 1, createdBy: UUID, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.number = number
        self.municipality = municipality
        self.kind = kind
        self.occurredOn = occurredOn
        self.occurredAt = occurredAt
        self.location = location
        self.neighbourhood = neighbourhood
        self.grounds = grounds
        self.nature = nature
        self.setting = setting
        self.severity = severity
        self.description = description
        self.status = status
        self.tensionLevel = tensionLevel
        self.sharedWith = sharedWith
        self.requestID = requestID
        self.version = version
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension Incident {
    /// Whether the municipality shares it with the expertise unit.
    public var sharedWithUnit: Bool { sharedWith.contains(.expertiseUnit) }
}

/// A share of an incident with an organisation: who made it when and, once it ended, who
/// ended it when. Kept after it ends, so the municipality can always say who could read
/// the incident when.
public struct IncidentShare: Sendable, Equatable {
    public let organisation: OrganisationID
    public let sharedBy: UUID
    public let sharedAt: Date
    public var revokedBy: UUID?
    public var revokedAt: Date?

    public init(organisation: OrganisationID, sharedBy: UUID, sharedAt: Date, revokedBy: UUID? = nil, revokedAt: Date? = nil) {
        self.organisation = organisation
        self.sharedBy = sharedBy
        self.sharedAt = sharedAt
        self.revokedBy = revokedBy
        self.revokedAt = revokedAt
    }

    /// Whether the organisation reads the incident now.
    public var isStanding: Bool { revokedAt == nil }
}

/// One line of an incident's history, never changed afterwards: it was registered, its
/// status or the tension's level changed (with a dated note), it was shared or no longer.
public struct IncidentEvent: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        case registered(IncidentStatus)
        case status(from: IncidentStatus, to: IncidentStatus)
        case tension(from: TensionLevel?, to: TensionLevel)
        case shared(OrganisationID)
        case unshared(OrganisationID)
        /// The municipality asked the unit for help: the request filed.
        case helpAsked(UUID)
        /// A handling step (by its code) changed state, or its day or note.
        case step(code: String, from: StepState, to: StepState)
    }

    public let change: Change
    /// Guarded free text: why (a status change) or what was seen (a tension level).
    public let note: String
    public let by: UUID
    public let at: Date

    public init(change: Change, note: String = "", by: UUID, at: Date) {
        self.change = change
        self.note = note
        self.by = by
        self.at = at
    }
}

extension IncidentEvent.Change {
    /// The change as stored: what changed (`registratie`, `status`, `spanningsniveau`,
    /// `gedeeld`, `niet-meer-gedeeld`, `hulpvraag`, `stap`), from what and to what (for a
    /// step: its code and new state, `melding-politie gedaan`).
    public var parts: (change: String, from: String?, to: String) {
        switch self {
        case .registered(let status): ("registratie", nil, status.rawValue)
        case .status(let old, let new): ("status", old.rawValue, new.rawValue)
        case .tension(let old, let new): ("spanningsniveau", old?.rawValue, new.rawValue)
        case .shared(let organisation): ("gedeeld", nil, organisation.rawValue)
        case .unshared(let organisation): ("niet-meer-gedeeld", nil, organisation.rawValue)
        case .helpAsked(let request): ("hulpvraag", nil, request.uppercasedText)
        case .step(let code, let old, let new): ("stap", old.rawValue, code + " " + new.rawValue)
        }
    }

    /// The change `parts` names; nil for one it cannot have made.
    public init?(change: String, from: String?, to: String) {
        switch change {
        case "registratie": guard let status = IncidentStatus(rawValue: to) else { return nil }; self = .registered(status)
        case "status":
            guard let old = from.flatMap(IncidentStatus.init(rawValue:)), let new = IncidentStatus(rawValue: to) else { return nil }
            self = .status(from: old, to: new)
        case "spanningsniveau":
            guard let new = TensionLevel(rawValue: to) else { return nil }
            let old = from.flatMap(TensionLevel.init(rawValue:))
            if from != nil, old == nil { return nil }
            self = .tension(from: old, to: new)
        case "gedeeld": guard let organisation = OrganisationID(to) else { return nil }; self = .shared(organisation)
        case "niet-meer-gedeeld": guard let organisation = OrganisationID(to) else { return nil }; self = .unshared(organisation)
        case "hulpvraag": guard let request = UUID(text: to) else { return nil }; self = .helpAsked(request)
        case "stap":
            let parts = to.split(separator: " ")
            guard parts.count == 2, HandlingTemplate.isCode(String(parts[0])), let old = from.flatMap(StepState.init(rawValue:)),
                  let new = StepState(rawValue: String(parts[1])) else { return nil }
            self = .step(code: String(parts[0]), from: old, to: new)
        default: return nil
        }
    }
}

/// An incident as the municipality writes it, every value as typed.
public struct IncidentDraft: Sendable, Equatable {
    public var kind: String
    public var occurredOn: String
    public var occurredAt: String
    public var location: String
    public var neighbourhood: String
    public var grounds: [String]
    public var nature: String
    public var setting: String
    public var severity: String
    public var description: String
    public var tensionLevel: String

    public init(kind: String = "", occurredOn: String = "", occurredAt: String = "", location: String = "", neighbourhood: String = "", grounds: [String] = [],
                nature: String = "", setting: String = "", severity: String = "", description: String = "", tensionLevel: String = "") {
        self.kind = kind
        self.occurredOn = occurredOn
        self.occurredAt = occurredAt
        self.location = location
        self.neighbourhood = neighbourhood
        self.grounds = grounds
        self.nature = nature
        self.setting = setting
        self.severity = severity
        self.description = description
        self.tensionLevel = tensionLevel
    }

    public struct Valid: Sendable, Equatable {
        public let kind: IncidentKind
        public let occurredOn: String
        public let occurredAt: String
        public let location: LocationKind
        public let neighbourhood: String
        public let grounds: [DiscriminationGround]
        public let nature: IncidentNature?
        public let setting: IncidentSetting?
        public let severity: IncidentSeverity
        public let description: String
        public let tensionLevel: TensionLevel?
    }

    public enum TextLimit {
        public static let neighbourhood = 80
        public static let description = 5_000
    }

    /// Every problem at once: the kind, a real day not in the future and a time of day when
    /// given; the kind of place; a neighbourhood's name without digits (a house number makes
    /// it an address); for a discriminatory incident at least one ground, its nature and
    /// setting (as the registration form asks); the severity; a description, guarded like
    /// every text; a tension signal starts at the level given, else as a signal.
    public func validated(today: Date, privacy: PrivacyGuard = .standard) throws(DomainError) -> Valid {
        var v = Validator()
        let kind = v.choice(self.kind, "soort", "invalid_incident_kind", IncidentKind.init(rawValue:))
        let day = occurredOn.trimmingCharacters(in: .whitespaces)
        if day.isEmpty { v.add("datum", "required") }
        else if let parsed = CalendarDay(day) { v.check(parsed <= CalendarDay(of: today), "datum", "date_in_future") }
        else { v.add("datum", "invalid_date") }
        let time = occurredAt.trimmingCharacters(in: .whitespaces)
        if !time.isEmpty { v.check(Self.isTimeOfDay(time), "tijd", "invalid_time") }
        let location = v.choice(self.location, "plaats", "invalid_location_kind", LocationKind.init(rawValue:))
        let neighbourhood = v.text(self.neighbourhood, field: "wijk", max: TextLimit.neighbourhood, required: false)
        // A house number makes it an address (digits 0–9, as addresses are written here).
        if neighbourhood.unicodeScalars.contains(where: { ("0"..."9").contains($0) }) { v.add("wijk", "no_address") }
        privacy.check(neighbourhood, field: "wijk", into: &v)
        var grounds: [DiscriminationGround] = [], repeated = false
        for text in self.grounds.map({ $0.trimmingCharacters(in: .whitespaces) }) where !text.isEmpty {
            guard let ground = DiscriminationGround(rawValue: text) else { v.add("gronden", "invalid_ground"); continue }
            if grounds.contains(ground) { repeated = true } else { grounds.append(ground) }
        }
        if repeated { v.add("gronden", "duplicate_ground") }
        let discrimination = kind?.isDiscrimination ?? false
        if discrimination, grounds.isEmpty, !self.grounds.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) { v.add("gronden", "required") }
        let nature = optionalChoice(self.nature, "aard", "invalid_nature", required: discrimination, into: &v, IncidentNature.init(rawValue:))
        let setting = optionalChoice(self.setting, "terrein", "invalid_setting", required: discrimination, into: &v, IncidentSetting.init(rawValue:))
        let severity = v.choice(self.severity, "ernst", "invalid_severity", IncidentSeverity.init(rawValue:))
        let description = v.text(self.description, field: "beschrijving", max: TextLimit.description)
        privacy.check(description, field: "beschrijving", into: &v)
        let level = optionalChoice(tensionLevel, "spanningsniveau", "invalid_tension_level", required: false, into: &v, TensionLevel.init(rawValue:))
        try v.finish()
        return Valid(kind: kind!, occurredOn: day, occurredAt: time, location: location!, neighbourhood: neighbourhood, grounds: grounds, nature: nature,
                     setting: setting, severity: severity!, description: description, tensionLevel: kind!.isTension ? (level ?? .signal) : nil)
    }

    private func optionalChoice<T>(_ value: String, _ field: String, _ code: String, required: Bool, into v: inout Validator,
                                   _ parse: (String) -> T?) -> T? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            if required { v.add(field, "required") }
            return nil
        }
        return v.choice(trimmed, field, code, parse)
    }

    /// `HH:MM`, 00:00 to 23:59.
    static func isTimeOfDay(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }), let hour = Int(parts[0]), let minute = Int(parts[1]) else {
            return false
        }
        return (0...23).contains(hour) && (0...59).contains(minute)
    }
}

/// A change of an incident's handling: a new status or tension level with a note.
public struct IncidentUpdate: Sendable, Equatable {
    public var status: String
    public var tensionLevel: String
    public var note: String

    public init(status: String = "", tensionLevel: String = "", note: String = "") {
        self.status = status
        self.tensionLevel = tensionLevel
        self.note = note
    }

    public struct Valid: Sendable, Equatable {
        public let status: IncidentStatus?
        public let tensionLevel: TensionLevel?
        public let note: String

        /// A change already checked (the demo's story, written in code).
        public init(status: IncidentStatus?, tensionLevel: TensionLevel?, note: String) {
            self.status = status
            self.tensionLevel = tensionLevel
            self.note = note
        }
    }

    /// Every problem at once: a known status, a level only for a tension signal (and then a
    /// note on what was seen), something that changes, the note guarded.
    public func validated(for incident: Incident, privacy: PrivacyGuard = .standard) throws(DomainError) -> Valid {
        var v = Validator()
        let statusText = status.trimmingCharacters(in: .whitespaces), levelText = tensionLevel.trimmingCharacters(in: .whitespaces)
        let status = statusText.isEmpty ? nil : v.choice(statusText, "status", "invalid_incident_status", IncidentStatus.init(rawValue:))
        var level: TensionLevel?
        if !levelText.isEmpty {
            level = v.choice(levelText, "spanningsniveau", "invalid_tension_level", TensionLevel.init(rawValue:))
            v.check(incident.kind.isTension, "spanningsniveau", "not_a_tension")
        }
        let note = v.text(self.note, field: "toelichting", max: 2_000, required: level != nil && level != incident.tensionLevel)
        privacy.check(note, field: "toelichting", into: &v)
        let changesStatus = status != nil && status != incident.status
        let changesLevel = level != nil && level != incident.tensionLevel
        if statusText.isEmpty, levelText.isEmpty { v.add("status", "required") }
        else if v.errors.isEmpty, !changesStatus, !changesLevel { v.add("status", "nothing_changed") }
        try v.finish()
        return Valid(status: changesStatus ? status : nil, tensionLevel: changesLevel ? level : nil, note: note)
    }
}

/// Asking the expertise unit for help from an incident (issue 21, part 4): the question, and
/// the support request it files at the unit (channel `incident`), naming the incident by
/// its number and kind; its needs follow from the kind.
public enum IncidentHelp {
    public static let questionLimit = 2_000

    /// The question, trimmed; required, at most `questionLimit` characters, guarded.
    public static func question(_ text: String, privacy: PrivacyGuard = .standard) throws(DomainError) -> String {
        var v = Validator()
        let question = v.text(text, field: "vraag", max: questionLimit)
        privacy.check(question, field: "vraag", into: &v)
        try v.finish()
        return question
    }

    public static func draft(_ incident: Incident, question: String, municipalityName: String) -> RequestDraft {
        let need: NeedCode = incident.kind.isTension ? .socialTension : .discriminatoryIncident
        let description = [question, "Vanuit incident \(incident.number) (\(incident.kind.dutchName)), geregistreerd door \(municipalityName)."]
            .joined(separator: "\n\n")
        return RequestDraft(title: "Hulp bij incident \(incident.number): \(municipalityName)", description: description,
                            requester: incident.municipality.rawValue, municipality: incident.municipality.rawValue, needs: [need.rawValue],
                            channel: RequestChannel.incident.rawValue, urgency: incident.severity == .high ? Urgency.high.rawValue : Urgency.normal.rawValue)
    }
}
