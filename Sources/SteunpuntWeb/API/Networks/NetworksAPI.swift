import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/netwerken`: the unit's network register (issue 19), for the unit's own systems
/// only: everyone else is refused (403). It is read a page of at most 25 at a time, each
/// read audited, and never exported: asking for it as a file (`Accept: text/csv`) is 406.
struct NetworksAPI {
    let service: NetworkService

    struct EntryDTO: Encodable, Sendable {
        let id: String
        let soort: String
        let naam: String
        let rol: String
        let gemeente: String
        let themas: [String]
        let contactroute: String
        let toestemming: String
        let toestemmingOp: String
        let toelichting: String
        let laatsteActiviteit: Date
        let aantalIntroducties: Int
        let teBeoordelen: Bool
        let versie: Int
        let aangemaaktOp: Date
        let gewijzigdOp: Date
        /// When a destruction list destroyed it (issue 23): its name, role, contact route and note are gone.
        let vernietigdOp: Date?
        let _links: Links

        struct Links: Encodable, Sendable {
            let `self`: Link
            let gemeente: Link
        }

        init(_ listing: NetworkListing, now: Date, reviewMonths: Int) {
            let entry = listing.entry
            id = entry.id.lowercasedText
            soort = entry.kind.rawValue
            naam = entry.name
            rol = entry.role
            gemeente = entry.municipality.rawValue
            themas = entry.themes.map(\.rawValue)
            contactroute = entry.contactRoute
            toestemming = entry.consent.rawValue
            toestemmingOp = entry.consentOn
            toelichting = entry.note
            laatsteActiviteit = listing.lastActivity
            aantalIntroducties = listing.introductions
            teBeoordelen = listing.isDueForReview(at: now, months: reviewMonths)
            versie = entry.version
            aangemaaktOp = entry.createdAt
            gewijzigdOp = entry.updatedAt
            vernietigdOp = entry.destroyedAt
            _links = Links(self: Link(href: "\(APIRoutes.base)/netwerken/\(id)"), gemeente: Link(href: "\(APIRoutes.base)/gemeenten/\(gemeente)"))
        }
    }

    struct IntroductionDTO: Encodable, Sendable {
        let hulpvraag: String
        let nummer: String
        let aanvrager: String
        let datum: String
        let door: String
        let _links: Links
        struct Links: Encodable, Sendable { let hulpvraag: Link }
    }

    struct DetailDTO: Encodable, Sendable {
        let vermelding: EntryDTO
        let introducties: [IntroductionDTO]
    }

    struct Body: Decodable, Sendable {
        let soort: String?
        let naam: String?
        let rol: String?
        let gemeente: String?
        let themas: [String]?
        let contactroute: String?
        let toestemming: String?
        let toestemmingOp: String?
        let toelichting: String?
        let versie: Int?

        var draft: NetworkEntryDraft {
            NetworkEntryDraft(kind: soort ?? "", name: naam ?? "", role: rol ?? "", municipality: gemeente ?? "", themes: themas ?? [],
                              contactRoute: contactroute ?? "", consent: toestemming ?? "", consentOn: toestemmingOp ?? "", note: toelichting ?? "")
        }
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/netwerken", use: list)
        routes.post("/netwerken", use: create)
        routes.get("/netwerken/{id}", use: show)
        routes.put("/netwerken/{id}", use: update)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        guard NetworkPolicy.mayUse(caller.user) else { throw DomainError.forbidden }
        if let accept = request.headers[.accept], accept.contains("text/csv"), !accept.contains("json"), !accept.contains("*/*") {
            throw HTTPError(.notAcceptable)
        }
        var v = Validator()
        let query = Query(request: request)
        let pageRequest = query.page(into: &v)
        if pageRequest.size > NetworkPolicy.maximumPageSize { v.add("paginaGrootte", "invalid_page_size") }
        let code = query.text("gemeente")
        let municipality = code.flatMap { MunicipalityCode($0.uppercased()) }
        if code != nil && municipality == nil { v.add("gemeente", "invalid_municipality_code") }
        let themeText = query.text("thema")
        let theme = themeText.flatMap(NeedCode.init)
        if themeText != nil && theme == nil { v.add("thema", "unknown_need") }
        if (query.text("zoek") ?? "").count > 100 { v.add("zoek", "too_long") }
        let due = query.text("teBeoordelen")
        if let due, due != "true" && due != "false" { v.add("teBeoordelen", "invalid_boolean") }
        try v.finish()
        let filter = NetworkFilter(municipality: municipality, theme: theme, text: query.text("zoek"), dueBefore: due == "true" ? service.reviewCutoff : nil)
        let page = try await service.list(filter, page: pageRequest, actor: context.actor)
        let now = service.dependencies.now()
        return try ListResponse(page: page, request: request, items: page.items.map { EntryDTO($0, now: now, reviewMonths: service.reviewMonths) }).response()
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: Body.self, context: context)
        let entry = try await service.create(body.draft, actor: context.actor)
        let dto = try await detail(entry.id, context: context)
        return try JSONResponse.make(dto, status: .created, headers: [.location: dto.vermelding._links.`self`.href, .eTag: APIPrecondition.etag(dto.vermelding.versie)])
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let dto = try await detail(try context.identifier("id"), context: context)
        return try JSONResponse.make(dto, headers: [.eTag: APIPrecondition.etag(dto.vermelding.versie)])
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: Body.self, context: context)
        let id = try context.identifier("id")
        let expected = try APIPrecondition.expected(request, body: body.versie)
        _ = try await APIPrecondition.apply(expected) {
            try await service.update(id, with: body.draft, version: expected?.version, actor: context.actor)
        }
        let dto = try await detail(id, context: context)
        return try JSONResponse.make(dto, headers: [.eTag: APIPrecondition.etag(dto.vermelding.versie)])
    }

    /// One entry with its introductions; the read is audited.
    func detail(_ id: UUID, context: AppContext) async throws -> DetailDTO {
        let (listing, introductions) = try await service.get(id, actor: context.actor)
        return DetailDTO(vermelding: EntryDTO(listing, now: service.dependencies.now(), reviewMonths: service.reviewMonths),
                         introducties: introductions.map {
                             IntroductionDTO(hulpvraag: $0.request.lowercasedText, nummer: $0.number, aanvrager: $0.requester, datum: $0.day, door: $0.author,
                                             _links: .init(hulpvraag: Link(href: "\(APIRoutes.base)/hulpvragen/\($0.request.lowercasedText)")))
                         })
    }
}
