import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// A person's own calendar feed (issue 19): a secret address calendar programs subscribe to
/// without signing in, holding the meetings the person has a confirmed place at (with the
/// online link, as their page shows it), from 30 days back. Made, remade and revoked by its
/// person (audited); the secret is shown once, the database keeps its digest.
extension MeetingService {
    /// Since when the signed-in person has a feed (nil: none).
    package func feedIssued(by user: User) async throws -> Date? {
        try await feeds.issued(for: user.id)
    }

    /// Makes a new secret address for the person's feed (an earlier one stops working) and returns the secret.
    package func issueFeed(actor: Actor) async throws -> String {
        guard let user = actor.user, user.isActive else { throw DomainError.unauthenticated }
        let secret = dependencies.secret("spa_")
        let now = dependencies.now()
        try await feeds.issue(secret, for: user.id, at: now,
                              audit: actor.auditEvent(.calendarFeedIssued, objectType: "user", objectID: user.id.uppercasedText, at: now))
        return secret
    }

    /// Ends the person's feed; false when there was none.
    @discardableResult
    package func revokeFeed(actor: Actor) async throws -> Bool {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        return try await feeds.revoke(for: user.id, audit: actor.auditEvent(.calendarFeedRevoked, objectType: "user", objectID: user.id.uppercasedText,
                                                                             at: dependencies.now()))
    }

    /// The feed `secret` opens, as iCalendar; not found for an unknown or revoked secret or
    /// a person no longer active.
    package func personalFeed(_ secret: String, name: String, page: @Sendable (UUID) -> String?) async throws -> String {
        guard secret.hasPrefix("spa_"), let owner = try await feeds.owner(of: secret) else { throw DomainError.notFound }
        let now = dependencies.now()
        let entries = try await store.confirmedMeetings(of: owner, from: now.addingTimeInterval(-30 * 86_400)).map {
            MeetingCalendar.Entry(meeting: $0, page: page($0.id), showsOnlineLink: true)
        }
        return MeetingCalendar.calendar(entries, name: name, stamp: now)
    }
}
