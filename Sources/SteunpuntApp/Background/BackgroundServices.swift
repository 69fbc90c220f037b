import Foundation
import Logging
import ServiceLifecycle
import SteunpuntDomain
import SteunpuntMail
import SteunpuntStorage

/// Every background service Steunpunt runs, each a `RepeatingWork` loop, in one list that
/// the server (and any command that runs jobs) starts: the session purge, mail delivery
/// and notification mail (with a mail server), webhook delivery, the deadline marking, the
/// meetings' expiring offers and reminders, the quickscan reminders and closing notices, the
/// 10-point plan's reminders, the retention job (destruction lists), the business gauges,
/// and each one added. A test runs each and
/// cancels it, so a service added here is checked to end on cancellation too. Each is a
/// `BackgroundJob`: on PostgreSQL every one gets this instance's `JobLease`, so with several
/// instances each round runs once.
package enum BackgroundServices {
    package static func all(database: Database, sessionLifetime: SessionLifetime, signInThrottle: SignInThrottle,
                            mail: (outbox: MailOutboxStore, client: SMTPClient, from: String,
                                   text: @Sendable (String, String, [String: String]) -> String, publicURL: String?)?,
                            webhooks: (store: WebhookStore, source: String, api: String)? = nil,
                            planReminderMonths: Int = PlanReminderService.defaultMonths,
                            retention: RetentionService? = nil,
                            now: @escaping @Sendable () -> Date, logger: Logger, interval: Duration? = nil) -> [any Service] {
        var services: [any BackgroundJob] = [
            SessionPurgeService(sessions: SessionStore(database: database),
                                throttle: SignInThrottleStore(database: database, policy: signInThrottle),
                                lifetime: sessionLifetime, now: now, logger: logger, interval: interval ?? .seconds(15 * 60)),
        ]
        if let mail {
            services.append(MailDeliveryService(outbox: mail.outbox, client: mail.client, from: mail.from, interval: interval ?? .seconds(5),
                                                now: now, logger: logger))
            services.append(NotificationMailService(store: NotificationStore(database: database), outbox: mail.outbox,
                                                    meetingMail: MeetingMail(meetings: MeetingStore(database: database),
                                                                             organisations: OrganisationStore(database: database), from: mail.from),
                                                    mailText: mail.text,
                                                    publicURL: mail.publicURL, interval: interval ?? .seconds(30), now: now, logger: logger))
        }
        if let webhooks {
            services.append(WebhookDeliveryService(store: webhooks.store, source: webhooks.source, api: webhooks.api,
                                                   interval: interval ?? .seconds(5), now: now, logger: logger))
        }
        services.append(DeadlineService(requests: RequestStore(database: database), interval: interval ?? .seconds(15 * 60), now: now, logger: logger))
        services.append(MeetingClockService(meetings: MeetingStore(database: database), interval: interval ?? .seconds(60), now: now, logger: logger))
        services.append(QuickscanNoticeService(rounds: RoundStore(database: database), interval: interval ?? .seconds(60 * 60), now: now, logger: logger))
        services.append(PlanSnapshotService(snapshots: PlanSnapshotStore(database: database), interval: interval ?? .seconds(60 * 60), now: now, logger: logger))
        if planReminderMonths > 0 {
            services.append(PlanReminderService(reminders: PlanReminderStore(database: database), months: planReminderMonths,
                                                interval: interval ?? .seconds(60 * 60), now: now, logger: logger))
        }
        if let retention {
            services.append(RetentionJob(retention: retention, logger: logger, interval: interval ?? .seconds(60 * 60)))
        }
        services.append(BusinessGaugeService(outbox: mail?.outbox, webhooks: webhooks?.store, retention: RetentionStore(database: database), logger: logger,
                                             interval: interval ?? .seconds(60)))
        // Several instances share a PostgreSQL database (SQLite has one): every job's round
        // runs where its lease is held, once across them.
        if database.engine == .postgres {
            let lease = JobLease(store: JobLeaseStore(database: database))
            services = services.map { job in
                var leased = job
                leased.lease = lease
                return leased
            }
        }
        return services
    }
}
