/// The rules a new password must meet (BIO2 8.05: length over complexity).
public enum PasswordPolicy {
    public static let minimumLength = 12
    public static let maximumLength = 128

    /// Returns the problems with a password; an empty list means it is acceptable.
    /// `commonPasswords` is a set of lower-cased passwords that are refused outright.
    public static func problems(_ password: String, email: String? = nil, commonPasswords: Set<String> = []) -> [FieldError] {
        var v = Validator()
        v.check(password.count >= minimumLength, "wachtwoord", "password_too_short")
        v.check(password.count <= maximumLength, "wachtwoord", "too_long")
        v.check(!commonPasswords.contains(password.lowercased()), "wachtwoord", "password_too_common")
        if let email, let local = email.split(separator: "@").first, local.count >= 4 {
            v.check(!password.lowercased().contains(local.lowercased()), "wachtwoord", "password_contains_email")
        }
        return v.errors
    }
}
