import Foundation

/// A person who signs in. A user belongs to one organisation and holds one role there.
public struct User: Equatable, Sendable {
    public var id: UUID
    public var email: String
    public var name: String
    public var organisation: OrganisationID
    public var role: Role
    public var isActive: Bool
    public var createdAt: Date

    public init(id: UUID, email: String, name: String, organisation: OrganisationID, role: Role, isActive: Bool = true, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.organisation = organisation
        self.role = role
        self.isActive = isActive
        self.createdAt = createdAt
    }
}

/// Input to create a user, validated as a whole. The password is checked by `PasswordPolicy`.
public struct UserDraft: Sendable, Equatable {
    public var email: String
    public var name: String
    public var organisation: String
    public var role: String

    public init(email: String, name: String, organisation: String, role: String) {
        self.email = email
        self.name = name
        self.organisation = organisation
        self.role = role
    }

    public struct Valid: Sendable, Equatable {
        public let email: String
        public let name: String
        public let organisation: OrganisationID
        public let role: Role
    }

    /// Checks the fields on their own. That the organisation exists and the role fits its
    /// kind is checked by `validate(organisationKind:)` once the organisation is looked up.
    public func validated(privacy: PrivacyGuard = .standard) throws(DomainError) -> Valid {
        var v = Validator()
        let email = EmailAddress.normalise(self.email)
        let name = v.text(self.name, field: "naam", max: 200)
        privacy.check(name, field: "naam", into: &v)
        if email.isEmpty { v.add("email", "required") } else { v.check(EmailAddress.isValid(email), "email", "invalid_email") }
        let organisation = v.choice(self.organisation, "organisatie", "invalid_organisation_id") { OrganisationID($0) }
        let role = v.choice(self.role, "rol", "invalid_role", Role.init(rawValue:))
        try v.finish()
        return Valid(email: email, name: name, organisation: organisation!, role: role!)
    }
}

extension UserDraft.Valid {
    /// Refuses a role that does not belong in this kind of organisation (an advisor at a school).
    public func check(organisationKind: OrganisationKind?) throws(DomainError) {
        guard let kind = organisationKind else { throw .invalid([FieldError(field: "organisatie", code: "unknown_organisation")]) }
        if !role.fits(kind) { throw .invalid([FieldError(field: "rol", code: "role_does_not_fit_organisation")]) }
    }
}

/// E-mail addresses are compared in lower case and checked for a plausible form only:
/// the real check is that mail arrives.
public enum EmailAddress {
    public static func normalise(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    public static func isValid(_ text: String) -> Bool {
        guard text.count <= 254, !text.contains(where: { $0.isWhitespace }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].count >= 3 else { return false }
        let domain = parts[1]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("..")
    }
}
