import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/meldingen`: the caller's own notifications, newest first; `PATCH` with
/// `{"gelezen": true}` marks one read. `/api/v1/voorkeuren`: the caller's choices for
/// notification mail (`PUT` replaces them whole). Only ever the caller's own.
struct NotificationsAPI {
    let service: Notifications

    struct NotificationDTO: Encodable, Sendable {
        let id: String
        let soort: String
        let objectType: String
        let objectId: String
        let object: String
        let nummer: String
        let titel: String
        let aangemaaktOp: Date
        let gelezenOp: Date?

        init(_ notification: StoredNotification) {
            id = notification.id.lowercasedText
            soort = notification.kind
            objectId = notification.subject == .roundTarget || notification.subject == .plan ? notification.objectID : notification.objectID.lowercased()
            objectType = notification.subject?.apiName ?? notification.objectType
            switch notification.subject {
            case .request: object = "\(APIRoutes.base)/hulpvragen/\(objectId)"
            case .round: object = "\(APIRoutes.base)/quickscans/rondes/\(objectId)"
            case .roundTarget: object = "\(APIRoutes.base)/quickscans/rondes/" + objectId.replacingOccurrences(of: "/", with: "/antwoorden/")
            case .webhook: object = "\(APIRoutes.base)/abonnementen/\(objectId)"
            case .meeting: object = "\(APIRoutes.base)/bijeenkomsten/\(objectId)"
            case .circle: object = "\(APIRoutes.base)/leerkringen/\(objectId)"
            case .plan: object = "\(APIRoutes.base)/gemeenten/\(objectId)/plan-voortgang"
            case .incident: object = "\(APIRoutes.base)/incidenten/\(objectId)"
            case .mail, nil: object = ""
            }
            nummer = notification.number
            titel = notification.title
            aangemaaktOp = notification.createdAt
            gelezenOp = notification.readAt
        }
    }

    struct ReadBody: Decodable { let gelezen: Bool? }

    struct PreferencesDTO: Codable, Sendable {
        let bezorging: [String: String]?
        let uurDagoverzicht: Int?
        let taal: String?

        init(_ preferences: NotificationPreferences, role: Role) {
            bezorging = Dictionary(uniqueKeysWithValues: NotificationPreferences.kinds(for: role).map { ($0.rawValue, preferences.delivery(of: $0, role: role).rawValue) })
            uurDagoverzicht = preferences.digestHour
            taal = preferences.language
        }
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/meldingen", use: list)
        routes.get("/meldingen/{id}", use: show)
        routes.patch("/meldingen/{id}", use: markRead)
        routes.get("/voorkeuren", use: preferences)
        routes.put("/voorkeuren", use: savePreferences)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        var v = Validator()
        let pageRequest = Query(request: request).page(into: &v)
        try v.finish()
        let page = try await service.list(page: pageRequest, by: caller.user)
        return try ListResponse(page: page, request: request, items: page.items.map(NotificationDTO.init)).response()
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        return try JSONResponse.make(NotificationDTO(try await service.get(try id(context), by: caller.user)))
    }

    @Sendable func markRead(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let id = try id(context)
        let body = try await request.decode(as: ReadBody.self, context: context)
        var v = Validator()
        if body.gelezen == nil { v.add("gelezen", "required") } else { v.check(body.gelezen == true, "gelezen", "only_true") }
        try v.finish()
        return try JSONResponse.make(NotificationDTO(try await service.open(id, by: caller.user)))
    }

    @Sendable func preferences(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        return try JSONResponse.make(PreferencesDTO(try await service.preferences(by: caller.user), role: caller.user.role))
    }

    @Sendable func savePreferences(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let body = try await request.decode(as: PreferencesDTO.self, context: context)
        let draft = NotificationPreferences.Draft(delivery: body.bezorging, digestHour: body.uurDagoverzicht.map(String.init) ?? "",
                                                  language: body.taal ?? "")
        let saved = try await service.savePreferences(draft, by: caller.user)
        return try JSONResponse.make(PreferencesDTO(saved, role: caller.user.role))
    }

    private func id(_ context: AppContext) throws -> UUID {
        let id = try context.identifier("id")
        return id
    }
}
