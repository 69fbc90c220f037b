import Foundation
import HummingbirdOTP
import SteunpuntApp

/// RFC 6238 codes over hummingbird-auth's TOTP (SHA-1, six digits, 30-second steps), and
/// what the enrolment page shows: the QR code's link and the key to type. The rules of
/// the second step are `OneTimeCodes` in the application layer.
enum TOTPVerifier {
    /// The code an app shows for `secret` in time step `step`.
    static func code(secret: String, step: Int) -> String {
        let value = TOTP(secret: secret).compute(date: Date(timeIntervalSince1970: Double(step) * OneTimeCodes.step))
        return String(format: "%06d", value)
    }

    /// The application layer's second-step rules with this computation.
    static let codes = OneTimeCodes(compute: code)

    static func currentStep(at date: Date) -> Int { OneTimeCodes.currentStep(at: date) }

    static func matchingStep(code typed: String, secret: String, at date: Date) -> Int? {
        codes.matchingStep(code: typed, secret: secret, at: date)
    }

    /// The `otpauth://` link an app reads from the QR code.
    static func enrolmentURI(secret: String, account: String) -> String {
        TOTP(secret: secret).createAuthenticatorURL(label: "Steunpunt:\(account)", issuer: "Steunpunt")
    }

    /// The key as a person types it into an app: base32, in groups of four.
    static func displayKey(secret: String) -> String {
        let uri = TOTP(secret: secret).createAuthenticatorURL(label: "x")
        let key = uri.components(separatedBy: "secret=").last?.components(separatedBy: "&").first ?? ""
        return stride(from: 0, to: key.count, by: 4).map { start in
            let from = key.index(key.startIndex, offsetBy: start)
            return String(key[from..<(key.index(from, offsetBy: 4, limitedBy: key.endIndex) ?? key.endIndex)])
        }.joined(separator: " ")
    }
}
