import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/organisaties` and `/organisaties/{id}`: who takes part, and their people.
/// For signed-in users only.
struct OrganisationPages {
    let renderer: PageRenderer
    let directory: Directory

    struct ListModel {
        struct Row { let id: String; let name: String; let kind: String }
        let query: String
        let kinds: [OptionModel]
        let rows: [Row]
        let hasResults: Bool
        let resultCaption: String
        let pagination: PaginationModel?
        let errors: FormErrors
    }

    struct DetailModel {
        struct Member { let name: String; let role: String; let email: String?; let status: String }
        let id: String
        let name: String
        let kind: String
        let isActive: Bool
        let municipalityCode: String?
        let municipalityName: String?
        let parentID: String?
        let parentName: String?
        let members: [Member]
        let hasMembers: Bool
        /// The viewer works elsewhere: the people are not listed (`AccessPolicy.canSeeMembers`).
        let membersHidden: Bool
    }

    func register(on router: Router<AppContext>) {
        router.get("organisaties", use: list)
        router.get("organisaties/{id}", use: show)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard AccessPolicy.canListOrganisations(user) else { throw DomainError.forbidden }
        let t = renderer.catalogue(context.language)
        let query = Query(request: request)
        var v = Validator()
        var filter = OrganisationFilter(text: query.search(into: &v))
        if let kind = query.text("soort") {
            filter.kind = OrganisationKind(rawValue: kind)
            v.check(filter.kind != nil, "soort", "invalid_kind")
        }
        let page = try await directory.organisations(filter, page: PageRequest(number: query.page(into: &v).number, size: 50))
        let model = ListModel(
            query: query.text("zoek") ?? "",
            kinds: OrganisationKind.allCases.map { OptionModel(value: $0.rawValue, label: t.text("kind_\($0.rawValue)"), selected: $0 == filter.kind) },
            rows: page.items.map { .init(id: $0.id.rawValue, name: $0.name, kind: t.text("kind_\($0.kind.rawValue)")) },
            hasResults: !page.items.isEmpty,
            resultCaption: t.text("results_count", ["count": NumberText.format(page.total, context.language)]),
            pagination: PaginationModel(page, request: request, catalogue: t),
            errors: FormErrors(v.errors, t))
        return try renderer.render("organisations", page: model, title: t.text("organisations_title"), request: request, context: context,
                                   status: v.errors.isEmpty ? .ok : .badRequest)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try context.requireUser()
        guard let id = OrganisationID(try context.parameters.require("id")),
              let organisation = try await directory.organisation(id) else { throw DomainError.notFound }
        let t = renderer.catalogue(context.language)
        let municipality = try await organisation.municipality.asyncMap { try await directory.municipality($0) } ?? nil
        let parent = try await organisation.parent.asyncMap { try await directory.organisation($0) } ?? nil
        let mayList = directory.mayListMembers(of: id, viewer: viewer)
        let members = try await (mayList ? directory.members(of: id, viewer: viewer) : []).map {
            DetailModel.Member(name: $0.user.name, role: t.text("role_\($0.user.role.rawValue)"), email: $0.email,
                               status: t.text($0.user.isActive ? "status_active" : "status_inactive"))
        }
        let model = DetailModel(
            id: id.rawValue, name: organisation.name, kind: t.text("kind_\(organisation.kind.rawValue)"), isActive: organisation.isActive,
            municipalityCode: municipality?.code.rawValue, municipalityName: municipality?.name,
            parentID: parent?.id.rawValue, parentName: parent?.name, members: members, hasMembers: !members.isEmpty, membersHidden: !mayList)
        return try renderer.render("organisation", page: model, title: organisation.name, request: request, context: context)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
