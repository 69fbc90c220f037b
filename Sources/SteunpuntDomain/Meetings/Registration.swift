import Foundation

/// Where a registration stands. A place is taken by `confirmed` and by `offered` (held for
/// the person until the offer expires); `waiting` is the waiting list in arrival order.
public enum RegistrationState: String, CaseIterable, Codable, Sendable {
    case confirmed = "bevestigd"
    case waiting = "wachtlijst"
    /// A freed place held for the first person waiting, until `offerExpiresAt`.
    case offered = "aangeboden"
    case cancelled = "geannuleerd"
    /// An offer not accepted in time: the place passed on.
    case expired = "verlopen"

    public var takesPlace: Bool { self == .confirmed || self == .offered }
    public var isActive: Bool { self == .confirmed || self == .offered || self == .waiting }
}

/// One person's registration for a meeting, for themselves, on behalf of their organisation.
public struct Registration: Sendable, Equatable {
    public var id: UUID
    public var meeting: UUID
    public var person: UUID
    public var organisation: OrganisationID
    /// Dietary or accessibility needs (free text, through the privacy guard).
    public var needs: String
    public var state: RegistrationState
    /// Arrival order within the meeting: the waiting list's order.
    public var position: Int
    public var offerExpiresAt: Date?
    public var createdAt: Date
    public var changedAt: Date
    /// Whether they came, as the organiser marked it (nil: not marked).
    public var attendance: Attendance?
    /// Colleagues registered together share a group (the first one's id): they wait and
    /// are offered places together, in consecutive positions.
    public var group: UUID?

    public init(id: UUID, meeting: UUID, person: UUID, organisation: OrganisationID, needs: String, state: RegistrationState, position: Int,
                offerExpiresAt: Date? = nil, createdAt: Date, changedAt: Date, attendance: Attendance? = nil, group: UUID? = nil) {
        self.id = id
        self.meeting = meeting
        self.person = person
        self.organisation = organisation
        self.needs = needs
        self.state = state
        self.position = position
        self.offerExpiresAt = offerExpiresAt
        self.createdAt = createdAt
        self.changedAt = changedAt
        self.attendance = attendance
        self.group = group
    }
}

/// The places of a meeting at one moment: how many are taken, how many wait, how many
/// the registrant's organisation holds.
public struct Seating: Sendable, Equatable {
    public var capacity: Int
    public var taken: Int
    public var waiting: Int

    public init(capacity: Int, taken: Int, waiting: Int) {
        self.capacity = capacity
        self.taken = taken
        self.waiting = waiting
    }

    /// Where a new registration goes: a place when one is free and nobody waits for it
    /// (nobody passes the queue), otherwise the waiting list.
    public var newcomer: RegistrationState { newcomers(1) }

    /// Where `size` colleagues registering together go: places for all of them when there
    /// are enough and nobody waits, otherwise the waiting list, together.
    public func newcomers(_ size: Int) -> RegistrationState { taken + size <= capacity && waiting == 0 ? .confirmed : .waiting }

    /// How many places can be offered to people waiting.
    public var free: Int { max(0, capacity - taken) }
}

/// A registration as sent: the needs text, checked by the privacy guard, and the e-mail
/// addresses of colleagues of one's own organisation who come too (a group entry: at most
/// `maximumColleagues`, registered, waiting and offered places together).
public struct RegistrationDraft: Sendable, Equatable {
    public var needs: String
    public var colleagues: [String]

    public static let maximumColleagues = 4

    public init(needs: String = "", colleagues: [String] = []) {
        self.needs = needs
        self.colleagues = colleagues
    }

    public func validated(privacy: PrivacyGuard = .standard) throws(DomainError) -> (needs: String, colleagues: [String]) {
        var v = Validator()
        let needs = v.text(self.needs, field: "behoeften", max: 500, required: false)
        privacy.check(needs, field: "behoeften", into: &v)
        var colleagues: [String] = []
        for text in self.colleagues {
            let email = EmailAddress.normalise(text)
            guard !email.isEmpty else { continue }
            if !EmailAddress.isValid(email) { v.add("collegas", "invalid_email") } else if !colleagues.contains(email) { colleagues.append(email) }
        }
        if colleagues.count > Self.maximumColleagues { v.add("collegas", "too_many_colleagues") }
        try v.finish()
        return (needs, colleagues)
    }
}

/// Who may see and do what with meetings (need-to-know).
public enum MeetingPolicy {
    /// Who may organise meetings: the unit, and the desks of the national government and
    /// the VNG (their organisations organise regional meetings).
    public static func mayOrganise(_ user: User?) -> Bool {
        guard let user, user.isActive else { return false }
        return [.unitAdvisor, .unitCoordinator, .deskAgent].contains(user.role)
    }

    /// Whether `user` keeps `meeting`: the unit keeps every meeting; a desk agent those of their organisation.
    public static func mayManage(_ meeting: Meeting, as user: User?) -> Bool {
        guard let user, mayOrganise(user) else { return false }
        return user.role == .unitAdvisor || user.role == .unitCoordinator || meeting.organiser == user.organisation
    }

    /// Whether `user` may create a meeting organised by `organiser`: the unit for any organiser, others for their own.
    public static func mayCreate(for organiser: OrganisationID, as user: User?) -> Bool {
        guard let user, mayOrganise(user) else { return false }
        return user.role == .unitAdvisor || user.role == .unitCoordinator || organiser == user.organisation
    }

    /// Whether `user` (nil: a visitor) may read `meeting`: drafts only its keepers; published
    /// ones by visibility.
    public static func mayRead(_ meeting: Meeting, as user: User?) -> Bool {
        if mayManage(meeting, as: user) { return true }
        guard meeting.status.isPublished else { return false }
        return meeting.visibility == .publicAccess || user != nil
    }

    /// Why `user` of an organisation of `kind` in `municipality`/`province` may not register
    /// for `meeting`, or nil when they may. The audience limits organisation kinds; a
    /// meeting for provinces or municipalities limits municipalities to those; a learning
    /// circle's session is for the people of its member organisations (`circleMember`).
    public static func refusal(toRegister user: User, kind: OrganisationKind, municipality: MunicipalityCode?, province: Province?,
                               circleMember: Bool = false, for meeting: Meeting) -> String? {
        guard user.isActive, mayRead(meeting, as: user) else { return "not_found" }
        if meeting.circle != nil && !circleMember { return "not_a_circle_member" }
        if !meeting.audience.isEmpty && !meeting.audience.contains(kind) { return "not_in_audience" }
        if kind == .municipality, !(meeting.provinces.isEmpty && meeting.municipalities.isEmpty) {
            let inMunicipalities = municipality.map { meeting.municipalities.contains($0) } ?? false
            let inProvinces = province.map { meeting.provinces.contains($0) } ?? false
            if !inMunicipalities && !inProvinces { return "not_in_region" }
        }
        return nil
    }

    /// Whether the online link is shown: to people with a place (confirmed) and to the meeting's keepers.
    public static func showsOnlineLink(_ meeting: Meeting, to user: User?, registration: RegistrationState?) -> Bool {
        mayManage(meeting, as: user) || registration == .confirmed
    }
}
