import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/beheer/mail`: the mail that did not arrive (given up, or still being retried), for
/// administrators, with "Opnieuw versturen" for a given-up message. Never a body.
struct MailOutboxPage {
    let renderer: PageRenderer
    let service: MailAdministration

    struct Model {
        struct Row { let created: String; let purpose: String; let recipient: String; let subject: String; let attempts: String; let error: String; let state: String; let redeliver: String? }
        let rows: [Row]
        let hasRows: Bool
        let sendsMail: Bool
        let caption: String
        let notice: String?
    }

    func register(on router: Router<AppContext>) {
        router.get("beheer/mail", use: show)
        router.post("beheer/mail/{id}/opnieuw", use: redeliver)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let mails = try await service.undelivered(by: user)
        let rows = mails.map { mail in
            Model.Row(created: t.dateTime(mail.createdAt), purpose: t.strings["mail_purpose_\(mail.purpose)"] ?? mail.purpose, recipient: mail.recipient,
                      subject: mail.subject, attempts: NumberText.format(mail.attempts, context.language), error: mail.lastError ?? "",
                      state: mail.failedAt.map { t.text("mail_admin_given_up", ["when": t.dateTime($0)]) } ?? t.text("mail_admin_retrying", ["when": t.dateTime(mail.nextAttemptAt)]),
                      redeliver: mail.failedAt == nil ? nil : "/beheer/mail/\(mail.id.lowercasedText)/opnieuw")
        }
        let model = Model(rows: rows, hasRows: !rows.isEmpty, sendsMail: service.sendsMail,
                          caption: t.text("results_count", ["count": NumberText.format(rows.count, context.language)]),
                          notice: Query(request: request).text("opnieuw") != nil ? t.text("mail_admin_redelivered") : nil)
        return try renderer.render("mail-outbox", page: model, title: t.text("mail_admin_title"), request: request, context: context)
    }

    @Sendable func redeliver(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        try await service.redeliver(id, actor: context.actor)
        return .redirect(to: "/beheer/mail?opnieuw=1", type: .normal)
    }
}
