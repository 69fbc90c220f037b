import Foundation

/// Input for a new request, as typed, validated as a whole (every problem at once).
public struct RequestDraft: Sendable, Equatable {
    public var title: String
    public var description: String
    /// The organisation asking; a requester's own organisation when they file it themselves.
    public var requester: String
    /// The municipality concerned; a municipality's own code when left empty by it.
    public var municipality: String
    public var needs: [String]
    public var channel: String
    public var urgency: String
    public var preferredContact: String

    public init(title: String, description: String, requester: String, municipality: String, needs: [String], channel: String,
                urgency: String = Urgency.normal.rawValue, preferredContact: String = "") {
        self.title = title
        self.description = description
        self.requester = requester
        self.municipality = municipality
        self.needs = needs
        self.channel = channel
        self.urgency = urgency
        self.preferredContact = preferredContact
    }

    public struct Valid: Sendable, Equatable {
        public let title: String
        public let description: String
        public let requester: OrganisationID
        public let municipality: MunicipalityCode
        public let needs: [NeedCode]
        public let channel: RequestChannel
        public let urgency: Urgency
        public let preferredContact: String

        public init(title: String, description: String, requester: OrganisationID, municipality: MunicipalityCode, needs: [NeedCode],
                    channel: RequestChannel, urgency: Urgency, preferredContact: String) {
            self.title = title
            self.description = description
            self.requester = requester
            self.municipality = municipality
            self.needs = needs
            self.channel = channel
            self.urgency = urgency
            self.preferredContact = preferredContact
        }
    }

    /// Checks form and privacy; `knownNeeds` are the active codes of the taxonomy. Whether
    /// the requester and municipality exist, and whether the caller may file for them, is
    /// checked by the caller (`RequestPolicy.intake`).
    public func validated(knownNeeds: Set<NeedCode>, privacy: PrivacyGuard = .standard) throws(DomainError) -> Valid {
        var v = Validator()
        // In the order the form asks, so the problems are listed in that order too.
        let requester = v.choice(self.requester, "aanvrager", "invalid_organisation_id") { OrganisationID($0) }
        let municipality = MunicipalityCode(self.municipality.trimmingCharacters(in: .whitespaces))
        // Left empty, the municipality is the requester's: without a requester, the
        // requester's problem is the one to solve.
        if municipality == nil, !(self.municipality.isEmpty && requester == nil) {
            v.add("gemeente", self.municipality.isEmpty ? "required" : "invalid_municipality_code")
        }
        let title = v.text(self.title, field: "titel", max: 150)
        privacy.check(title, field: "titel", into: &v)
        let description = v.text(self.description, field: "omschrijving", max: 5000)
        privacy.check(description, field: "omschrijving", into: &v)
        let needs = NeedCode.parse(self.needs, known: knownNeeds, into: &v)
        if self.needs.allSatisfy(\.isEmpty) { v.add("behoeften", "required") }
        let channel = v.choice(self.channel, "kanaal", "invalid_channel", RequestChannel.init(rawValue:))
        let urgency = v.choice(self.urgency, "urgentie", "invalid_urgency", Urgency.init(rawValue:))
        let contact = v.text(preferredContact, field: "contactvoorkeur", max: 300, required: false)
        privacy.check(contact, field: "contactvoorkeur", into: &v)
        try v.finish()
        return Valid(title: title, description: description, requester: requester!, municipality: municipality!, needs: needs,
                     channel: channel!, urgency: urgency!, preferredContact: contact)
    }
}
