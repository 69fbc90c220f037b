import Foundation

/// A meeting as a form or the API sends it, every value as typed. `validated` checks it as
/// a whole and throws every problem at once; times are Dutch wall-clock times
/// (`AmsterdamTime`) unless they carry an offset.
public struct MeetingDraft: Sendable, Equatable {
    public var kind: String
    public var title: String
    public var description: String
    public var organiser: String
    public var provinces: [String]
    public var municipalities: [String]
    public var audience: [String]
    public var venue: String
    public var onlineLink: String
    public var startsAt: String
    public var endsAt: String
    public var capacity: String
    public var perOrganisation: String
    public var registrationOpensAt: String
    public var registrationClosesAt: String
    public var cancellationDeadline: String
    public var offerHoldHours: String
    public var visibility: String
    public var status: String
    /// The learning circle whose session this is (its id; empty: none).
    public var circle: String

    public init(kind: String, title: String, description: String = "", organiser: String, provinces: [String] = [], municipalities: [String] = [],
                audience: [String] = [], venue: String = "", onlineLink: String = "", startsAt: String, endsAt: String, capacity: String,
                perOrganisation: String = "", registrationOpensAt: String = "", registrationClosesAt: String = "", cancellationDeadline: String = "",
                offerHoldHours: String = "", visibility: String = Visibility.signedIn.rawValue, status: String = MeetingStatus.draft.rawValue,
                circle: String = "") {
        self.kind = kind
        self.title = title
        self.description = description
        self.organiser = organiser
        self.provinces = provinces
        self.municipalities = municipalities
        self.audience = audience
        self.venue = venue
        self.onlineLink = onlineLink
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.capacity = capacity
        self.perOrganisation = perOrganisation
        self.registrationOpensAt = registrationOpensAt
        self.registrationClosesAt = registrationClosesAt
        self.cancellationDeadline = cancellationDeadline
        self.offerHoldHours = offerHoldHours
        self.visibility = visibility
        self.status = status
        self.circle = circle
    }

    public static let maximumCapacity = 5_000
    public static let defaultOfferHoldHours = 48

    public struct Valid: Sendable, Equatable {
        public let kind: MeetingKind
        public let title: String
        public let description: String
        public let organiser: OrganisationID
        public let provinces: [Province]
        public let municipalities: [MunicipalityCode]
        public let audience: [OrganisationKind]
        public let venue: String
        public let onlineLink: URL?
        public let startsAt: Date
        public let endsAt: Date
        public let capacity: Int
        public let perOrganisation: Int?
        public let registrationOpensAt: Date?
        public let registrationClosesAt: Date
        public let cancellationDeadline: Date
        public let offerHoldHours: Int
        public let visibility: Visibility
        public let status: MeetingStatus
        /// The circle whose session it is: registration is for its members only.
        public var circle: UUID? = nil
    }

    /// Checks form and privacy. Whether the organiser and the municipalities exist is
    /// checked by the use case. Without a registration deadline registration closes at the
    /// start; without a cancellation deadline cancelling is possible until registration closes.
    public func validated(privacy: PrivacyGuard = .standard) throws(DomainError) -> Valid {
        var v = Validator()
        let kind = v.choice(self.kind, "soort", "invalid_meeting_kind", MeetingKind.init(rawValue:))
        let title = v.text(self.title, field: "titel", max: 150)
        privacy.check(title, field: "titel", into: &v)
        let description = v.text(self.description, field: "beschrijving", max: 20_000, required: false)
        privacy.check(description, field: "beschrijving", into: &v)
        let organiser = OrganisationID(self.organiser.trimmingCharacters(in: .whitespaces))
        v.check(organiser != nil, "organisator", self.organiser.trimmingCharacters(in: .whitespaces).isEmpty ? "required" : "invalid_organisation_id")
        let provinces = Self.unique(self.provinces, field: "provincies", code: "invalid_province", into: &v, Province.init(name:))
        let municipalities = Self.unique(self.municipalities, field: "gemeenten", code: "invalid_municipality_code", into: &v, MunicipalityCode.init)
        v.check(municipalities.count <= 400, "gemeenten", "too_many")
        let audience = Self.unique(self.audience, field: "doelgroep", code: "invalid_kind", into: &v, OrganisationKind.init(rawValue:))
        let venue = v.text(self.venue, field: "locatie", max: 300, required: false)
        privacy.check(venue, field: "locatie", into: &v)
        let linkText = v.text(self.onlineLink, field: "onlineLink", max: 500, required: false)
        privacy.check(linkText, field: "onlineLink", into: &v)
        var onlineLink: URL?
        if !linkText.isEmpty {
            onlineLink = URL(string: linkText)
            let fine = onlineLink?.scheme?.lowercased() == "https" && !(onlineLink?.host ?? "").isEmpty && onlineLink?.user == nil
            if !fine { v.add("onlineLink", "invalid_https_url"); onlineLink = nil }
        }
        if venue.isEmpty && linkText.isEmpty { v.add("locatie", "venue_or_link_required") }

        let startsAt = Self.time(self.startsAt, field: "begin", required: true, into: &v)
        let endsAt = Self.time(self.endsAt, field: "einde", required: true, into: &v)
        if let startsAt, let endsAt {
            v.check(endsAt > startsAt, "einde", "ends_before_start")
            v.check(endsAt.timeIntervalSince(startsAt) <= 14 * 86_400, "einde", "meeting_too_long")
        }
        let capacity = Self.integer(self.capacity, field: "capaciteit", range: 1...Self.maximumCapacity, required: true, into: &v)
        let perOrganisation = Self.integer(self.perOrganisation, field: "maximumPerOrganisatie", range: 1...Self.maximumCapacity, required: false, into: &v)
        if let perOrganisation, let capacity { v.check(perOrganisation <= capacity, "maximumPerOrganisatie", "above_capacity") }
        let opensAt = Self.time(self.registrationOpensAt, field: "inschrijvingVanaf", required: false, into: &v)
        let closesAt = Self.time(self.registrationClosesAt, field: "inschrijvingTot", required: false, into: &v) ?? startsAt
        if let closesAt, let startsAt { v.check(closesAt <= startsAt, "inschrijvingTot", "after_start") }
        if let opensAt, let closesAt { v.check(opensAt < closesAt, "inschrijvingVanaf", "opens_after_closing") }
        let cancellation = Self.time(self.cancellationDeadline, field: "annulerenTot", required: false, into: &v) ?? closesAt
        if let cancellation, let startsAt { v.check(cancellation <= startsAt, "annulerenTot", "after_start") }
        let hold = Self.integer(self.offerHoldHours, field: "aanbodGeldigUren", range: 1...336, required: false, into: &v) ?? Self.defaultOfferHoldHours
        let visibility = v.choice(self.visibility, "zichtbaarheid", "invalid_visibility") { Visibility(rawValue: $0).flatMap { $0 == .unitOnly ? nil : $0 } }
        let status = v.choice(self.status, "status", "invalid_meeting_status", MeetingStatus.init(rawValue:))
        let circleText = self.circle.trimmingCharacters(in: .whitespaces)
        let circle = circleText.isEmpty ? nil : UUID(text: circleText)
        v.check(circleText.isEmpty || circle != nil, "leerkring", "invalid_id")
        if circle != nil, let kind { v.check(kind == .circleSession, "soort", "circle_needs_session_kind") }
        try v.finish()
        return Valid(kind: kind!, title: title, description: description, organiser: organiser!, provinces: provinces, municipalities: municipalities,
                     audience: audience, venue: venue, onlineLink: onlineLink, startsAt: startsAt!, endsAt: endsAt!, capacity: capacity!,
                     perOrganisation: perOrganisation, registrationOpensAt: opensAt, registrationClosesAt: closesAt!, cancellationDeadline: cancellation!,
                     offerHoldHours: hold, visibility: visibility!, status: status!, circle: circle)
    }

    static func time(_ text: String, field: String, required: Bool, into v: inout Validator) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            if required { v.add(field, "required") }
            return nil
        }
        switch AmsterdamTime.parse(trimmed) {
        case .success(let date): return date
        case .failure(let error):
            v.add(field, error.problem.rawValue)
            return nil
        }
    }

    static func integer(_ text: String, field: String, range: ClosedRange<Int>, required: Bool, into v: inout Validator) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            if required { v.add(field, "required") }
            return nil
        }
        guard let value = Int(trimmed), range.contains(value) else {
            v.add(field, "invalid_number")
            return nil
        }
        return value
    }

    static func unique<T: Equatable>(_ texts: [String], field: String, code: String, into v: inout Validator, _ parse: (String) -> T?) -> [T] {
        var values: [T] = []
        var wrong = false
        for text in texts {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            if let value = parse(trimmed) {
                if !values.contains(value) { values.append(value) }
            } else {
                wrong = true
            }
        }
        if wrong { v.add(field, code) }
        return values
    }
}
