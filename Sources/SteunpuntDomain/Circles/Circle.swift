import Foundation

/// Where a learning circle (leerkring) stands (issue 19).
public enum CircleStatus: String, CaseIterable, Codable, Sendable {
    /// Proposed by the unit to municipalities that named the same need: they are invited,
    /// and may accept; nobody but the unit and the invited reads it yet.
    case proposed = "voorgesteld"
    /// Meeting: members take part in its sessions and its space; others may ask to join.
    case active = "actief"
    /// Finished: its space and results stay readable for its members and the unit.
    case closed = "afgesloten"
}

/// A learning circle: municipalities (and their professionals) working on one theme over a
/// series of sessions, supported by the unit. Its members are organisations; their people
/// take part. The theme and the needs are public to everyone signed in (so others can ask
/// to join); who the members are, the space's notes and its sessions' registrations are
/// not.
public struct Circle: Sendable, Equatable {
    public var id: UUID
    public var title: String
    /// What the circle works on (Markdown, as the toolbox's texts; through the privacy guard).
    public var description: String
    /// The needs of the shared taxonomy it is about.
    public var needs: [NeedCode]
    public var status: CircleStatus
    /// Raised on every change (optimistic locking).
    public var version: Int
    public var createdBy: UUID
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, title: String, description: String, needs: [NeedCode], status: CircleStatus, version: Int = 1,
                createdBy: UUID, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.title = title
        self.description = description
        self.needs = needs
        self.status = status
        self.version = version
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Where an organisation stands with a circle.
public enum MembershipState: String, CaseIterable, Codable, Sendable {
    /// It asked to join; the unit decides.
    case requested = "aangevraagd"
    /// The unit invited it; the organisation decides.
    case invited = "uitgenodigd"
    case member = "lid"
    /// A request refused by the unit, or an invitation declined by the organisation.
    case declined = "afgewezen"
    /// It left, or the unit ended its membership.
    case left = "vertrokken"

    /// Whether a new request or invitation may replace this one.
    public var isOpenToAsk: Bool { self == .declined || self == .left }
}

/// An organisation's membership of a circle, with who asked and who decided, and why.
public struct Membership: Sendable, Equatable {
    public var circle: UUID
    public var organisation: OrganisationID
    public var state: MembershipState
    /// Why the organisation wants to join (its request; guarded free text).
    public var motivation: String
    public var requestedBy: UUID?
    public var decidedBy: UUID?
    public var decidedAt: Date?
    /// The reason of a refusal or an end (guarded free text).
    public var reason: String
    public var createdAt: Date
    public var changedAt: Date

    public init(circle: UUID, organisation: OrganisationID, state: MembershipState, motivation: String = "", requestedBy: UUID? = nil,
                decidedBy: UUID? = nil, decidedAt: Date? = nil, reason: String = "", createdAt: Date, changedAt: Date) {
        self.circle = circle
        self.organisation = organisation
        self.state = state
        self.motivation = motivation
        self.requestedBy = requestedBy
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.reason = reason
        self.createdAt = createdAt
        self.changedAt = changedAt
    }
}

/// What a note in a circle's members-only space is.
public enum CircleNoteKind: String, CaseIterable, Codable, Sendable {
    case note = "aantekening"
    /// A lesson learned, which the circle's results build on.
    case lesson = "geleerde-les"
}

/// A note in a circle's space: by a member's person or the unit; never changed, only added.
public struct CircleNote: Sendable, Equatable {
    public var id: UUID
    public var circle: UUID
    public var kind: CircleNoteKind
    public var text: String
    public var author: UUID
    public var organisation: OrganisationID
    public var createdAt: Date

    public init(id: UUID, circle: UUID, kind: CircleNoteKind, text: String, author: UUID, organisation: OrganisationID, createdAt: Date) {
        self.id = id
        self.circle = circle
        self.kind = kind
        self.text = text
        self.author = author
        self.organisation = organisation
        self.createdAt = createdAt
    }
}
