import Foundation

/// What kind of gathering a meeting is (issue 19): the NCTV's regional knowledge meetings,
/// a learning circle's sessions, trainings, webinars.
public enum MeetingKind: String, CaseIterable, Codable, Sendable {
    case regionalMeeting = "regionale-kennisbijeenkomst"
    case circleSession = "leerkring-sessie"
    case training = "training"
    case webinar = "webinar"
}

/// The status an organiser sets. Whether an open meeting is full follows from its
/// registrations (`Meeting.State`), so it is not stored.
public enum MeetingStatus: String, CaseIterable, Codable, Sendable {
    /// Being prepared: seen by its organisers and the unit only.
    case draft = "concept"
    /// Published: registration follows the registration window.
    case open = "open"
    /// Published, registration closed by the organiser.
    case closed = "gesloten"
    case cancelled = "geannuleerd"
    /// It took place (attendance and the report follow).
    case held = "gehouden"

    public var isPublished: Bool { self != .draft }
}

/// A meeting (bijeenkomst): kind, texts, organiser, whom it is for, where, when (stored as
/// instants; entered and shown in Europe/Amsterdam), places and the registration window.
public struct Meeting: Sendable, Equatable {
    public var id: UUID
    public var kind: MeetingKind
    public var title: String
    /// Markdown, as the toolbox's texts.
    public var description: String
    public var organiser: OrganisationID
    /// The provinces and municipalities it is for (both empty: the whole country).
    public var provinces: [Province]
    public var municipalities: [MunicipalityCode]
    /// The kinds of organisation whose people may register (empty: every kind).
    public var audience: [OrganisationKind]
    public var venue: String
    /// Shown to people with a place and to organisers only.
    public var onlineLink: URL?
    public var startsAt: Date
    public var endsAt: Date
    public var capacity: Int
    /// At most this many places for the people of one organisation (nil: no limit).
    public var perOrganisation: Int?
    public var registrationOpensAt: Date?
    public var registrationClosesAt: Date
    /// Until when a registrant may cancel themselves.
    public var cancellationDeadline: Date
    /// How long a place offered from the waiting list is held for the person it is offered to.
    public var offerHoldHours: Int
    public var visibility: Visibility
    public var status: MeetingStatus
    /// Raised on every change (optimistic locking).
    public var version: Int
    /// Raised on every change a calendar must show again (time, place, status): iCalendar's `SEQUENCE`.
    public var sequence: Int
    public var createdBy: UUID
    public var createdAt: Date
    public var updatedAt: Date
    /// A short report written after the meeting (Markdown, through the privacy guard).
    public var report: String
    /// The learning circle whose session this is: only its members' people register.
    public var circle: UUID?

    public init(id: UUID, kind: MeetingKind, title: String, description: String, organiser: OrganisationID, provinces: [Province] = [],
                municipalities: [MunicipalityCode] = [], audience: [OrganisationKind] = [], venue: String, onlineLink: URL? = nil,
                startsAt: Date, endsAt: Date, capacity: Int, perOrganisation: Int? = nil, registrationOpensAt: Date? = nil,
                registrationClosesAt: Date, cancellationDeadline: Date, offerHoldHours: Int = 48, visibility: Visibility = .signedIn,
                status: MeetingStatus, version: Int = 1, sequence: Int = 0, createdBy: UUID, createdAt: Date, updatedAt: Date, report: String = "", circle: UUID? = nil) {
        self.id = id
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
        self.version = version
        self.sequence = sequence
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.report = report
        self.circle = circle
    }

    /// What a reader is told about registering, from the status, the window and the places taken.
    public enum State: String, Sendable, Equatable {
        case draft = "concept"
        case notYetOpen = "nog-niet-open"
        case open = "open"
        /// Every place taken: new registrations join the waiting list.
        case full = "vol"
        case closed = "gesloten"
        case cancelled = "geannuleerd"
        case held = "gehouden"
    }

    /// The state at `now` with `taken` places confirmed or offered and `waiting` people on the list.
    public func state(at now: Date, taken: Int, waiting: Int) -> State {
        switch status {
        case .draft: return .draft
        case .cancelled: return .cancelled
        case .held: return .held
        case .closed: return .closed
        case .open:
            if now >= registrationClosesAt || now >= startsAt { return .closed }
            if let opens = registrationOpensAt, now < opens { return .notYetOpen }
            return taken >= capacity || waiting > 0 ? .full : .open
        }
    }

    /// Whether the changes from `old` to this one are ones a calendar must show again.
    public func changesCalendar(from old: Meeting) -> Bool {
        title != old.title || startsAt != old.startsAt || endsAt != old.endsAt || venue != old.venue || onlineLink != old.onlineLink
            || status != old.status || description != old.description
    }
}
