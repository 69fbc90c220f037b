import Foundation

/// What to do after one attempt to deliver an event, as the NL GOV webhook guideline says:
/// any 2xx is delivered; `410 Gone` ends the subscription (the receiver retired the
/// endpoint); `429 Too Many Requests` is tried again after its `Retry-After` (seconds or
/// an HTTP date, at least the next backoff step, at most a day); anything else (another
/// status, a refused connection, a timeout, a redirect, which is never followed) is tried
/// again after 10 s, 1 min, 5 min, 30 min, 2 h, 6 h and 12 h, then given up (about 21
/// hours in all), to be sent again by hand from the delivery log.
public enum WebhookDeliveryPolicy {
    public static let backoff: [TimeInterval] = [10, 60, 300, 1800, 2 * 3600, 6 * 3600, 12 * 3600]
    /// The longest `Retry-After` honoured.
    public static let longestWait: TimeInterval = 24 * 3600

    /// How an attempt ended: the receiver's status and its `Retry-After`, or no answer.
    public enum Outcome: Sendable, Equatable {
        case answered(status: Int, retryAfter: String?)
        case noAnswer(String)
    }

    public enum Decision: Sendable, Equatable {
        case delivered
        case retry(at: Date)
        case giveUp
        /// The receiver answered 410: end the subscription.
        case endSubscription
    }

    /// The decision after attempt number `attempts + 1` (`attempts` before it) ended in `outcome` at `now`.
    public static func decide(_ outcome: Outcome, attempts: Int, now: Date) -> Decision {
        if case .answered(let status, _) = outcome {
            if (200...299).contains(status) { return .delivered }
            if status == 410 { return .endSubscription }
        }
        guard attempts < backoff.count else { return .giveUp }
        var wait = backoff[attempts]
        if case .answered(429, let retryAfter?) = outcome, let asked = seconds(retryAfter, now: now) {
            wait = min(max(wait, asked), longestWait)
        }
        return .retry(at: now.addingTimeInterval(wait))
    }

    /// A `Retry-After` value in seconds from `now`: delta-seconds or an HTTP date (RFC 9110).
    public static func seconds(_ retryAfter: String, now: Date) -> TimeInterval? {
        let text = retryAfter.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text), seconds >= 0 { return TimeInterval(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
