import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/organisaties`: the organisations that take part and their people.
/// Reading needs a token with scope `lezen`; creating needs `schrijven` and the
/// administrator role.
struct OrganisationsAPI {
    let directory: Directory
    let service: OrganisationService

    struct OrganisationDTO: Encodable, Sendable {
        let id: String
        let naam: String
        let soort: String
        let gemeente: String?
        let bovenliggend: String?
        let actief: Bool
        let _links: Links

        struct Links: Encodable, Sendable {
            let `self`: Link
            let medewerkers: Link
            let gemeente: Link?
        }

        init(_ organisation: Organisation) {
            id = organisation.id.rawValue
            naam = organisation.name
            soort = organisation.kind.rawValue
            gemeente = organisation.municipality?.rawValue
            bovenliggend = organisation.parent?.rawValue
            actief = organisation.isActive
            let path = "\(APIRoutes.base)/organisaties/\(organisation.id)"
            _links = Links(self: Link(href: path), medewerkers: Link(href: path + "/medewerkers"),
                           gemeente: organisation.municipality.map { Link(href: "\(APIRoutes.base)/gemeenten/\($0)") })
        }
    }

    struct MemberDTO: Encodable, Sendable {
        let id: UUID
        let naam: String
        let rol: String
        let email: String?
        let actief: Bool
    }

    struct CreateBody: Decodable {
        let id: String?
        let naam: String?
        let soort: String?
        let gemeente: String?
        let bovenliggend: String?
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/organisaties", use: list)
        routes.post("/organisaties", use: create)
        routes.get("/organisaties/{id}", use: show)
        routes.get("/organisaties/{id}/medewerkers", use: members)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let query = Query(request: request)
        var v = Validator()
        var filter = OrganisationFilter(text: query.search(into: &v))
        if let kind = query.text("soort") {
            filter.kind = OrganisationKind(rawValue: kind)
            v.check(filter.kind != nil, "soort", "invalid_kind")
        }
        if let code = query.text("gemeente") {
            filter.municipality = MunicipalityCode(code)
            v.check(filter.municipality != nil, "gemeente", "invalid_municipality_code")
        }
        filter.includeInactive = query.bool("inclusiefInactief", into: &v) ?? false
        let pageRequest = query.page(into: &v)
        try v.finish()
        let page = try await directory.organisations(filter, page: pageRequest)
        return try ListResponse(page: page, request: request, items: page.items.map(OrganisationDTO.init)).response()
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        return try JSONResponse.make(OrganisationDTO(try await organisation(context)))
    }

    @Sendable func members(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let organisation = try await organisation(context)
        let people = try await directory.members(of: organisation.id, viewer: caller.user).map {
            MemberDTO(id: $0.user.id, naam: $0.user.name, rol: $0.user.role.rawValue, email: $0.email, actief: $0.user.isActive)
        }
        return try JSONResponse.make(["resultaten": people])
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        guard AccessPolicy.canAdminister(caller.user) else { throw DomainError.forbidden }
        let body = try await request.decode(as: CreateBody.self, context: context)
        let organisation = try await service.create(OrganisationDraft(id: body.id ?? "", name: body.naam ?? "", kind: body.soort ?? "",
                                                                      municipality: body.gemeente, parent: body.bovenliggend),
                                                    by: caller.user, actor: context.actor)
        return try JSONResponse.make(OrganisationDTO(organisation), status: .created,
                                     headers: [.location: "\(APIRoutes.base)/organisaties/\(organisation.id)"])
    }

    private func organisation(_ context: AppContext) async throws -> Organisation {
        guard let id = OrganisationID(try context.parameters.require("id")),
              let organisation = try await directory.organisation(id) else { throw DomainError.notFound }
        return organisation
    }
}
