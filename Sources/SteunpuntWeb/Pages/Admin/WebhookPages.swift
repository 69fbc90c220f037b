import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/beheer/koppelingen`: the systems that follow requests through webhooks, for
/// administrators: each subscription with how many of its events did not arrive, and per
/// subscription its delivery log, "Opnieuw versturen" for a given-up event and ending the
/// subscription. Registering is done through the API (`POST /api/v1/abonnementen`), where
/// the receiving system's builders work; the page says so.
struct WebhookPages {
    let renderer: PageRenderer
    let service: WebhookSubscriptions

    struct ListModel {
        struct Row { let href: String; let organisation: String; let host: String; let types: String; let status: String; let undelivered: String; let created: String }
        let rows: [Row]
        let hasRows: Bool
        let caption: String
    }

    struct DetailModel {
        struct Row { let occurred: String; let type: String; let subject: String; let state: String; let attempts: String; let answer: String; let redeliver: String? }
        let organisation: String
        let callback: String
        let types: [String]
        let municipalities: String
        let status: String
        let created: String
        let ended: String?
        let endAction: String?
        let rows: [Row]
        let hasRows: Bool
        let caption: String
        let undeliveredOnly: Bool
        let allHref: String
        let undeliveredHref: String
        let notice: String?
    }

    func register(on router: Router<AppContext>) {
        router.get("beheer/koppelingen", use: list)
        router.get("beheer/koppelingen/{id}", use: show)
        router.post("beheer/koppelingen/{id}/beeindigen", use: end)
        router.post("beheer/koppelingen/{id}/afleveringen/{aflevering}/opnieuw", use: redeliver)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let rows = try await service.overview(by: user).map { line in
            ListModel.Row(href: "/beheer/koppelingen/\(line.subscription.id.lowercasedText)", organisation: line.organisationName,
                          host: line.subscription.callback.host ?? line.subscription.callback.absoluteString,
                          types: NumberText.format(line.subscription.types.count, context.language),
                          status: t.text("webhook_status_\(line.subscription.status.rawValue)"),
                          undelivered: NumberText.format(line.undelivered, context.language), created: t.date(line.subscription.createdAt))
        }
        let model = ListModel(rows: rows, hasRows: !rows.isEmpty, caption: t.text("results_count", ["count": NumberText.format(rows.count, context.language)]))
        return try renderer.render("webhooks", page: model, title: t.text("webhooks_title"), request: request, context: context)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let id = try context.identifier("id")
        let query = Query(request: request)
        let undeliveredOnly = query.text("niet-bezorgd") != nil
        let line = try await service.overview(by: user).first { $0.subscription.id == id }
        guard let line else { throw DomainError.notFound }
        let subscription = line.subscription
        let path = "/beheer/koppelingen/\(id.lowercasedText)"
        let deliveries = try await service.deliveries(of: id, undeliveredOnly: undeliveredOnly, page: PageRequest(number: 1, size: 100), by: user)
        let rows = deliveries.items.map { delivery in
            DetailModel.Row(
                occurred: t.dateTime(delivery.occurredAt), type: Self.kindLabel(delivery.eventType, t), subject: delivery.subject,
                state: delivery.deliveredAt.map { t.text("webhook_delivered", ["when": t.dateTime($0)]) }
                    ?? delivery.failedAt.map { t.text("webhook_given_up", ["when": t.dateTime($0)]) }
                    ?? t.text("webhook_next_attempt", ["when": t.dateTime(delivery.nextAttemptAt)]),
                attempts: NumberText.format(delivery.attempts, context.language),
                answer: delivery.lastStatus.map { "HTTP \($0)" } ?? delivery.lastError ?? "",
                redeliver: delivery.failedAt != nil && delivery.deliveredAt == nil && subscription.status == .active
                    ? "\(path)/afleveringen/\(delivery.id.lowercasedText)/opnieuw" : nil)
        }
        let notice = query.text("opnieuw") != nil ? t.text("webhook_redelivered") : query.text("beeindigd") != nil ? t.text("webhook_ended_notice") : nil
        let model = DetailModel(
            organisation: line.organisationName, callback: subscription.callback.absoluteString,
            types: subscription.types.map { Self.kindLabel($0, t) },
            municipalities: subscription.municipalities.isEmpty ? t.text("webhook_all_municipalities") : subscription.municipalities.map(\.rawValue).joined(separator: ", "),
            status: t.text("webhook_status_\(subscription.status.rawValue)"), created: t.dateTime(subscription.createdAt),
            ended: subscription.endedAt.map { t.text("webhook_ended_on", ["when": t.dateTime($0), "reason": subscription.endReason ?? ""]) },
            endAction: subscription.status == .active ? "\(path)/beeindigen" : nil,
            rows: rows, hasRows: !rows.isEmpty,
            caption: t.text("webhook_log_caption", ["count": NumberText.format(deliveries.total, context.language), "shown": NumberText.format(rows.count, context.language)]),
            undeliveredOnly: undeliveredOnly, allHref: path, undeliveredHref: path + "?niet-bezorgd=1", notice: notice)
        return try renderer.render("webhook", page: model, title: t.text("webhook_title", ["organisation": line.organisationName]), request: request, context: context)
    }

    @Sendable func end(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        _ = try await service.end(id, actor: context.actor)
        return .redirect(to: "/beheer/koppelingen/\(id.lowercasedText)?beeindigd=1", type: .normal)
    }

    @Sendable func redeliver(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let (id, delivery) = (try context.identifier("id"), try context.identifier("aflevering"))
        try await service.redeliver(delivery, of: id, actor: context.actor)
        return .redirect(to: "/beheer/koppelingen/\(id.lowercasedText)?opnieuw=1", type: .normal)
    }

    /// "Nieuw bericht" for `nl.steunpunt.hulpvraag.bericht.v1`: the kind's own label.
    static func kindLabel(_ type: String, _ t: Catalogue) -> String {
        let parts = type.split(separator: ".")
        guard parts.count == 5, let label = t.strings["notification_\(parts[3])"] else { return type }
        return label
    }

}
