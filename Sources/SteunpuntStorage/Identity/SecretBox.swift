import Crypto
import Foundation

/// Encrypts secrets the server must read back (TOTP keys) with AES-256-GCM under a key
/// kept outside the database, so a stolen database or backup holds no usable key.
/// Stored form: `enc1:` + base64(nonce ‖ ciphertext ‖ tag).
public struct SecretBox: Sendable {
    public static let keyLength = 32
    private static let prefix = "enc1:"
    private let key: SymmetricKey

    /// A box over 32 key bytes.
    public init(key: Data) throws {
        guard key.count == Self.keyLength else { throw SecretBoxError.badKeyLength(key.count) }
        self.key = SymmetricKey(data: key)
    }

    /// A new random key, as the bytes to keep.
    public static func newKey() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }

    public func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key)
        guard let combined = box.combined else { throw SecretBoxError.cannotOpen }
        return Self.prefix + combined.base64EncodedString()
    }

    /// Opens a stored value; a value without the prefix (stored before encryption) is returned as it is.
    public func open(_ stored: String) throws -> String {
        guard stored.hasPrefix(Self.prefix) else { return stored }
        guard let combined = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))),
              let box = try? AES.GCM.SealedBox(combined: combined),
              let plain = try? AES.GCM.open(box, using: key),
              let text = String(data: plain, encoding: .utf8) else { throw SecretBoxError.cannotOpen }
        return text
    }

    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(prefix) }

    /// A key for another purpose, derived from this one (HKDF-SHA256), so one key file
    /// serves both and neither use reveals the other's key.
    func derivedKey(for purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data(purpose.utf8), outputByteCount: 32)
    }
}

public enum SecretBoxError: Error, Equatable, CustomStringConvertible {
    case badKeyLength(Int)
    /// The stored value was encrypted under another key, or altered.
    case cannotOpen

    public var description: String {
        switch self {
        case .badKeyLength(let count): "the encryption key must be \(SecretBox.keyLength) bytes, not \(count)"
        case .cannotOpen: "a stored secret cannot be decrypted with the configured key (STEUNPUNT_ENCRYPTION_KEY)"
        }
    }
}
