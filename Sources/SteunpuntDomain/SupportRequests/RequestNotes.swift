import Foundation

/// A message on a request: to and from the requester, or an internal note that only
/// the author's organisation reads (the unit's notes stay in the unit).
public struct RequestMessage: Sendable, Equatable {
    public let id: UUID
    public let request: UUID
    public let author: UUID
    public let authorOrganisation: OrganisationID
    public let isInternal: Bool
    public let body: String
    public let createdAt: Date

    public init(id: UUID, request: UUID, author: UUID, authorOrganisation: OrganisationID, isInternal: Bool, body: String, createdAt: Date) {
        self.id = id
        self.request = request
        self.author = author
        self.authorOrganisation = authorOrganisation
        self.isInternal = isInternal
        self.body = body
        self.createdAt = createdAt
    }

    /// Checks the text (required, at most 5,000 characters, no personal identifiers).
    public static func validatedBody(_ text: String, privacy: PrivacyGuard = .standard) throws(DomainError) -> String {
        var v = Validator()
        let body = v.text(text, field: "tekst", max: 5000)
        privacy.check(body, field: "tekst", into: &v)
        try v.finish()
        return body
    }
}

/// What an advisor did for a request (DOMAIN.md: activity).
public enum ActivityKind: String, CaseIterable, Codable, Sendable {
    case adviceSession = "adviesgesprek"
    case training = "training"
    case networkIntroduction = "netwerkintroductie"
    case guideDelivered = "handreiking-geleverd"
    case meeting = "bijeenkomst"
}

public struct RequestActivity: Sendable, Equatable {
    public let id: UUID
    public let request: UUID
    public let kind: ActivityKind
    /// The day it took place, `yyyy-mm-dd`.
    public let day: String
    public let hours: Double
    public let participants: Int
    public let note: String
    public let author: UUID
    public let createdAt: Date
    /// The toolbox offering used (a guide delivered, a training given), if any.
    public let offering: UUID?
    /// The meeting it was (a training or regional meeting the requester's people took part in), if any.
    public let meeting: UUID?
    /// The entry of the unit's network register it introduced (kind network introduction), if any.
    public let network: UUID?

    public init(id: UUID, request: UUID, kind: ActivityKind, day: String, hours: Double, participants: Int, note: String, author: UUID, createdAt: Date,
                offering: UUID? = nil, meeting: UUID? = nil, network: UUID? = nil) {
        self.id = id
        self.request = request
        self.kind = kind
        self.day = day
        self.hours = hours
        self.participants = participants
        self.note = note
        self.author = author
        self.createdAt = createdAt
        self.offering = offering
        self.meeting = meeting
        self.network = network
    }
}

/// Input for an activity, validated as a whole.
public struct ActivityDraft: Sendable, Equatable {
    public var kind: String
    public var day: String
    public var hours: String
    public var participants: String
    public var note: String
    /// The slug of a toolbox offering used, or empty.
    public var offering: String
    /// Whether the offering's link goes to the requester as a message.
    public var sendToRequester: Bool
    /// The id of the meeting it was, or empty.
    public var meeting: String
    /// The id of the network register's entry introduced, or empty.
    public var network: String

    public init(kind: String, day: String, hours: String, participants: String, note: String = "", offering: String = "", sendToRequester: Bool = false,
                meeting: String = "", network: String = "") {
        self.kind = kind
        self.day = day
        self.hours = hours
        self.participants = participants
        self.note = note
        self.offering = offering
        self.sendToRequester = sendToRequester
        self.meeting = meeting
        self.network = network
    }

    public func validated(privacy: PrivacyGuard = .standard, today: Date) throws(DomainError)
        -> (kind: ActivityKind, day: String, hours: Double, participants: Int, note: String, offering: OfferingSlug?, meeting: UUID?, network: UUID?) {
        var v = Validator()
        let kind = ActivityKind(rawValue: self.kind)
        v.check(kind != nil, "soort", "invalid_activity_kind")
        let date = CalendarDay(day.trimmingCharacters(in: .whitespaces))
        if let date { v.check(date <= CalendarDay(of: today), "datum", "date_in_future") } else { v.add("datum", "invalid_date") }
        let hours = Double(self.hours.replacingOccurrences(of: ",", with: ".").trimmingCharacters(in: .whitespaces))
        v.check(hours.map { $0 > 0 && $0 <= 200 } ?? false, "uren", "invalid_hours")
        let participants = Int(self.participants.trimmingCharacters(in: .whitespaces))
        v.check(participants.map { (0...10_000).contains($0) } ?? false, "deelnemers", "invalid_participants")
        let note = v.text(self.note, field: "toelichting", max: 2000, required: false)
        privacy.check(note, field: "toelichting", into: &v)
        let slug = offering.trimmingCharacters(in: .whitespaces)
        let offering = slug.isEmpty ? nil : OfferingSlug(slug)
        v.check(slug.isEmpty || offering != nil, "aanbod", "unknown_offering")
        v.check(!sendToRequester || offering != nil, "aanbod", "required_to_send")
        let meetingText = self.meeting.trimmingCharacters(in: .whitespaces)
        let meeting = meetingText.isEmpty ? nil : UUID(text: meetingText)
        v.check(meetingText.isEmpty || meeting != nil, "bijeenkomst", "unknown_meeting")
        let networkText = self.network.trimmingCharacters(in: .whitespaces)
        let network = networkText.isEmpty ? nil : UUID(text: networkText)
        v.check(networkText.isEmpty || network != nil, "netwerk", "unknown_network_entry")
        if network != nil, let kind { v.check(kind == .networkIntroduction, "netwerk", "network_needs_introduction_kind") }
        try v.finish()
        return (kind!, date!.description, hours!, participants!, note, offering, meeting, network)
    }
}

/// The requester's verdict on a closed request: a score from 1 to 5 and a comment.
public struct RequestFeedback: Sendable, Equatable {
    public let request: UUID
    public let score: Int
    public let comment: String
    public let author: UUID
    public let createdAt: Date

    public init(request: UUID, score: Int, comment: String, author: UUID, createdAt: Date) {
        self.request = request
        self.score = score
        self.comment = comment
        self.author = author
        self.createdAt = createdAt
    }

    /// Checks a score (1–5) and comment (optional, at most 2,000 characters, no personal identifiers).
    public static func validated(score: String, comment: String, privacy: PrivacyGuard = .standard) throws(DomainError) -> (score: Int, comment: String) {
        var v = Validator()
        let value = Int(score.trimmingCharacters(in: .whitespaces))
        v.check(value.map { (1...5).contains($0) } ?? false, "score", "invalid_score")
        let text = v.text(comment, field: "toelichting", max: 2000, required: false)
        privacy.check(text, field: "toelichting", into: &v)
        try v.finish()
        return (value!, text)
    }
}
