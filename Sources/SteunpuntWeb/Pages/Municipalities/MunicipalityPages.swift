import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/gemeenten` and `/gemeenten/{code}`: browse and open the 342 municipalities.
/// Public; signed-in users also see the organisations in a municipality.
struct MunicipalityPages {
    let renderer: PageRenderer
    let directory: Directory

    struct ListModel {
        struct Row { let code: String; let name: String; let province: String; let population: String; let isPriority: Bool }
        let query: String
        let summary: String
        let resultCaption: String
        let provinces: [OptionModel]
        let rows: [Row]
        let hasResults: Bool
        let showPriority: Bool
        let pagination: PaginationModel?
        let errors: FormErrors
    }

    struct DetailModel {
        struct OrganisationRow { let id: String; let name: String; let kind: String; let memberCount: String }
        let code: String
        let name: String
        let province: String
        let population: String
        let populationClass: String
        let isPriority: Bool
        let showPriority: Bool
        let endedNotice: String?
        let signedIn: Bool
        let organisations: [OrganisationRow]
        let hasOrganisations: Bool
    }

    func register(on router: Router<AppContext>) {
        router.get("gemeenten", use: list)
        router.get("gemeenten/{code}", use: show)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let query = Query(request: request)
        var v = Validator()
        var filter = MunicipalityFilter(text: query.search(into: &v))
        if let name = query.text("provincie") {
            filter.province = Province(name: name)
            v.check(filter.province != nil, "provincie", "invalid_province")
        }
        let pageRequest = PageRequest(number: query.page(into: &v).number, size: 50)
        let page = try await directory.municipalities(filter, page: pageRequest, viewer: context.user)
        let showPriority = AccessPolicy.canSeePriority(context.user)
        let model = ListModel(
            query: query.text("zoek") ?? "",
            summary: t.text("municipalities_summary", ["count": NumberText.format(try await directory.municipalityCount(), context.language)]),
            resultCaption: t.text("results_count", ["count": NumberText.format(page.total, context.language)]),
            provinces: Province.allCases.map { OptionModel(value: $0.slug, label: $0.rawValue, selected: $0 == filter.province) },
            rows: page.items.map { .init(code: $0.code.rawValue, name: $0.name, province: $0.province.rawValue, population: NumberText.format($0.population, context.language), isPriority: $0.isPriority) },
            hasResults: !page.items.isEmpty, showPriority: showPriority,
            pagination: PaginationModel(page, request: request, catalogue: t),
            errors: FormErrors(v.errors, t))
        return try renderer.render("municipalities", page: model, title: t.text("municipalities_title"), request: request, context: context,
                                   status: v.errors.isEmpty ? .ok : .badRequest)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        guard let code = MunicipalityCode(try context.parameters.require("code")),
              let municipality = try await directory.municipality(code) else { throw DomainError.notFound }
        if code.rawValue != (try context.parameters.require("code")) {
            return .redirect(to: "/gemeenten/\(code)", type: .permanent)
        }
        let t = renderer.catalogue(context.language)
        let rows = try await directory.organisations(in: code, viewer: context.user).map { local in
            let members = local.activeMembers
            return DetailModel.OrganisationRow(id: local.organisation.id.rawValue, name: local.organisation.name,
                                               kind: t.text("kind_\(local.organisation.kind.rawValue)"),
                                               memberCount: t.text(members == 1 ? "people_count_one" : "people_count", ["count": String(members)]))
        }
        let model = DetailModel(
            code: code.rawValue, name: municipality.name, province: municipality.province.rawValue,
            population: NumberText.format(municipality.population, context.language),
            populationClass: t.text("population_class_\(municipality.populationClass.rawValue)"),
            isPriority: municipality.isPriority, showPriority: AccessPolicy.canSeePriority(context.user),
            endedNotice: municipality.endedOn.map { _ in t.text("municipality_ended") },
            signedIn: context.user != nil, organisations: rows, hasOrganisations: !rows.isEmpty)
        return try renderer.render("municipality", page: model, title: municipality.name, request: request, context: context)
    }
}
