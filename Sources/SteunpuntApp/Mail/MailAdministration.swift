import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The administrators' view of mail that did not arrive (the dead letters): what was
/// given up or is still being tried, with the last error, and sending a given-up message
/// again. Bodies are never shown; sending again is audited.
package struct MailAdministration: Sendable {
    package let outbox: MailOutboxStore?
    package let audit: AuditStore
    package let dependencies: Dependencies

    package init(outbox: MailOutboxStore?, audit: AuditStore, dependencies: Dependencies) {
        self.outbox = outbox
        self.audit = audit
        self.dependencies = dependencies
    }

    /// Whether this server sends mail at all.
    package var sendsMail: Bool { outbox != nil }

    package func undelivered(by user: User?) async throws -> [OutboxMail] {
        guard let user else { throw DomainError.unauthenticated }
        guard AccessPolicy.canAdminister(user) else { throw DomainError.forbidden }
        return try await outbox?.undelivered() ?? []
    }

    /// Puts a given-up message back in line; `conflict("mail_not_given_up")` when it was
    /// sent, is still being tried or is gone.
    package func redeliver(_ id: UUID, actor: Actor) async throws {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard AccessPolicy.canAdminister(user) else { throw DomainError.forbidden }
        guard let outbox, try await outbox.redeliver(id, at: dependencies.now()) else { throw DomainError.conflict("mail_not_given_up") }
        try await audit.append(actor.auditEvent(.mailRedelivered, objectType: "mail", objectID: id.uppercasedText, at: dependencies.now()))
    }
}
