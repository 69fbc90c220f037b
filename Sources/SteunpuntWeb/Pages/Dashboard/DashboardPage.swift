import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// The landing page after sign-in: the person's own work first (`WorkOverview`: their
/// queues with counts and the first items, rounds to answer, replies, decisions to take),
/// then what their role keeps an eye on, then context figures and the places they work in.
struct DashboardPage {
    let renderer: PageRenderer
    let service: WorkOverview
    /// The learning circles the reader's organisation is in or invited to, and for the unit
    /// the requests to join waiting for it.
    let circles: CircleService
    /// The unit's network register: how many entries are due for review.
    let networks: NetworkService
    /// The 10-point plan: a municipality's own progress, and for the unit where support is wanted.
    let plan: ProgressService
    /// The municipalities' wishes for support on the plan, waiting for the unit.
    let planSupport: PlanSupportService
    /// A municipality's open incidents; for a partner organisation, those shared with it.
    let incidents: IncidentService
    let retention: RetentionService

    struct Model {
        struct LinkItem { let label: String; let href: String }
        struct Item { let number: String; let title: String; let href: String; let detail: String }
        struct QueueModel { let title: String; let count: String; let href: String; let items: [Item]; let hasItems: Bool; let isEmpty: Bool }
        struct Figure { let label: String; let value: String }
        let greeting: String
        let roleIntro: String
        let organisationID: String
        let organisationName: String
        let organisationKind: String
        let municipalityCode: String?
        /// Nothing waits: said so, instead of empty lists.
        let allDone: Bool
        let queues: [QueueModel]
        let hasQueues: Bool
        let rounds: [Item]
        let hasRounds: Bool
        let replies: [Item]
        let hasReplies: Bool
        let followUps: [Item]
        let hasFollowUps: Bool
        /// Administrators: invitations, two-step verification, the privilege review.
        let adminItems: [LinkItem]
        let hasAdminItems: Bool
        let analyses: [LinkItem]
        let hasAnalyses: Bool
        let requestFigures: RequestFiguresModel?
        let figures: [Figure]
        let hasFigures: Bool
        let links: [LinkItem]
        var circles: [Item] = [] { didSet { hasCircles = !circles.isEmpty } }
        /// Stored, as the templates read fields through reflection.
        var hasCircles = false
        var networkReview: Item? = nil
        /// Destruction lists waiting for this reader (the coordinator's review, an administrator's approval).
        var retention: [Item] = [] { didSet { hasRetention = !retention.isEmpty } }
        var hasRetention = false
        struct PlanPanel { let title: String; let href: String; let items: [Item]; let hasItems: Bool }
        var planPanel: PlanPanel? = nil
        var incidentPanel: PlanPanel? = nil
    }

    func register(on router: Router<AppContext>) {
        router.get("dashboard", use: show)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let overview = try await service.overview(for: user)
        let labels = RequestLabels.make(renderer.catalogue(context.language), needs: try await service.requests.needs.all(includeRetired: true))
        var model = Self.model(overview, labels: labels, language: context.language)
        model.circles = try await circleItems(for: user, labels.t)
        if let due = try await networks.dueForReview(by: user), due > 0 {
            model.networkReview = Model.Item(number: "", title: labels.t.text("network_due_count", ["count": NumberText.format(due, context.language)]),
                                             href: "/netwerken?beoordelen=ja", detail: "")
        }
        model.planPanel = try await planPanel(for: user, labels.t)
        model.incidentPanel = try await incidentPanel(for: user, context: context, labels.t)
        model.retention = try await retention.waiting(for: user).map { list in
            let t = labels.t
            return Model.Item(number: "", title: t.text("dashboard_retention", [
                "number": list.number, "step": t.text(list.status == .inReview ? "dashboard_retention_review" : "dashboard_retention_approval"),
                "count": NumberText.format(list.items, t.language)]), href: "/beheer/vernietiging/\(list.id.lowercasedText)", detail: "")
        }
        return try renderer.render("dashboard", page: model, title: renderer.catalogue(context.language).text("nav_dashboard"), request: request, context: context)
    }

    /// A municipality's official: how far its plan is, the points to review and the next
    /// steps due within 30 days (or overdue). The unit: the points on which municipalities
    /// want support, the latest first.
    func planPanel(for user: User, _ t: Catalogue) async throws -> Model.PlanPanel? {
        if let own = try await plan.own(by: user) {
            let soon = CalendarDay(of: plan.dependencies.now().addingTimeInterval(30 * 86_400))
            var items: [Model.Item] = []
            for state in own.points {
                let title = "\(NumberText.format(state.point.number, t.language)). \(state.point.title)"
                let href = "/tienpuntenplan/\(own.municipality.code.rawValue)/\(state.point.key)"
                if state.progress.needsReview {
                    items.append(Model.Item(number: "", title: title, href: href, detail: t.text("plan_review_badge")))
                } else if let due = CalendarDay(state.progress.nextStepOn), due <= soon, !state.progress.nextStep.isEmpty {
                    items.append(Model.Item(number: "", title: title, href: href,
                                            detail: t.text("plan_next_step_line", ["step": state.progress.nextStep, "day": t.date(due.start())])))
                }
            }
            let done = own.count(.inPlace) + own.count(.sustained)
            return Model.PlanPanel(title: t.text("plan_summary", ["done": NumberText.format(done, t.language), "total": NumberText.format(own.points.count, t.language)]),
                                   href: "/tienpuntenplan", items: Array(items.prefix(5)), hasItems: !items.isEmpty)
        }
        guard PlanPolicy.progressView(user) == .named else { return nil }
        // The first five and the count: the offerings are read on the wishes' own page.
        let open = try await planSupport.proposals(state: .open, limit: 5, offerings: false, by: user)
        guard !open.isEmpty, let count = try await planSupport.counts(by: user)?[.open] else { return nil }
        let items = open.map { item in
            Model.Item(number: "", title: "\(item.municipality.name): \(item.point.map { "\(NumberText.format($0.number, t.language)). \($0.title)" } ?? item.proposal.pointKey)",
                       href: "/tienpuntenplan/ondersteuning#voorstel-\(item.proposal.id.lowercasedText)",
                       detail: t.text("dashboard_plan_asked", ["day": t.date(item.proposal.askedAt)]))
        }
        return Model.PlanPanel(title: t.text("dashboard_plan_support", ["count": NumberText.format(count, t.language)]), href: "/tienpuntenplan/ondersteuning",
                               items: items, hasItems: !items.isEmpty)
    }

    /// A municipality's official: its open incidents, the latest first. A partner's staff:
    /// the incidents shared with their organisation (their work; the read is audited as any
    /// list of shared incidents). Nobody else: the unit works from its requests.
    func incidentPanel(for user: User, context: AppContext, _ t: Catalogue) async throws -> Model.PlanPanel? {
        let key: String
        switch IncidentPolicy.reach(user) {
        case .own: key = "dashboard_incidents_own"
        case .sharedWith where user.role == .partnerStaff: key = "dashboard_incidents_shared"
        default: return nil
        }
        let page = try await incidents.list(IncidentStore.Filter(openOnly: key == "dashboard_incidents_own"), page: PageRequest(size: 3), actor: context.actor)
        let names = try await incidents.municipalityNames(of: Set(page.items.map(\.municipality)))
        let items = page.items.map { incident in
            Model.Item(number: incident.number, title: t.text("incident_kind_\(incident.kind.rawValue)"), href: "/incidenten/\(incident.id.lowercasedText)",
                       detail: [IncidentsPage.day(incident, t), names[incident.municipality] ?? incident.municipality.rawValue,
                                t.text("incident_status_\(incident.status.rawValue)")].joined(separator: " · "))
        }
        return Model.PlanPanel(title: t.text(key, ["count": NumberText.format(page.total, t.language)]), href: "/incidenten", items: items, hasItems: !items.isEmpty)
    }

    /// The reader's circles (invitations first: they ask for an answer), and for the unit the
    /// requests to join that wait for a decision.
    func circleItems(for user: User, _ t: Catalogue) async throws -> [Model.Item] {
        var items: [Model.Item] = []
        if let pending = try await circles.pendingRequests(by: user), pending > 0 {
            items.append(Model.Item(number: "", title: t.text("circle_pending_requests", ["count": NumberText.format(pending, t.language)]), href: "/leerkringen",
                                    detail: ""))
        }
        let own = try await circles.own(by: user).sorted { ($0.state == .invited ? 0 : 1, $0.circle.title) < ($1.state == .invited ? 0 : 1, $1.circle.title) }
        items += own.map {
            Model.Item(number: "", title: $0.circle.title, href: "/leerkringen/\($0.circle.id.lowercasedText)", detail: t.text("membership_state_\($0.state.rawValue)"))
        }
        return items
    }

    static func model(_ overview: WorkOverview.Overview, labels: RequestLabels, language: Language) -> Model {
        let t = labels.t
        let user = overview.user
        func count(_ value: Int, lowerBound: Bool = false) -> String {
            lowerBound ? t.text("count_more_than", ["count": NumberText.format(value, language)]) : NumberText.format(value, language)
        }
        let queues = overview.queues.map { queue in
            let items = queue.first.map { item in
                Model.Item(number: item.request.number, title: item.request.title, href: "/hulpvragen/\(item.request.id.lowercasedText)",
                           detail: t.text("dashboard_due", ["date": t.date(item.request.resolutionDue.addingTimeInterval(-1))]) + " · " + item.requesterName)
            }
            return Model.QueueModel(title: t.text("queue_\(queue.queue.rawValue)"), count: count(queue.count, lowerBound: queue.countIsLowerBound),
                                    href: "/hulpvragen?wachtrij=\(queue.queue.rawValue)", items: items, hasItems: !items.isEmpty, isEmpty: queue.count == 0)
        }
        let rounds = overview.roundsToAnswer.map { entry in
            Model.Item(number: "", title: entry.round.title, href: "/quickscans",
                       detail: t.text(entry.status == nil ? "dashboard_round_not_started" : "dashboard_round_in_progress",
                                      ["date": CalendarDay(entry.round.closesOn).map { t.date($0.start()) } ?? entry.round.closesOn]))
        }
        let replies = overview.recentReplies.map { reply in
            Model.Item(number: reply.number, title: reply.title, href: "/hulpvragen/\(reply.requestID.lowercasedText)",
                       detail: t.text("dashboard_reply_from", ["from": reply.fromName, "date": t.dateTime(reply.at)]))
        }
        let followUps = overview.followUps.filter { $0.undecided > 0 }.map { entry in
            Model.Item(number: "", title: entry.round.title, href: "/quickscans/rondes/\(entry.round.id.lowercasedText)/opvolging",
                       detail: t.text("dashboard_follow_ups_open", ["count": NumberText.format(entry.undecided, language)]))
        }
        var adminItems: [Model.LinkItem] = []
        if let admin = overview.admin {
            adminItems = [
                .init(label: t.text("dashboard_admin_invitations", ["count": NumberText.format(admin.pendingInvitations, language)]), href: "/beheer/gebruikers"),
                .init(label: t.text("dashboard_admin_two_step", ["count": NumberText.format(admin.withoutTwoStep.count, language),
                                                                 "required": NumberText.format(admin.requiredWithoutTwoStep, language)]),
                      href: "/beheer/gebruikers"),
                .init(label: t.text("dashboard_admin_privileged", ["count": NumberText.format(admin.privileged, language)]), href: "/beheer/rechten"),
            ]
        }
        let analyses = overview.latestAnalyses.map {
            Model.LinkItem(label: $0.title, href: "/quickscans/rondes/\($0.id.lowercasedText)/analyse")
        }
        let figures = overview.context.map { Model.Figure(label: t.text("figure_\($0.figure.rawValue)"), value: NumberText.format($0.value, language)) }
        let requestFigures = overview.figures.map {
            RequestFiguresModel($0, period: t.text("figures_period_year", ["year": String(DutchCalendar().calendar.component(.year, from: overview.figuresFrom))]),
                                labels: labels, language: language)
        }
        let organisation = overview.organisation
        return Model(
            greeting: t.text("dashboard_greeting", ["name": user.name]),
            roleIntro: t.text("dashboard_intro_\(user.role.rawValue)"),
            organisationID: user.organisation.rawValue,
            organisationName: organisation?.name ?? user.organisation.rawValue,
            organisationKind: organisation.map { t.text("kind_\($0.kind.rawValue)") } ?? "",
            municipalityCode: organisation?.kind == .municipality ? organisation?.municipality?.rawValue : nil,
            allDone: !overview.hasWork && !overview.queues.isEmpty,
            queues: queues, hasQueues: !queues.isEmpty, rounds: rounds, hasRounds: !rounds.isEmpty,
            replies: replies, hasReplies: !replies.isEmpty, followUps: followUps, hasFollowUps: !followUps.isEmpty,
            adminItems: adminItems, hasAdminItems: !adminItems.isEmpty, analyses: analyses, hasAnalyses: !analyses.isEmpty,
            requestFigures: requestFigures, figures: figures, hasFigures: !figures.isEmpty, links: links(for: user, t))
    }

    /// The places a role works in.
    static func links(for user: User, _ t: Catalogue) -> [Model.LinkItem] {
        var links: [Model.LinkItem] = []
        if RequestPolicy.scope(for: user) != .none {
            links.append(.init(label: t.text("nav_requests"), href: "/hulpvragen"))
            if RequestPolicy.mayFile(user) { links.append(.init(label: t.text("request_new"), href: "/hulpvragen/nieuw")) }
        }
        switch user.role {
        case .administrator:
            links += [.init(label: t.text("nav_users"), href: "/beheer/gebruikers"), .init(label: t.text("nav_audit"), href: "/beheer/audit"),
                      .init(label: t.text("privileges_title"), href: "/beheer/rechten"), .init(label: t.text("needs_title"), href: "/beheer/behoeften"),
                      .init(label: t.text("organisation_new"), href: "/beheer/organisaties/nieuw")]
        case .auditor:
            return [.init(label: t.text("nav_audit"), href: "/beheer/audit")]
        case .unitAdvisor, .unitCoordinator:
            links.append(.init(label: t.text("turnout_title"), href: "/bijeenkomsten/opkomst"))
            links.append(.init(label: t.text("circles_title"), href: "/leerkringen"))
            links.append(.init(label: t.text("networks_title"), href: "/netwerken"))
        case .municipalOfficial:
            links.append(.init(label: t.text("circles_title"), href: "/leerkringen"))
        default:
            break
        }
        return links + [.init(label: t.text("nav_municipalities"), href: "/gemeenten"), .init(label: t.text("nav_organisations"), href: "/organisaties")]
    }
}
