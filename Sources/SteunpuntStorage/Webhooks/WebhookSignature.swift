import Crypto
import Foundation

/// The signature a webhook receiver checks to know a delivery comes from this system and
/// was not changed, whatever the network: the Standard Webhooks scheme (no Dutch standard
/// has one). Three headers: `webhook-id` (the event's id, the same on every attempt),
/// `webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature`
/// (`v1,` + base64 of HMAC-SHA256 over `id.timestamp.body`, keyed with the subscription's
/// secret). The secret is shown once as `whsec_` + base64 of 32 random bytes.
public enum WebhookSignature {
    public static let prefix = "whsec_"

    /// A new secret for a subscription.
    public static func newSecret() -> String {
        prefix + Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedString()
    }

    /// The key of a secret (`whsec_…`); nil when it is not one.
    static func key(_ secret: String) -> SymmetricKey? {
        guard secret.hasPrefix(prefix), let data = Data(base64Encoded: String(secret.dropFirst(prefix.count))), data.count >= 24 else { return nil }
        return SymmetricKey(data: data)
    }

    /// The three headers for one attempt to deliver `body`.
    public static func headers(id: String, timestamp: Date, body: Data, secret: String) -> [(name: String, value: String)] {
        let seconds = String(Int(timestamp.timeIntervalSince1970))
        return [("webhook-id", id), ("webhook-timestamp", seconds), ("webhook-signature", "v1," + sign(id: id, timestamp: seconds, body: body, secret: secret))]
    }

    /// base64 of HMAC-SHA256(key, "id.timestamp.body"); empty for a malformed secret.
    public static func sign(id: String, timestamp: String, body: Data, secret: String) -> String {
        guard let key = key(secret) else { return "" }
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(body)
        return Data(HMAC<SHA256>.authenticationCode(for: message, using: key)).base64EncodedString()
    }

    /// What a receiver does: true when one of the space-separated `v1,` signatures matches
    /// and the timestamp is within `tolerance` of `now` (against replays).
    public static func verify(id: String, timestamp: String, signatures: String, body: Data, secret: String, now: Date,
                              tolerance: TimeInterval = 300) -> Bool {
        guard let seconds = TimeInterval(timestamp), abs(now.timeIntervalSince1970 - seconds) <= tolerance, let key = key(secret) else { return false }
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(body)
        return signatures.split(separator: " ").contains { candidate in
            guard candidate.hasPrefix("v1,"), let given = Data(base64Encoded: String(candidate.dropFirst(3))) else { return false }
            return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: message, using: key)
        }
    }
}
