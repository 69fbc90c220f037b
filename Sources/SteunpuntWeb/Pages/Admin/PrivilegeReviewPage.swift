import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain

/// `/beheer/rechten`: who holds which role, since when, and when they last signed in, for
/// the quarterly privilege review (BIO2 8.02.01). Also as CSV; every export is audited.
struct PrivilegeReviewPage {
    let renderer: PageRenderer
    let service: PrivilegeReview

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
        _ = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let role = Query(request: request).text("rol").flatMap(Role.init(rawValue:))
        let rows = try await service.holders(role: role, actor: context.actor).map { row($0, t, date: t.date) }
        let model = Model(
            roles: Role.allCases.map { OptionModel(value: $0.rawValue, label: t.text("role_\($0.rawValue)"), selected: $0 == role) },
            rows: rows, hasResults: !rows.isEmpty,
            resultCaption: t.text("results_count", ["count": NumberText.format(rows.count, context.language)]),
            exportLink: "/beheer/rechten.csv" + (role.map { "?rol=\($0.rawValue)" } ?? ""))
        return try renderer.render("privileges", page: model, title: t.text("privileges_title"), request: request, context: context)
    }

    @Sendable func export(_ request: Request, context: AppContext) async throws -> Response {
        guard AccessPolicy.canAdminister(try context.requireUser()) else { throw DomainError.forbidden }
        let now = service.dependencies.now()
        try context.requireFreshVerification(request, at: now)
        let t = renderer.catalogue(context.language)
        let role = Query(request: request).text("rol").flatMap(Role.init(rawValue:))
        let rows = try await service.export(role: role, actor: context.actor).map { row($0, t, date: DateText.day) }
        let header = ["field_name", "field_email", "field_organisation", "field_role", "privileges_since", "privileges_last_sign_in", "field_status"].map { t.text($0) }
        let csv = CSVExport.document(header: header, rows: rows.map { [$0.name, $0.email, $0.organisation, $0.role, $0.since, $0.lastSignIn, $0.status] })
        return CSVExport.response(csv, filename: "rechten-\(DateText.day(now)).csv")
    }

    /// One holder; dates as people read them on the page, as ISO in the CSV file.
    private func row(_ holder: PrivilegeReview.Holder, _ t: Catalogue, date: (Date) -> String) -> Model.Row {
        Model.Row(name: holder.user.name, email: holder.user.email, organisation: holder.organisationName,
                  role: t.text("role_\(holder.user.role.rawValue)"), since: date(holder.roleSince),
                  lastSignIn: holder.lastSignIn.map(date) ?? t.text("never"),
                  status: t.text(holder.user.isActive ? "status_active" : "status_inactive"))
    }
}
