import Foundation

/// A circle as the unit writes it: title, what it works on, its needs and status. Every
/// problem at once; the privacy guard on every text.
public struct CircleDraft: Sendable, Equatable {
    public var title: String
    public var description: String
    public var needs: [String]
    public var status: String

    public init(title: String, description: String = "", needs: [String] = [], status: String = CircleStatus.active.rawValue) {
        self.title = title
        self.description = description
        self.needs = needs
        self.status = status
    }

    public struct Valid: Sendable, Equatable {
        public let title: String
        public let description: String
        public let needs: [NeedCode]
        public let status: CircleStatus
    }

    public func validated(knownNeeds: Set<NeedCode>, privacy: PrivacyGuard = .standard) throws(DomainError) -> Valid {
        var v = Validator()
        let title = v.text(self.title, field: "titel", max: 150)
        privacy.check(title, field: "titel", into: &v)
        let description = v.text(self.description, field: "beschrijving", max: 20_000, required: false)
        privacy.check(description, field: "beschrijving", into: &v)
        let needs = NeedCode.parse(self.needs.map { $0.trimmingCharacters(in: .whitespaces) }, known: knownNeeds, into: &v)
        v.check(!needs.isEmpty || self.needs.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty }, "behoeften", "required")
        let status = v.choice(self.status, "status", "invalid_circle_status", CircleStatus.init(rawValue:))
        try v.finish()
        return Valid(title: title, description: description, needs: needs, status: status!)
    }
}

/// What a person writes with a circle: a request to join (its motivation), a reason for a
/// refusal, a note in the space. One check for each, through the privacy guard.
public enum CircleText {
    public static func motivation(_ text: String, privacy: PrivacyGuard = .standard) throws(DomainError) -> String {
        var v = Validator()
        let motivation = v.text(text, field: "motivatie", max: 2_000, required: false)
        privacy.check(motivation, field: "motivatie", into: &v)
        try v.finish()
        return motivation
    }

    public static func reason(_ text: String, required: Bool, privacy: PrivacyGuard = .standard) throws(DomainError) -> String {
        var v = Validator()
        let reason = v.text(text, field: "reden", max: 500, required: required)
        privacy.check(reason, field: "reden", into: &v)
        try v.finish()
        return reason
    }

    public static func note(kind: String, text: String, privacy: PrivacyGuard = .standard) throws(DomainError) -> (CircleNoteKind, String) {
        var v = Validator()
        let kind = v.choice(kind, "soort", "invalid_note_kind", CircleNoteKind.init(rawValue:))
        let text = v.text(text, field: "tekst", max: 10_000)
        privacy.check(text, field: "tekst", into: &v)
        try v.finish()
        return (kind!, text)
    }
}

/// Who may do what with learning circles. The unit keeps them (creates, proposes, invites,
/// decides on requests, links results, plans sessions); municipalities ask to join and
/// answer invitations; the people of member organisations and the unit read and write the
/// circle's space. Nobody else reads a circle's members or space.
public enum CirclePolicy {
    /// The unit's advisers and coordinators keep every circle.
    public static func mayKeep(_ user: User?) -> Bool {
        guard let user, user.isActive else { return false }
        return user.role == .unitAdvisor || user.role == .unitCoordinator
    }

    /// Whether `user` may see that `circle` exists (its title, theme, needs, status, the
    /// number of members): signed in, and for a proposed circle only the unit and the
    /// organisations invited (`membership` is the reader's organisation's).
    public static func mayRead(_ circle: Circle, as user: User?, membership: MembershipState?) -> Bool {
        guard let user, user.isActive else { return false }
        if mayKeep(user) { return true }
        if circle.status == .proposed { return membership == .invited || membership == .member }
        return true
    }

    /// Whether `user` may read and write the circle's space (members, notes, results,
    /// sessions' people): the unit, and people of a member organisation.
    public static func mayUseSpace(as user: User?, membership: MembershipState?) -> Bool {
        guard let user, user.isActive else { return false }
        return mayKeep(user) || membership == .member
    }

    /// Why the organisation of `user` (of `kind`) may not ask to join `circle` while it
    /// stands as `membership`, or nil when it may: municipalities' officials, for an active
    /// circle, not while already asked, invited or a member.
    public static func refusal(toAsk user: User?, kind: OrganisationKind?, circle: Circle, membership: MembershipState?) -> String? {
        guard let user, user.isActive, user.role == .municipalOfficial, kind == .municipality else { return "not_a_municipality" }
        guard circle.status == .active else { return "circle_not_active" }
        if let membership, !membership.isOpenToAsk { return membership == .member ? "already_member" : "already_asked" }
        return nil
    }

    /// Whether `user` may answer an invitation or leave for their organisation: its officials.
    public static func mayAnswerFor(_ organisation: OrganisationID, as user: User?) -> Bool {
        guard let user, user.isActive else { return false }
        return user.role == .municipalOfficial && user.organisation == organisation
    }
}
