import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/abonnementen`: webhook subscriptions of organisations' systems, for
/// administrators. Registering one sends a handshake first (a test event the receiver must
/// answer 2xx) and answers with the signing secret, this once. `DELETE` ends a
/// subscription (it stays readable, with its delivery log); `/afleveringen` is that log,
/// and `POST …/afleveringen/{id}/herbezorging` puts a given-up event back in line.
struct WebhooksAPI {
    let service: WebhookSubscriptions

    struct SubscriptionDTO: Encodable, Sendable {
        let id: String
        let organisatie: String
        let callbackUrl: String
        let typen: [String]
        let gemeenten: [String]
        let status: String
        let aangemaaktOp: Date
        let beeindigdOp: Date?
        let redenBeeindiging: String?
        /// The signing secret (`whsec_…`): only in the answer to registering.
        let geheim: String?
        let _links: Links

        struct Links: Encodable, Sendable {
            let `self`: Link
            let afleveringen: Link
            let organisatie: Link
        }

        init(_ subscription: WebhookSubscription, secret: String? = nil) {
            id = subscription.id.lowercasedText
            organisatie = subscription.organisation.rawValue
            callbackUrl = subscription.callback.absoluteString
            typen = subscription.types
            gemeenten = subscription.municipalities.map(\.rawValue)
            status = subscription.status.rawValue
            aangemaaktOp = subscription.createdAt
            beeindigdOp = subscription.endedAt
            redenBeeindiging = subscription.endReason
            geheim = secret
            let path = "\(APIRoutes.base)/abonnementen/\(id)"
            _links = Links(self: Link(href: path), afleveringen: Link(href: path + "/afleveringen"),
                           organisatie: Link(href: "\(APIRoutes.base)/organisaties/\(subscription.organisation)"))
        }
    }

    struct DeliveryDTO: Encodable, Sendable {
        let id: String
        let gebeurtenisId: String
        let type: String
        let onderwerp: String
        let status: String
        let pogingen: Int
        let tijdstipGebeurtenis: Date
        let volgendePoging: Date?
        let bezorgdOp: Date?
        let opgegevenOp: Date?
        let laatsteStatuscode: Int?
        let laatsteFout: String?

        init(_ delivery: WebhookDelivery) {
            id = delivery.id.lowercasedText
            gebeurtenisId = delivery.eventID
            type = delivery.eventType
            onderwerp = delivery.subject
            status = delivery.deliveredAt != nil ? "bezorgd" : delivery.failedAt != nil ? "opgegeven" : "wachtend"
            pogingen = delivery.attempts
            tijdstipGebeurtenis = delivery.occurredAt
            volgendePoging = delivery.deliveredAt == nil && delivery.failedAt == nil ? delivery.nextAttemptAt : nil
            bezorgdOp = delivery.deliveredAt
            opgegevenOp = delivery.failedAt
            laatsteStatuscode = delivery.lastStatus
            laatsteFout = delivery.lastError
        }
    }

    struct CreateBody: Decodable {
        let organisatie: String?
        let callbackUrl: String?
        let typen: [String]?
        let gemeenten: [String]?
        let authorization: String?
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/abonnementen", use: list)
        routes.post("/abonnementen", use: create)
        routes.get("/abonnementen/{id}", use: show)
        routes.delete("/abonnementen/{id}", use: end)
        routes.get("/abonnementen/{id}/afleveringen", use: deliveries)
        routes.post("/abonnementen/{id}/afleveringen/{aflevering}/herbezorging", use: redeliver)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        var v = Validator()
        let pageRequest = Query(request: request).page(into: &v)
        try v.finish()
        let all = try await service.list(by: caller.user)
        let page = Page(items: Array(all.dropFirst(pageRequest.offset).prefix(pageRequest.size)), total: all.count, request: pageRequest)
        return try ListResponse(page: page, request: request, items: page.items.map { SubscriptionDTO($0) }).response()
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: CreateBody.self, context: context)
        let draft = WebhookSubscriptionDraft(organisation: body.organisatie ?? "", callback: body.callbackUrl ?? "", types: body.typen ?? [],
                                             municipalities: body.gemeenten ?? [], authorization: body.authorization ?? "")
        let (subscription, secret) = try await service.subscribe(draft, actor: context.actor)
        let dto = SubscriptionDTO(subscription, secret: secret)
        return try JSONResponse.make(dto, status: .created, headers: [.location: "\(APIRoutes.base)/abonnementen/\(dto.id)"])
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        return try JSONResponse.make(SubscriptionDTO(try await service.get(try context.identifier("id"), by: caller.user)))
    }

    @Sendable func end(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        _ = try await service.end(try context.identifier("id"), actor: context.actor)
        return Response(status: .noContent)
    }

    @Sendable func deliveries(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let id = try context.identifier("id")
        let query = Query(request: request)
        var v = Validator()
        let undeliveredOnly = query.bool("nietBezorgd", into: &v) ?? false
        let pageRequest = query.page(into: &v)
        try v.finish()
        let page = try await service.deliveries(of: id, undeliveredOnly: undeliveredOnly, page: pageRequest, by: caller.user)
        return try ListResponse(page: page, request: request, items: page.items.map(DeliveryDTO.init)).response()
    }

    @Sendable func redeliver(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let (subscription, delivery) = (try context.identifier("id"), try context.identifier("aflevering"))
        try await service.redeliver(delivery, of: subscription, actor: context.actor)
        return Response(status: .accepted)
    }

}
