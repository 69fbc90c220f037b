import Foundation
import Hummingbird
import SteunpuntDomain
import SteunpuntStorage

/// The landing page after sign-in: the user's organisation, figures their role may see,
/// and the places their role works in.
struct DashboardPage {
    let renderer: PageRenderer
    let organisations: OrganisationStore
    let municipalities: MunicipalityStore
    let users: UserStore
    let audit: AuditStore
    let requests: RequestStore
    let needs: NeedStore
    let now: @Sendable () -> Date

    struct Model {
        struct Figure { let label: String; let value: String }
        struct LinkItem { let label: String; let href: String }
        let greeting: String
        let roleIntro: String
        let organisationID: String
        let organisationName: String
        let organisationKind: String
        let municipalityCode: String?
        let figures: [Figure]
        let hasFigures: Bool
        let links: [LinkItem]
        /// Open requests within the user's reach, by deadline state (roles that handle requests).
        let requestCounts: [LinkItem]
        let hasRequestCounts: Bool
        /// This year's figures (the unit, analysts).
        let requestFigures: RequestFiguresModel?
    }

    func register(on router: Router<AppContext>) {
        router.get("dashboard", use: show)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let model = try await model(for: user, language: context.language)
        return try renderer.render("dashboard", page: model, title: renderer.catalogue(context.language).text("nav_dashboard"), request: request, context: context)
    }

    /// The dashboard's data for one user, apart from rendering so it can be tested alone.
    func model(for user: User, language: Language) async throws -> Model {
        let t = renderer.catalogue(language)
        let organisation = try await organisations.get(user.organisation)
        var figures: [Model.Figure] = []
        var links: [Model.LinkItem] = [.init(label: t.text("nav_municipalities"), href: "/gemeenten"), .init(label: t.text("nav_organisations"), href: "/organisaties")]
        func figure(_ key: String, _ value: Int) { figures.append(.init(label: t.text(key), value: NumberText.format(value, language))) }
        switch user.role {
        case .unitAdvisor, .unitCoordinator, .nationalAnalyst, .deskAgent:
            figure("figure_municipalities", try await municipalities.count())
            figure("figure_priority_municipalities", try await municipalities.list(MunicipalityFilter(priorityOnly: true), page: PageRequest(size: 1)).total)
        case .administrator:
            figure("figure_organisations", try await organisations.list(OrganisationFilter(), page: PageRequest(size: 1)).total)
            figure("figure_users", try await users.count())
            links.append(.init(label: t.text("nav_users"), href: "/beheer/gebruikers"))
            links.append(.init(label: t.text("nav_audit"), href: "/beheer/audit"))
            links.append(.init(label: t.text("privileges_title"), href: "/beheer/rechten"))
            links.append(.init(label: t.text("needs_title"), href: "/beheer/behoeften"))
            links.append(.init(label: t.text("organisation_new"), href: "/beheer/organisaties/nieuw"))
        case .auditor:
            figure("figure_audit_events", try await audit.search(AuditFilter(), page: PageRequest(size: 1)).total)
            links = [.init(label: t.text("nav_audit"), href: "/beheer/audit")]
        case .municipalOfficial, .schoolStaff:
            figure("figure_colleagues", try await users.members(of: user.organisation).filter(\.isActive).count)
        }
        var requestCounts: [Model.LinkItem] = []
        let scope = RequestPolicy.scope(for: user)
        if scope != .none {
            links.insert(.init(label: t.text("nav_requests"), href: "/hulpvragen"), at: 0)
            if RequestPolicy.mayFile(user) { links.insert(.init(label: t.text("request_new"), href: "/hulpvragen/nieuw"), at: 1) }
            for state in [DeadlineState.overdue, .dueSoon, .paused] {
                let page = try await requests.list(RequestFilter(deadline: state), scope: scope, page: PageRequest(size: 1))
                requestCounts.append(.init(label: t.text("dashboard_requests_\(state.rawValue)", ["count": NumberText.total(page, language)]),
                                           href: "/hulpvragen?termijn=\(state.rawValue)"))
            }
        }
        var requestFigures: RequestFiguresModel?
        if RequestPolicy.canSeeFigures(user) {
            let (from, until) = RequestFiguresModel.year(of: now())
            let labels = RequestLabels.make(t, needs: try await needs.all(includeRetired: true))
            requestFigures = RequestFiguresModel(try await requests.figures(from: from, until: until).shown(to: RequestPolicy.figuresDisclosure(for: user)),
                                                 period: t.text("figures_period_year", ["year": String(DutchCalendar().calendar.component(.year, from: from))]),
                                                 labels: labels, language: language)
        }
        return Model(
            greeting: t.text("dashboard_greeting", ["name": user.name]),
            roleIntro: t.text("dashboard_intro_\(user.role.rawValue)"),
            organisationID: user.organisation.rawValue,
            organisationName: organisation?.name ?? user.organisation.rawValue,
            organisationKind: organisation.map { t.text("kind_\($0.kind.rawValue)") } ?? "",
            municipalityCode: organisation?.kind == .municipality ? organisation?.municipality?.rawValue : nil,
            figures: figures, hasFigures: !figures.isEmpty, links: links,
            requestCounts: requestCounts, hasRequestCounts: !requestCounts.isEmpty, requestFigures: requestFigures)
    }
}
