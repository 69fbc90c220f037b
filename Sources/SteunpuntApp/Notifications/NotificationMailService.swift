import Foundation
import Logging
import Metrics
import ServiceLifecycle
import SteunpuntDomain
import SteunpuntStorage

/// Turns due notifications into mail (`NotificationStore.dueMail`): every person whose mail
/// is due gets one message with all of it, in their language, in the outbox (from where
/// `MailDeliveryService` sends it with retries). A mail names the record's number, what
/// happened and its title, and links to the notice in the application, where
/// need-to-know applies: never a description, a message, a reason or a note. A notice
/// about a meeting gets a mail of its own (`MeetingMail`), with its calendar invitation.
package struct NotificationMailService: BackgroundJob {
    /// Given by `BackgroundServices.all` when instances share a database.
    package var lease: JobLease? = nil
    /// Mail due longer ago than this is not sent any more (see `NotificationStore.letGoStaleMail`).
    package static let staleAfter: TimeInterval = 2 * 24 * 3600

    package let store: NotificationStore
    package let outbox: MailOutboxStore
    package let meetingMail: MeetingMail
    /// A mail text in a language (`nl`, `en`), by key, with its values filled in.
    package let mailText: @Sendable (_ language: String, _ key: String, _ values: [String: String]) -> String
    package let publicURL: String?
    package let interval: Duration
    package let now: @Sendable () -> Date
    package let logger: Logger

    package init(store: NotificationStore, outbox: MailOutboxStore, meetingMail: MeetingMail,
                 mailText: @escaping @Sendable (String, String, [String: String]) -> String,
                 publicURL: String?, interval: Duration, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.store = store
        self.outbox = outbox
        self.meetingMail = meetingMail
        self.mailText = mailText
        self.publicURL = publicURL
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    package func run() async throws {
        await RepeatingWork(name: "notification mail", interval: interval, logger: logger, lease: lease).run { try await composeDue() }
    }

    /// Puts every due notification mail in the outbox; returns how many mails.
    @discardableResult
    package func composeDue() async throws -> Int {
        let at = now()
        try await store.letGoStaleMail(before: at.addingTimeInterval(-Self.staleAfter))
        var mails = 0
        for due in try await store.dueMail(at: at, cutoff: at.addingTimeInterval(-Self.staleAfter)) {
            let compose = self.compose
            let meetingNotices = due.notifications.filter { $0.subject == .meeting }
            let others = due.notifications.filter { $0.subject != .meeting }
            if !others.isEmpty, try await store.mail(others, at: at, outbox: outbox, compose: { compose(due, $0) }) {
                mails += 1
            }
            let language = NotificationPreferences.languages.contains(due.language) ? due.language : "nl"
            for notice in meetingNotices {
                let mail = try await meetingMail.compose(notice, for: due, base: base, listUnsubscribe: publicURL == nil ? nil : "\(base)/mijn-account/meldingen",
                                                         stamp: at, text: { mailText(language, $0, $1) })
                if try await store.mail([notice], at: at, outbox: outbox, compose: { _ in mail }) { mails += 1 }
            }
        }
        if mails > 0 { Counter(label: "steunpunt_notification_mails_total").increment(by: mails) }
        if mails > 0 { logger.info("notification mail queued", metadata: ["mails": "\(mails)"]) }
        return mails
    }

    private var base: String { publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "" }

    /// The mail for `notifications` of one person: one line per notice, each with its link.
    package func compose(_ due: DueNotificationMail, _ notifications: [StoredNotification]) -> OutgoingMail {
        let language = NotificationPreferences.languages.contains(due.language) ? due.language : "nl"
        let text = { (key: String, values: [String: String]) in mailText(language, key, values) }
        let lines = notifications.map { notification in
            text("mail_notification_line", ["number": notification.number, "what": text("notification_\(notification.kind)", [:]),
                                            "title": notification.title, "link": "\(base)/meldingen/\(notification.id.lowercasedText)"])
        }
        let subject = notifications.count == 1
            ? text("mail_notification_subject_one", ["number": notifications[0].number, "what": text("notification_\(notifications[0].kind)", [:])])
            : text("mail_notification_subject_many", ["count": "\(notifications.count)"])
        let preferences = "\(base)/mijn-account/meldingen"
        let body = text("mail_notification_body", ["lines": lines.joined(separator: "\n\n"), "preferences": preferences])
        return OutgoingMail(purpose: "notification", recipient: due.email, subject: subject, body: body,
                            listUnsubscribe: publicURL == nil ? nil : preferences)
    }
}
