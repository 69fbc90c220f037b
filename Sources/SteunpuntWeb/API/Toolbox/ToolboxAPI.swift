import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/aanbod`: the toolbox. Reading needs no token (public offerings); a token
/// reads what its user may. The unit adds (`POST`) and changes (`PUT`, with `versie` to
/// refuse a stale change) offerings; `/versies` lists every saved version.
struct ToolboxAPI {
    let service: ToolboxService

    struct OfferingDTO: Encodable, Sendable {
        struct Links: Encodable, Sendable {
            let `self`: Link
            let pagina: Link
            let versies: Link
        }
        let slug: String
        let soort: String
        let titel: String
        let samenvatting: String
        let tekst: String
        let doelgroepen: [String]
        let behoeften: [String]
        let aanbieder: String
        let contact: String
        let status: String
        let verwachtOp: String?
        let zichtbaarheid: String
        let gerelateerd: [String]
        let versie: Int
        let aangemaaktOp: Date
        let gewijzigdOp: Date
        let _links: Links

        init(_ offering: Offering) {
            slug = offering.slug.rawValue
            soort = offering.kind.rawValue
            titel = offering.title
            samenvatting = offering.summary
            tekst = offering.body
            doelgroepen = offering.audiences.map(\.rawValue)
            behoeften = offering.needs.map(\.rawValue)
            aanbieder = offering.provider.rawValue
            contact = offering.contact
            status = offering.status.rawValue
            verwachtOp = offering.expectedOn
            zichtbaarheid = offering.visibility.rawValue
            gerelateerd = offering.related.map(\.rawValue)
            versie = offering.version
            aangemaaktOp = offering.createdAt
            gewijzigdOp = offering.updatedAt
            _links = Links(self: Link(href: "\(APIRoutes.base)/aanbod/\(offering.slug)"), pagina: Link(href: "/aanbod/\(offering.slug)"),
                           versies: Link(href: "\(APIRoutes.base)/aanbod/\(offering.slug)/versies"))
        }
    }

    struct VersionDTO: Encodable, Sendable {
        let versie: Int
        let gewijzigdOp: Date
        let aanbod: OfferingDTO
    }

    struct Body: Decodable, Sendable {
        let soort: String?
        let titel: String?
        let samenvatting: String?
        let tekst: String?
        let doelgroepen: [String]?
        let behoeften: [String]?
        let aanbieder: String?
        let contact: String?
        let status: String?
        let verwachtOp: String?
        let zichtbaarheid: String?
        let gerelateerd: [String]?
        let versie: Int?

        var draft: OfferingDraft {
            OfferingDraft(kind: soort ?? "", title: titel ?? "", summary: samenvatting ?? "", body: tekst ?? "", audiences: doelgroepen ?? [],
                          needs: behoeften ?? [], provider: aanbieder ?? "", contact: contact ?? "",
                          status: status ?? OfferingStatus.available.rawValue, expectedOn: verwachtOp ?? "",
                          visibility: zichtbaarheid ?? Visibility.publicAccess.rawValue, related: gerelateerd ?? [])
        }
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/aanbod", use: list)
        routes.post("/aanbod", use: create)
        routes.get("/aanbod/{slug}", use: show)
        routes.put("/aanbod/{slug}", use: update)
        routes.get("/aanbod/{slug}/versies", use: versions)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let query = Query(request: request)
        var v = Validator()
        let filter = ToolboxQuery.filter(query, into: &v)
        let pageRequest = query.page(into: &v)
        try v.finish()
        let page = try await service.search(filter, page: pageRequest, by: context.user)
        return try ListResponse(page: page, request: request, items: page.items.map(OfferingDTO.init)).response()
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let offering = try await service.read(try context.parameters.require("slug"), by: context.user)
        return try JSONResponse.make(OfferingDTO(offering), headers: [.eTag: APIPrecondition.etag(offering.version)])
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let body = try await request.decode(as: Body.self, context: context)
        let created = OfferingDTO(try await service.create(body.draft, by: caller.user, actor: context.actor))
        return try JSONResponse.make(created, status: .created, headers: [.location: created._links.`self`.href, .eTag: APIPrecondition.etag(created.versie)])
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let body = try await request.decode(as: Body.self, context: context)
        let slug = try context.parameters.require("slug")
        let expected = try APIPrecondition.expected(request, body: body.versie)
        let changed = try await APIPrecondition.apply(expected) {
            try await service.update(slug, version: expected?.version, with: body.draft, by: caller.user, actor: context.actor)
        }
        return try JSONResponse.make(OfferingDTO(changed), headers: [.eTag: APIPrecondition.etag(changed.version)])
    }

    @Sendable func versions(_ request: Request, context: AppContext) async throws -> Response {
        // Signed out, the answer is 401 (with WWW-Authenticate) as for every other operation that needs a token.
        _ = try context.requireCaller(.read)
        guard ToolboxPolicy.mayEdit(context.user) else { throw DomainError.notFound }
        let (_, versions) = try await service.versions(try context.parameters.require("slug"), by: context.user)
        return try JSONResponse.make(["resultaten": versions.map { VersionDTO(versie: $0.offering.version, gewijzigdOp: $0.changedAt, aanbod: OfferingDTO($0.offering)) }])
    }
}
