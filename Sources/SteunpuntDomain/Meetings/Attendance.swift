import Foundation

/// Whether a person with a place came (issue 19, attendance), as the organiser marks it on
/// the check-in list. Unmarked is no value: nobody has looked yet.
public enum Attendance: String, CaseIterable, Codable, Sendable {
    case present = "aanwezig"
    case absent = "afwezig"
    /// Cancelled after the cancellation deadline (told the organiser, too late to pass the place on).
    case lateCancelled = "laat-afgemeld"
}

/// What a meeting's attendance adds up to: of the places confirmed, how many came, did not,
/// cancelled late or are not marked yet; and how many organisations and municipalities the
/// people present came from (municipalities reached: the municipalities of the
/// organisations present that belong to one).
public struct AttendanceFigures: Sendable, Equatable {
    public var places: Int
    public var present: Int
    public var absent: Int
    public var lateCancelled: Int
    public var organisations: Int
    public var municipalities: Int

    public init(places: Int = 0, present: Int = 0, absent: Int = 0, lateCancelled: Int = 0, organisations: Int = 0, municipalities: Int = 0) {
        self.places = places
        self.present = present
        self.absent = absent
        self.lateCancelled = lateCancelled
        self.organisations = organisations
        self.municipalities = municipalities
    }

    public var unmarked: Int { max(0, places - present - absent - lateCancelled) }
}

/// One municipality's part in the meetings of a period: how many of its people came, to how many meetings.
public struct MunicipalityAttendance: Sendable, Equatable {
    public let municipality: MunicipalityCode
    public let name: String
    public let attendees: Int
    public let meetings: Int

    public init(municipality: MunicipalityCode, name: String, attendees: Int, meetings: Int) {
        self.municipality = municipality
        self.name = name
        self.attendees = attendees
        self.meetings = meetings
    }
}

/// An attendee's feedback as sent: a rating of 1 to 5 and an optional text (through the
/// privacy guard), every problem at once.
public struct FeedbackDraft: Sendable, Equatable {
    public var rating: String
    public var text: String

    public init(rating: String, text: String = "") {
        self.rating = rating
        self.text = text
    }

    public func validated(privacy: PrivacyGuard = .standard) throws(DomainError) -> (rating: Int, text: String) {
        var v = Validator()
        let rating = v.choice(self.rating.trimmingCharacters(in: .whitespaces), "waardering", "invalid_rating") { Int($0).flatMap { (1...5).contains($0) ? $0 : nil } }
        let text = v.text(self.text, field: "toelichting", max: 2_000, required: false)
        privacy.check(text, field: "toelichting", into: &v)
        try v.finish()
        return (rating!, text)
    }
}

/// What the feedback on a meeting adds up to: how many gave it, the ratings counted (index
/// 0 is a 1), and the texts without names, newest first.
public struct FeedbackSummary: Sendable, Equatable {
    public let count: Int
    public let ratings: [Int]
    public let texts: [String]

    public init(count: Int, ratings: [Int], texts: [String]) {
        self.count = count
        self.ratings = ratings
        self.texts = texts
    }

    /// The mean rating (nil without feedback).
    public var average: Double? {
        guard count > 0 else { return nil }
        return Double(ratings.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }) / Double(count)
    }
}

/// A meeting's report as sent: a short text (Markdown, through the privacy guard) and the
/// toolbox offerings that are its materials (by id; the use case checks they exist).
public struct MeetingReportDraft: Sendable, Equatable {
    public var report: String
    public var materials: [String]

    public init(report: String, materials: [String] = []) {
        self.report = report
        self.materials = materials
    }

    public static let maximumMaterials = 20

    public func validated(privacy: PrivacyGuard = .standard) throws(DomainError) -> (report: String, materials: [UUID]) {
        var v = Validator()
        let report = v.text(self.report, field: "verslag", max: 20_000, required: false)
        privacy.check(report, field: "verslag", into: &v)
        var materials: [UUID] = []
        for text in self.materials where !text.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let id = UUID(text: text.trimmingCharacters(in: .whitespaces)) else {
                v.add("materialen", "unknown_offering")
                continue
            }
            if !materials.contains(id) { materials.append(id) }
        }
        if materials.count > Self.maximumMaterials { v.add("materialen", "too_many_materials") }
        try v.finish()
        return (report, materials)
    }
}

extension MeetingPolicy {
    /// Whether attendance can be marked at `now`: for a published meeting that was not
    /// cancelled, from the day before it begins (check-in lists are printed ahead).
    public static func mayMarkAttendance(_ meeting: Meeting, at now: Date) -> Bool {
        meeting.status.isPublished && meeting.status != .cancelled && now >= meeting.startsAt.addingTimeInterval(-24 * 3600)
    }

    /// Whether a person whose registration is `registration` (with `attendance` as marked)
    /// may give feedback at `now`: once the meeting has ended, with a place they did not
    /// miss (not marked absent or cancelled late). Once: the store refuses a second.
    public static func mayGiveFeedback(_ meeting: Meeting, registration: RegistrationState?, attendance: Attendance?, at now: Date) -> Bool {
        meeting.status != .cancelled && meeting.status.isPublished && now >= meeting.endsAt && registration == .confirmed
            && (attendance == nil || attendance == .present)
    }
}
