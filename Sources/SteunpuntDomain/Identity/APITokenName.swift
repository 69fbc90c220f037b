import Foundation

/// The name a personal API token is given (what it is for), shown in its owner's list and
/// echoed when it is made: free text like any other, so it passes the privacy guard.
public enum APITokenName {
    public static let maxLength = 100

    /// The trimmed name, recording `required`, `too_long` or a personal identifier on `field`.
    public static func validated(_ text: String?, field: String = "naam", privacy: PrivacyGuard = .standard, into validator: inout Validator) -> String {
        let name = validator.text(text, field: field, max: maxLength)
        privacy.check(name, field: field, into: &validator)
        return name
    }
}
