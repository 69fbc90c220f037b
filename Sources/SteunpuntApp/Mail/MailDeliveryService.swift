import Foundation
import Logging
import Metrics
import ServiceLifecycle
import SteunpuntMail
import SteunpuntStorage

/// Hands the outbox to the mail server: every few seconds it sends what is due, one
/// connection per message. A refused message (5xx) is given up at once; a lost connection
/// or a 4xx is tried again later (1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h), then given up.
/// Sent and failed entries are removed after 30 days.
package struct MailDeliveryService: BackgroundJob {
    /// Given by `BackgroundServices.all` when instances share a database.
    package var lease: JobLease? = nil
    package static let backoff: [TimeInterval] = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600]
    /// How long a claimed message is this sender's: longer than a send can take (the SMTP
    /// client's timeout), so no other sender takes it meanwhile.
    package static let lease: TimeInterval = 300
    package static let retention: TimeInterval = 30 * 24 * 3600

    package let outbox: MailOutboxStore
    package let client: SMTPClient
    package let from: String
    package let interval: Duration
    package let now: @Sendable () -> Date
    package let logger: Logger

    package init(outbox: MailOutboxStore, client: SMTPClient, from: String, interval: Duration, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.outbox = outbox
        self.client = client
        self.from = from
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    /// Rounds until graceful shutdown or cancellation (`RepeatingWork`); a message handed
    /// over is marked sent; what is left stays for the next start.
    package func run() async throws {
        let lastPurge = LastPurge()
        await RepeatingWork(name: "mail delivery", interval: interval, logger: logger, lease: lease).run {
            try await deliverDue()
            if await lastPurge.isDue(now()) {
                try await outbox.purge(olderThan: Self.retention, at: now())
                await lastPurge.done(now())
            }
        }
    }

    /// When the outbox was last purged (hourly).
    actor LastPurge {
        private var at = Date.distantPast
        func isDue(_ now: Date) -> Bool { now.timeIntervalSince(at) > 3600 }
        func done(_ now: Date) { at = now }
    }

    /// Sends every message due now; returns how many were handed over.
    @discardableResult
    package func deliverDue() async throws -> Int {
        var sent = 0
        for mail in try await outbox.due(at: now()) {
            // Another sender may have taken it since it was read: send only what this one claims.
            guard try await outbox.claim(mail.id, at: now(), leaseEnd: now().addingTimeInterval(Self.lease)) else { continue }
            let message = MailMessage(from: from, to: mail.recipient, subject: mail.subject, body: mail.body, listUnsubscribe: mail.listUnsubscribe,
                                      calendar: mail.calendar.map { MailMessage.Calendar(method: $0.method, text: $0.text) })
            do {
                try await client.send(message, date: now(), messageID: "\(mail.id.lowercasedText)@steunpunt")
                try await outbox.markSent(mail.id, at: now())
                Counter(label: "steunpunt_mail_sent_total").increment()
                logger.info("mail sent", metadata: ["mail": "\(mail.id)", "purpose": "\(mail.purpose)"])
                sent += 1
            } catch {
                let permanent = (error as? SMTPError)?.isPermanent ?? false
                let retryAt = permanent || mail.attempts >= Self.backoff.count ? nil : now().addingTimeInterval(Self.backoff[mail.attempts])
                let reason = LoggedError.description(of: error)
                try await outbox.markFailed(mail.id, error: reason, retryAt: retryAt, at: now())
                Counter(label: "steunpunt_mail_failed_total").increment()
                logger.warning(retryAt == nil ? "mail given up" : "mail will be retried",
                               metadata: ["mail": "\(mail.id)", "purpose": "\(mail.purpose)", "error": "\(reason)"])
            }
        }
        return sent
    }
}
