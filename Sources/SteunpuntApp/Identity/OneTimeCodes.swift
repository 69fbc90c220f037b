import Foundation
import SteunpuntStorage

/// Time-based one-time passwords (RFC 6238: six digits, 30-second steps, what every
/// authenticator app speaks) and recovery codes: the rules of the second step. How one
/// code is computed comes from the web layer (hummingbird-auth's TOTP), as `compute`.
package struct OneTimeCodes: Sendable {
    package static let step: TimeInterval = 30
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    /// The code an app shows for a secret in a time step.
    package let compute: @Sendable (_ secret: String, _ step: Int) -> String

    package init(compute: @escaping @Sendable (_ secret: String, _ step: Int) -> String) {
        self.compute = compute
    }

    package static func currentStep(at date: Date) -> Int { Int(date.timeIntervalSince1970 / step) }

    /// The step a typed code belongs to, allowing one step of clock drift either way.
    package func matchingStep(code typed: String, secret: String, at date: Date) -> Int? {
        let digits = typed.filter(\.isNumber)
        guard digits.count == 6 else { return nil }
        let now = Self.currentStep(at: date)
        return [now, now - 1, now + 1].first { compute(secret, $0) == digits }
    }

    /// A new secret: 20 random characters (about 100 bits).
    package static func newSecret(using generator: inout some RandomNumberGenerator) -> String {
        String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }

    package static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return newSecret(using: &generator)
    }

    /// Ten one-time recovery codes, `xxxx-xxxx` from an alphabet without look-alikes.
    package static func recoveryCodes() -> [String] {
        var generator = SystemRandomNumberGenerator()
        let letters = Array("abcdefghjkmnpqrstuvwxyz23456789")
        return (0..<10).map { _ in
            let chars = (0..<8).map { _ in letters.randomElement(using: &generator)! }
            return String(chars[0..<4]) + "-" + String(chars[4..<8])
        }
    }

    /// What a typed second-step code turned out to be.
    package enum Result: Equatable, Sendable {
        case rejected, totp, recoveryCode
    }

    /// Checks a typed code for a user with two-step verification on: a TOTP code not used
    /// before, else an unused recovery code (which is used up).
    package func accept(code typed: String, user: UUID, in mfa: MFAStore, at now: Date) async throws -> Result {
        guard let status = try await mfa.status(user: user), status.isEnabled else { return .rejected }
        if let step = matchingStep(code: typed, secret: status.secret, at: now) {
            return try await mfa.use(user: user, step: step) ? .totp : .rejected
        }
        return try await mfa.useRecoveryCode(user: user, code: typed, at: now) ? .recoveryCode : .rejected
    }
}
