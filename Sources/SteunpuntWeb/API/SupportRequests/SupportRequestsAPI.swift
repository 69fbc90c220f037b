import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/hulpvragen`: support requests, their status changes (the workflow), messages
/// and activities; `/api/v1/behoeften`: the needs taxonomy. Reading needs scope `lezen`,
/// changing `schrijven`; what a caller sees is scoped by `RequestPolicy` in storage.
struct SupportRequestsAPI {
    let service: RequestService
    let needService: NeedService

    struct CreateBody: Decodable {
        let titel: String?
        let omschrijving: String?
        let aanvrager: String?
        let gemeente: String?
        let behoeften: [String]?
        let kanaal: String?
        let urgentie: String?
        let contactvoorkeur: String?
    }

    struct ActionBody: Decodable {
        let actie: String?
        let naar: String?
        let reden: String?
        let behandelaar: String?
        let uitkomst: String?
        /// The version the step is based on (or `If-Match`).
        let versie: Int?
    }

    struct MessageBody: Decodable {
        let tekst: String?
        let intern: Bool?
    }

    struct NeedBody: Decodable {
        let code: String?
        let naam: String?
        let naamEngels: String?
        let termijnEersteReactie: Int?
        let termijnAfhandeling: Int?
        let actief: Bool?
    }

    struct FeedbackBody: Decodable {
        let score: Int?
        let toelichting: String?
    }

    struct ActivityBody: Decodable {
        let soort: String?
        let datum: String?
        let uren: Double?
        let deelnemers: Int?
        let toelichting: String?
        let aanbod: String?
        let stuurNaarAanvrager: Bool?
        let bijeenkomst: String?
        let netwerk: String?
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/hulpvragen", use: list)
        routes.post("/hulpvragen", use: create)
        routes.get("/hulpvragen/{id}", use: show)
        routes.get("/hulpvragen/{id}/statuswijzigingen", use: history)
        routes.post("/hulpvragen/{id}/statuswijzigingen", use: act)
        routes.get("/hulpvragen/{id}/berichten", use: messages)
        routes.post("/hulpvragen/{id}/berichten", use: addMessage)
        routes.get("/hulpvragen/{id}/activiteiten", use: activities)
        routes.post("/hulpvragen/{id}/activiteiten", use: addActivity)
        routes.get("/hulpvragen/{id}/beoordeling", use: feedback)
        routes.post("/hulpvragen/{id}/beoordeling", use: giveFeedback)
        routes.get("/behoeften", use: needs)
        routes.post("/behoeften", use: addNeed)
        routes.put("/behoeften/{code}", use: updateNeed)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let query = Query(request: request)
        var v = Validator()
        let filter = RequestListQuery.filter(query, into: &v)
        let pageRequest = query.keyedPage(into: &v)
        try v.finish()
        let page = try await service.requests.list(filter, scope: RequestPolicy.scope(for: caller.user), page: pageRequest)
        let now = service.dependencies.now()
        return try ListResponse(page: page, request: request, items: page.items.map {
            SupportRequestDTO($0.request, requesterName: $0.requesterName, municipalityName: $0.municipalityName,
                              deadline: service.workflow.deadlineState($0.request, at: now))
        }).response()
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let body = try await request.decode(as: CreateBody.self, context: context)
        let draft = RequestDraft(title: body.titel ?? "", description: body.omschrijving ?? "", requester: body.aanvrager ?? "",
                                 municipality: body.gemeente ?? "", needs: body.behoeften ?? [], channel: body.kanaal ?? "",
                                 urgency: body.urgentie ?? Urgency.normal.rawValue, preferredContact: body.contactvoorkeur ?? "")
        let created = try await service.file(draft, by: caller.user, actor: context.actor)
        let dto = SupportRequestDTO(created, deadline: service.workflow.deadlineState(created, at: service.dependencies.now()))
        return try JSONResponse.make(dto, status: .created, headers: [.location: dto._links.`self`.href, .eTag: APIPrecondition.etag(created.version)])
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let found = try await service.read(try id(context), by: caller.user, actor: context.actor)
        return try JSONResponse.make(SupportRequestDTO(found.request, deadline: service.workflow.deadlineState(found.request, at: service.dependencies.now())),
                                     headers: [.eTag: APIPrecondition.etag(found.request.version)])
    }

    @Sendable func history(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let found = try await service.read(try id(context), by: caller.user, actor: context.actor)
        return try JSONResponse.make(["resultaten": try await service.requests.history(found.request.id).map(StatusChangeDTO.init)])
    }

    @Sendable func act(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let body = try await request.decode(as: ActionBody.self, context: context)
        let action = try RequestActionInput(action: body.actie ?? "", target: body.naar, reason: body.reden, advisor: body.behandelaar,
                                            outcome: body.uitkomst).parsed(privacy: service.privacy)
        let expected = try APIPrecondition.expected(request, body: body.versie)
        let changed = try await APIPrecondition.apply(expected) {
            try await service.act(action, on: try id(context), expectedVersion: expected?.version, by: caller.user, actor: context.actor)
        }
        return try JSONResponse.make(SupportRequestDTO(changed, deadline: service.workflow.deadlineState(changed, at: service.dependencies.now())),
                                     status: .created, headers: [.eTag: APIPrecondition.etag(changed.version)])
    }

    @Sendable func messages(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let found = try await service.read(try id(context), by: caller.user, actor: context.actor)
        return try JSONResponse.make(["resultaten": try await service.requests.messages(found.request.id, viewer: caller.user).map(MessageDTO.init)])
    }

    @Sendable func addMessage(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let body = try await request.decode(as: MessageBody.self, context: context)
        let message = try await service.message(body.tekst ?? "", isInternal: body.intern ?? false, on: try id(context), by: caller.user, actor: context.actor)
        return try JSONResponse.make(MessageDTO(message), status: .created)
    }

    @Sendable func activities(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let found = try await service.read(try id(context), by: caller.user, actor: context.actor)
        let activities = try await service.requests.activities(found.request.id)
        let slugs = try await service.offeringSlugs(activities)
        let showsNetwork = NetworkPolicy.mayUse(caller.user)
        return try JSONResponse.make(["resultaten": activities.map { ActivityDTO($0, offering: $0.offering.flatMap { slugs[$0] }, showsNetwork: showsNetwork) }])
    }

    @Sendable func addActivity(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let body = try await request.decode(as: ActivityBody.self, context: context)
        let draft = ActivityDraft(kind: body.soort ?? "", day: body.datum ?? "", hours: body.uren.map { String($0) } ?? "",
                                  participants: body.deelnemers.map(String.init) ?? "", note: body.toelichting ?? "",
                                  offering: body.aanbod ?? "", sendToRequester: body.stuurNaarAanvrager ?? false, meeting: body.bijeenkomst ?? "",
                                  network: body.netwerk ?? "")
        let activity = try await service.addActivity(draft, on: try id(context), by: caller.user, actor: context.actor)
        return try JSONResponse.make(ActivityDTO(activity, offering: try await service.offeringSlugs([activity]).values.first,
                                                 showsNetwork: NetworkPolicy.mayUse(caller.user)), status: .created)
    }

    @Sendable func feedback(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let found = try await service.read(try id(context), by: caller.user, actor: context.actor)
        guard let feedback = try await service.requests.feedback(found.request.id) else { throw DomainError.notFound }
        return try JSONResponse.make(FeedbackDTO(feedback))
    }

    @Sendable func giveFeedback(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let body = try await request.decode(as: FeedbackBody.self, context: context)
        let feedback = try await service.giveFeedback(score: body.score.map(String.init) ?? "", comment: body.toelichting ?? "", on: try id(context),
                                                      by: caller.user, actor: context.actor)
        return try JSONResponse.make(FeedbackDTO(feedback), status: .created)
    }

    @Sendable func needs(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        return try JSONResponse.make(["resultaten": try await service.needs.all().map(NeedDTO.init)])
    }

    @Sendable func addNeed(_ request: Request, context: AppContext) async throws -> Response {
        try await saveNeed(request, context: context, code: nil)
    }

    @Sendable func updateNeed(_ request: Request, context: AppContext) async throws -> Response {
        try await saveNeed(request, context: context, code: try context.parameters.require("code"))
    }

    /// Administrators add needs (POST) and change them (PUT, the whole need); retired, never deleted.
    private func saveNeed(_ request: Request, context: AppContext, code: String?) async throws -> Response {
        let caller = try context.requireCaller(.write)
        guard AccessPolicy.canAdminister(caller.user) else { throw DomainError.forbidden }
        if let code, NeedCode(code) == nil { throw DomainError.notFound }
        if let code, try await service.needs.get(NeedCode(code)!) == nil { throw DomainError.notFound }
        let body = try await request.decode(as: NeedBody.self, context: context)
        let draft = NeedDraft(code: code ?? body.code ?? "", nameNL: body.naam ?? "", nameEN: body.naamEngels ?? "",
                              firstResponseDays: body.termijnEersteReactie.map(String.init) ?? "", resolutionDays: body.termijnAfhandeling.map(String.init) ?? "",
                              isActive: body.actief ?? true)
        let need = try await needService.save(draft, isNew: code == nil, by: caller.user, actor: context.actor)
        return try JSONResponse.make(NeedDTO(need), status: code == nil ? .created : .ok,
                                     headers: code == nil ? [.location: "\(APIRoutes.base)/behoeften/\(need.code)"] : [:])
    }

    private func id(_ context: AppContext) throws -> UUID {
        let id = try context.identifier("id")
        return id
    }
}
