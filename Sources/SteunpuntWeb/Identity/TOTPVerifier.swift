import Foundation
import HummingbirdOTP
import SteunpuntStorage

/// Time-based one-time passwords (RFC 6238: SHA-1, six digits, 30-second steps, what
/// every authenticator app speaks), over hummingbird-auth's TOTP.
enum TOTPVerifier {
    static let step: TimeInterval = 30
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    /// A new secret: 20 random characters (about 100 bits).
    static func newSecret(using generator: inout some RandomNumberGenerator) -> String {
        String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }

    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return newSecret(using: &generator)
    }

    /// The code an app shows for `secret` in time step `step`.
    static func code(secret: String, step: Int) -> String {
        let value = TOTP(secret: secret).compute(date: Date(timeIntervalSince1970: Double(step) * Self.step))
        return String(format: "%06d", value)
    }

    static func currentStep(at date: Date) -> Int { Int(date.timeIntervalSince1970 / step) }

    /// The step a typed code belongs to, allowing one step of clock drift either way.
    static func matchingStep(code typed: String, secret: String, at date: Date) -> Int? {
        let digits = typed.filter(\.isNumber)
        guard digits.count == 6 else { return nil }
        let now = currentStep(at: date)
        return [now, now - 1, now + 1].first { code(secret: secret, step: $0) == digits }
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

    /// Ten one-time recovery codes, `xxxx-xxxx` from an alphabet without look-alikes.
    static func recoveryCodes() -> [String] {
        var generator = SystemRandomNumberGenerator()
        let letters = Array("abcdefghjkmnpqrstuvwxyz23456789")
        return (0..<10).map { _ in
            let chars = (0..<8).map { _ in letters.randomElement(using: &generator)! }
            return String(chars[0..<4]) + "-" + String(chars[4..<8])
        }
    }
}

/// What a typed second-step code turned out to be.
enum SecondStepResult: Equatable {
    case rejected, totp, recoveryCode
}

extension MFAStore {
    /// Checks a typed code for a user with two-step verification on: a TOTP code not used
    /// before, else an unused recovery code (which is used up).
    func accept(code typed: String, user: UUID, at now: Date) async throws -> SecondStepResult {
        guard let status = try await status(user: user), status.isEnabled else { return .rejected }
        if let step = TOTPVerifier.matchingStep(code: typed, secret: status.secret, at: now) {
            return try await use(user: user, step: step) ? .totp : .rejected
        }
        return try await useRecoveryCode(user: user, code: typed, at: now) ? .recoveryCode : .rejected
    }
}
