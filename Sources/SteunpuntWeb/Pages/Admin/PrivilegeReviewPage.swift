import Foundation
import Hummingbird
import SteunpuntDomain
import SteunpuntStorage

/// `/beheer/rechten`: who holds which role, since when, and when they last signed in, for
/// the quarterly privilege review (BIO2 8.02.01). Also as CSV; every export is audited.
struct PrivilegeReviewPage {
    let renderer: PageRenderer
    let users: UserStore
    let organisations: OrganisationStore
    let audit: AuditStore
    let now: @Sendable () -> Date

    struct Model {
        struct Row { let name: String; let email: String; let organisation: String; let role: String; let since: String; let lastSignIn: String; let status: String }
        let roles: [OptionModel]
        let rows: [Row]
        let hasResults: Bool
        let resultCaption: String
        let exportLink: String
    }

    func register(on router: Router<AppContext>) {
        router.get("beheer/rechten", use: show)
        router.get("beheer/rechten.csv", use: export)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try requireAdministrator(context)
        let t = renderer.catalogue(context.language)
        let role = Query(request: request).text("rol").flatMap(Role.init(rawValue:))
        let rows = try await self.rows(role: role, catalogue: t)
        let model = Model(
            roles: Role.allCases.map { OptionModel(value: $0.rawValue, label: t.text("role_\($0.rawValue)"), selected: $0 == role) },
            rows: rows, hasResults: !rows.isEmpty,
            resultCaption: t.text("results_count", ["count": NumberText.format(rows.count, context.language)]),
            exportLink: "/beheer/rechten.csv" + (role.map { "?rol=\($0.rawValue)" } ?? ""))
        return try renderer.render("privileges", page: model, title: t.text("privileges_title"), request: request, context: context)
    }

    @Sendable func export(_ request: Request, context: AppContext) async throws -> Response {
        try requireAdministrator(context)
        try context.requireFreshVerification(request, at: now())
        let t = renderer.catalogue(context.language)
        let role = Query(request: request).text("rol").flatMap(Role.init(rawValue:))
        let rows = try await self.rows(role: role, catalogue: t)
        try await audit.append(context.auditEvent(.privilegesExported, objectType: "users", objectID: role?.rawValue, at: now()))
        let header = ["field_name", "field_email", "field_organisation", "field_role", "privileges_since", "privileges_last_sign_in", "field_status"].map { t.text($0) }
        let csv = CSVExport.document(header: header, rows: rows.map { [$0.name, $0.email, $0.organisation, $0.role, $0.since, $0.lastSignIn, $0.status] })
        return CSVExport.response(csv, filename: "rechten-\(DateText.day(now())).csv")
    }

    private func rows(role: Role?, catalogue t: Catalogue) async throws -> [Model.Row] {
        let holders = try await users.privileges(role: role)
        let lastSignIns = try await audit.lastSignIns()
        let names = try await organisations.names()
        return holders.map { entry in
            Model.Row(name: entry.user.name, email: entry.user.email,
                      organisation: names[entry.user.organisation] ?? entry.user.organisation.rawValue,
                      role: t.text("role_\(entry.user.role.rawValue)"), since: DateText.day(entry.roleSince),
                      lastSignIn: lastSignIns[entry.user.id].map(DateText.day) ?? t.text("never"),
                      status: t.text(entry.user.isActive ? "status_active" : "status_inactive"))
        }
    }

    private func requireAdministrator(_ context: AppContext) throws {
        guard AccessPolicy.canAdminister(try context.requireUser()) else { throw DomainError.forbidden }
    }
}
