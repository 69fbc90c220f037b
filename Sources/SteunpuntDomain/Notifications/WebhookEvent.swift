import Foundation

/// An event for other systems, in the NL GOV profile for CloudEvents (Logius): the four
/// required attributes (`specversion` 1.0, `id` a UUID, `source` a `urn:nld:` URN of this
/// system, `type` in reverse-DNS notation with one version suffix), `time` (when the
/// change was stored), `subject` (the record's number), `datacontenttype` JSON, and
/// minimal data ("informatiearm"): identifiers and `dataref`, the record's address in
/// the API, where the receiver reads what it may see. Never a description, a message, a
/// reason or a name.
public struct WebhookEvent: Sendable, Equatable, Codable {
    public let specversion: String
    public let id: String
    public let source: String
    public let type: String
    public let time: String
    public let subject: String
    public let datacontenttype: String
    public let dataref: String
    public let data: [String: String]

    /// The event type of a change to a request, by what happened (`RequestNotice.Kind`):
    /// `nl.steunpunt.hulpvraag.<kind>.v1`; nil for kinds that are no request event.
    public static func type(of kind: RequestNotice.Kind) -> String? {
        switch kind {
        case .filed, .referred, .accepted, .declined, .assigned, .message, .waiting, .answered, .closed, .reopened, .dueSoon, .overdue:
            "nl.steunpunt.hulpvraag.\(kind.rawValue).v1"
        case .mailUndelivered, .webhookUndelivered, .quickscanReminder, .quickscanClosed, .planReminder, .registrationConfirmed, .waitlisted, .placeOffered,
             .meetingReminder, .meetingChanged, .meetingCancelled, .registrationCancelled, .circleRequest, .circleInvitation, .circleDecision, .incidentShared:
            nil
        }
    }

    /// Every request event type a subscription can ask for.
    public static let requestTypes: [String] = RequestNotice.Kind.allCases.compactMap(type(of:))

    /// The event of `kind` about `request`, stored at `time`. `source` is this system's URN
    /// (`urn:nld:oin:<OIN>:systeem:steunpunt`); `api` the API's base URL.
    public init?(kind: RequestNotice.Kind, request: SupportRequest, id: UUID, time: Date, source: String, api: String) {
        guard let type = Self.type(of: kind) else { return nil }
        self.init(id: id.lowercasedText, type: type, time: time, subject: request.number, requestID: request.id.lowercasedText,
                  data: Self.data(of: request), source: source, api: api)
    }

    /// The event as stored with a delivery (identifiers only), for `source` and `api`: the
    /// same text on every attempt.
    public init(id: String, type: String, time: Date, subject: String, requestID: String, data: [String: String], source: String, api: String) {
        self.init(id: id, type: type, time: time, subject: subject, dataref: "\(api)/hulpvragen/\(requestID)", data: data, source: source)
    }

    public init(id: String, type: String, time: Date, subject: String, dataref: String, data: [String: String], source: String) {
        self.specversion = "1.0"
        self.id = id
        self.source = source
        self.type = type
        self.time = Self.timestamp(time)
        self.subject = subject
        self.datacontenttype = "application/json"
        self.dataref = dataref
        self.data = data
    }

    /// The type of the handshake: the event sent once when a subscription is registered,
    /// which the receiver must answer with a 2xx before the subscription is stored.
    public static let handshakeType = "nl.steunpunt.abonnement.test.v1"

    /// The handshake event for subscription `subscription` (its id, nothing else).
    public static func handshake(id: UUID, subscription: UUID, time: Date, source: String, api: String) -> WebhookEvent {
        let subscriptionID = subscription.lowercasedText
        return WebhookEvent(id: id.lowercasedText, type: handshakeType, time: time, subject: subscriptionID,
                            dataref: "\(api)/abonnementen/\(subscriptionID)", data: ["abonnement": subscriptionID], source: source)
    }

    /// What an event says of a request: identifiers and codes, never its contents.
    public static func data(of request: SupportRequest) -> [String: String] {
        ["hulpvraag": request.id.lowercasedText, "nummer": request.number, "status": request.status.rawValue,
         "houder": request.holder.rawValue, "gemeente": request.municipality.rawValue]
    }

    /// RFC 3339 in UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The URN this system names itself with: an OIN (20 digits) when the operator set one.
    public static func source(oin: String?) -> String {
        guard let oin, oin.count == 20, oin.allSatisfy(\.isNumber) else { return "urn:nld:steunpunt" }
        return "urn:nld:oin:\(oin):systeem:steunpunt"
    }
}

/// A webhook subscription as an administrator registers it, checked as a whole: the
/// organisation it belongs to (which decides what it may receive), the callback (HTTPS; plain HTTP only where the operator allows it, for a receiver on the
/// same machine), the event types (at least one, each known), an optional filter on
/// municipalities, and the `Authorization` header value the receiver expects (write-only).
public struct WebhookSubscriptionDraft: Sendable, Equatable {
    public var organisation: String
    public var callback: String
    public var types: [String]
    public var municipalities: [String]
    public var authorization: String

    public init(organisation: String, callback: String, types: [String], municipalities: [String] = [], authorization: String = "") {
        self.organisation = organisation
        self.callback = callback
        self.types = types
        self.municipalities = municipalities
        self.authorization = authorization
    }

    public struct Valid: Sendable, Equatable {
        public let organisation: OrganisationID
        public let callback: URL
        public let types: [String]
        public let municipalities: [MunicipalityCode]
        public let authorization: String?
    }

    public func validated(allowPlainHTTP: Bool = false) throws(DomainError) -> Valid {
        var v = Validator()
        let organisation = OrganisationID(self.organisation.trimmingCharacters(in: .whitespaces))
        if self.organisation.trimmingCharacters(in: .whitespaces).isEmpty { v.add("organisatie", "required") }
        else if organisation == nil { v.add("organisatie", "unknown_organisation") }
        let text = callback.trimmingCharacters(in: .whitespaces)
        let url = URL(string: text)
        let scheme = url?.scheme?.lowercased()
        if text.isEmpty {
            v.add("callbackUrl", "required")
        } else if url?.host == nil || !(scheme == "https" || (allowPlainHTTP && scheme == "http")) || text.count > 2000 {
            v.add("callbackUrl", allowPlainHTTP ? "invalid_callback_url" : "callback_not_https")
        } else if url?.user != nil || url?.password != nil || url?.query?.lowercased().contains("token") == true {
            // The webhook guideline: credentials go in the Authorization header, never in the URL.
            v.add("callbackUrl", "credentials_in_url")
        }
        let known = Set(WebhookEvent.requestTypes)
        let types = Array(Set(types)).sorted()
        if types.isEmpty { v.add("typen", "required") }
        v.check(types.allSatisfy(known.contains), "typen", "unknown_event_type")
        let codes = municipalities.compactMap(MunicipalityCode.init)
        v.check(codes.count == municipalities.count, "gemeenten", "invalid_municipality_code")
        let authorization = self.authorization.trimmingCharacters(in: .whitespaces)
        v.check(authorization.count <= 1000 && !authorization.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }), "authorization", "invalid_header_value")
        try v.finish()
        return Valid(organisation: organisation!, callback: url!, types: types, municipalities: Array(Set(codes)).sorted { $0.rawValue < $1.rawValue },
                     authorization: authorization.isEmpty ? nil : authorization)
    }
}
