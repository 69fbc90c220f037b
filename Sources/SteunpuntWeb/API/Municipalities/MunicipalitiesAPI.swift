import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/gemeenten`: the CBS municipality list, public and read-only. The national
/// priority flag is shown only to national staff (need-to-know).
struct MunicipalitiesAPI {
    let directory: Directory

    struct MunicipalityDTO: Encodable, Sendable {
        let code: String
        let naam: String
        let provincie: String
        let inwoners: Int
        let inwonersklasse: String
        let prioriteit: Bool?
        let beeindigdOp: Date?
        let _links: Links

        struct Links: Encodable, Sendable {
            let `self`: Link
            let organisatie: Link
        }

        init(_ municipality: Municipality, showPriority: Bool) {
            code = municipality.code.rawValue
            naam = municipality.name
            provincie = municipality.province.rawValue
            inwoners = municipality.population
            inwonersklasse = municipality.populationClass.rawValue
            prioriteit = showPriority ? municipality.isPriority : nil
            beeindigdOp = municipality.endedOn
            _links = Links(self: Link(href: "\(APIRoutes.base)/gemeenten/\(municipality.code)"),
                           organisatie: Link(href: "\(APIRoutes.base)/organisaties/\(municipality.code)"))
        }
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/gemeenten", use: list)
        routes.get("/gemeenten/{code}", use: show)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let query = Query(request: request)
        var v = Validator()
        var filter = MunicipalityFilter(text: query.search(into: &v))
        if let name = query.text("provincie") {
            filter.province = Province(name: name)
            v.check(filter.province != nil, "provincie", "invalid_province")
        }
        filter.includeEnded = query.bool("inclusiefBeeindigd", into: &v) ?? false
        let showPriority = AccessPolicy.canSeePriority(context.user)
        if let priority = query.bool("prioriteit", into: &v) {
            if !showPriority { v.add("prioriteit", "filter_not_allowed") }
            filter.priorityOnly = priority
        }
        let pageRequest = query.page(into: &v)
        try v.finish()
        let page = try await directory.municipalities(filter, page: pageRequest, viewer: context.user)
        return try ListResponse(page: page, request: request, items: page.items.map { MunicipalityDTO($0, showPriority: showPriority) }).response()
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let text = try context.parameters.require("code")
        guard let code = MunicipalityCode(text) else {
            throw DomainError.invalid([FieldError(field: "code", code: "invalid_municipality_code")])
        }
        guard let municipality = try await directory.municipality(code) else { throw DomainError.notFound }
        return try JSONResponse.make(MunicipalityDTO(municipality, showPriority: AccessPolicy.canSeePriority(context.user)))
    }
}
