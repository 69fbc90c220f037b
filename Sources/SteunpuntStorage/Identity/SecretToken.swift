import Crypto
import Foundation

/// Random bearer secrets (session cookies, API tokens, CSRF tokens) and the digest under
/// which they are stored: a stolen database holds no usable secret.
public enum SecretToken {
    /// 32 random bytes as unpadded base64url (43 characters), with an optional prefix
    /// that tells a leaked secret's kind at a glance (`spt_` for API tokens).
    public static func generate(prefix: String = "", using generator: inout some RandomNumberGenerator) -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func generate(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(prefix: prefix, using: &generator)
    }

    /// SHA-256 of the secret, hex encoded.
    public static func digest(_ secret: String) -> String {
        digest(bytes: Data(secret.utf8))
    }

    /// SHA-256 of any bytes, lower-case hex: the one digest form secrets, the audit chain
    /// and stored documents share.
    public static func digest(bytes: some DataProtocol) -> String {
        hex(SHA256.hash(data: bytes))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hex, two digits a byte, from a table: formatting each byte with
    /// `String(format:)` cost 3 % of an API request's time (issue 17).
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
