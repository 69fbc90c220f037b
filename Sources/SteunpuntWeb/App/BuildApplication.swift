import Foundation
import Hummingbird
import NIOCore
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import SteunpuntApp
import SteunpuntDomain
import SteunpuntMail
import SteunpuntStorage

/// Everything the HTTP application is built from. `main` and every test build the app
/// through `buildApplication`, so tests run the real thing.
public struct AppEnvironment: Sendable {
    public var configuration: AppConfiguration
    public var database: Database
    public var dependencies: Dependencies
    public var logger: Logger

    public init(configuration: AppConfiguration, database: Database, dependencies: Dependencies = .live, logger: Logger) {
        self.configuration = configuration
        self.database = database
        self.dependencies = dependencies
        self.logger = logger
    }
}

/// The location of this module's bundled resources (templates, catalogues, CSS, OpenAPI).
public enum WebResources {
    public static var directory: URL {
        Bundle.module.bundleURL.appendingPathComponent("Resources")
    }
}

/// Prometheus is bootstrapped once per process, however many apps a test run builds.
enum MetricsBootstrap {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}

/// Builds the router with every route and middleware, in the order they wrap each other.
public func buildRouter(_ environment: AppEnvironment) async throws -> Router<AppContext> {
    let configuration = environment.configuration
    let database = environment.database
    let dependencies = environment.dependencies
    let renderer = try await PageRenderer(resources: WebResources.directory, isTLS: configuration.isTLS, contactEmail: configuration.contactEmail)
    let hasher = try await PasswordHasher(cost: configuration.bcryptCost)
    let commonPasswords = try CommonPasswords.load(from: WebResources.directory)
    let municipalities = MunicipalityStore(database: database)
    let organisations = OrganisationStore(database: database)
    let users = UserStore(database: database)
    let sessions = SessionStore(database: database)
    let tokens = APITokenStore(database: database)
    let audit = AuditStore(database: database)
    let box = try configuration.secretBox()
    let mfa = MFAStore(database: database, box: box)

    let router = Router(context: AppContext.self, options: .autoGenerateHeadEndpoints)
    // Outermost first: each middleware wraps everything added after it.
    router.add(middleware: RequestTracingMiddleware())
    router.add(middleware: ClientAddressMiddleware(trustedProxies: configuration.trustedProxies))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: RequestLogMiddleware(level: .info))
    router.add(middleware: SecurityHeadersMiddleware(isTLS: configuration.isTLS))
    router.add(middleware: APIConventionsMiddleware())
    router.add(middleware: try StaticAssetsMiddleware(directory: WebResources.directory.appendingPathComponent("public/static")))

    let api = try APIRouteInventory.make(environment)

    router.add(middleware: IdentityMiddleware(sessions: sessions, tokens: tokens, lifetime: configuration.sessionLifetime,
                                              maxBodyBytes: configuration.maxBodyBytes,
                                              maxDocumentBytes: configuration.maxDocumentBytes, twoStep: configuration.twoStep,
                                              notifications: NotificationStore(database: database),
                                              privacy: configuration.privacyGuard, now: dependencies.now))
    router.add(middleware: ErrorMiddleware(renderer: renderer, routes: api.table))
    router.add(middleware: IdentityCheckMiddleware())
    router.add(middleware: TwoStepGateMiddleware())
    router.add(middleware: TrailingSlashMiddleware())
    router.add(middleware: APIQueryMiddleware())
    router.add(middleware: CSRFProtection())
    api.registerAll(on: router)

    OperationsRoutes(database: database, registry: MetricsBootstrap.registry, now: dependencies.now).register(on: router)
    StaticPages(renderer: renderer, isTLS: configuration.isTLS).register(on: router)
    let throttle = SignInThrottleStore(database: database, policy: configuration.signInThrottle)
    let signIn = SignInService(users: users, sessions: sessions, audit: audit, throttle: throttle, mfa: mfa, hasher: hasher,
                               codes: TOTPVerifier.codes, lifetime: configuration.sessionLifetime, dependencies: dependencies)
    SignInPages(renderer: renderer, service: signIn, isTLS: configuration.isTLS).register(on: router)
    DashboardPage(renderer: renderer, service: WorkOverview(requests: .make(environment), quickscan: try .make(environment), organisations: organisations,
                                                           municipalities: municipalities, users: users, audit: audit, twoStep: configuration.twoStep,
                                                           dependencies: dependencies),
                  circles: try .make(environment), networks: .make(environment), plan: .make(environment),
                  planSupport: .make(environment), incidents: .make(environment), retention: .make(environment)).register(on: router)
    AuditPage(renderer: renderer, service: .make(environment)).register(on: router)
    PrivilegeReviewPage(renderer: renderer, service: PrivilegeReview(users: users, organisations: organisations, audit: audit,
                                                                     dependencies: dependencies)).register(on: router)
    AccountPages(renderer: renderer,
                 account: AccountOverview(organisations: organisations, sessions: sessions, mfa: mfa, twoStep: configuration.twoStep,
                                          lifetime: configuration.sessionLifetime, dependencies: dependencies),
                 tokens: .make(environment),
                 signIn: signIn, isTLS: configuration.isTLS).register(on: router)
    let directory = Directory(municipalities: municipalities, organisations: organisations, users: users)
    let nameChoices = NameChoices(municipalities: municipalities, organisations: organisations)
    MunicipalityPages(renderer: renderer, directory: directory).register(on: router)
    OrganisationPages(renderer: renderer, directory: directory).register(on: router)
    AdminOrganisationPages(renderer: renderer, directory: directory, service: .make(environment), choices: nameChoices).register(on: router)
    let administration = try UserAdministration.make(environment, hasher: hasher, commonPasswords: commonPasswords)
    AdminUserPages(renderer: renderer, service: administration, dependencies: dependencies, choices: nameChoices).register(on: router)
    TwoStepPages(renderer: renderer, enrolment: TwoStepEnrolment(mfa: mfa, sessions: sessions, codes: TOTPVerifier.codes, dependencies: dependencies),
                 signIn: signIn).register(on: router)
    ReverifyPages(renderer: renderer, service: signIn).register(on: router)
    let requestService = RequestService.make(environment)
    RequestListPage(renderer: renderer, service: requestService, choices: nameChoices).register(on: router)
    RequestExport(renderer: renderer, service: requestService).register(on: router)
    RequestFormPage(renderer: renderer, service: requestService, choices: nameChoices).register(on: router)
    RequestDetailPage(renderer: renderer, service: requestService, choices: nameChoices, incidents: .make(environment)).register(on: router)
    NeedsAdminPage(renderer: renderer, service: .make(environment)).register(on: router)
    RoutingRulesPage(renderer: renderer, service: requestService,
                     routing: RoutingService(rules: RoutingRuleStore(database: database), needs: NeedStore(database: database),
                                             dependencies: dependencies)).register(on: router)
    let toolbox = ToolboxService.make(environment)
    ToolboxSearchPage(renderer: renderer, service: toolbox).register(on: router)
    OfferingFormPage(renderer: renderer, service: toolbox).register(on: router)
    let meetings = MeetingService.make(environment)
    MeetingFormPage(renderer: renderer, service: meetings).register(on: router)
    let meetingPage = MeetingsPage(renderer: renderer, service: meetings, publicURL: environment.configuration.publicURL)
    meetingPage.register(on: router)
    MeetingFollowUpPage(renderer: renderer, service: meetings, meetingPage: meetingPage).register(on: router)
    MeetingFeedPage(renderer: renderer, service: meetings, publicURL: environment.configuration.publicURL).register(on: router)
    let circles = try CircleService.make(environment)
    CircleFormPage(renderer: renderer, service: circles).register(on: router)
    CirclesPage(renderer: renderer, service: circles).register(on: router)
    CircleSpacePage(renderer: renderer, service: circles).register(on: router)
    let planService = PlanService.make(environment), progressService = ProgressService.make(environment)
    PlanPage(renderer: renderer, plans: planService, progress: progressService, evidence: .make(environment)).register(on: router)
    PointPage(renderer: renderer, progress: progressService, plans: planService, support: .make(environment), evidence: .make(environment)).register(on: router)
    PlanSupportPage(renderer: renderer, service: .make(environment), plans: planService).register(on: router)
    PlanQuickscanPage(renderer: renderer, reading: .make(environment), plans: planService).register(on: router)
    let planAdmin = PlanAdminPage(renderer: renderer, plans: planService)
    planAdmin.register(on: router)
    PlanEditPage(renderer: renderer, plans: planService, admin: planAdmin).register(on: router)
    PlanSheetPage(renderer: renderer, progress: progressService).register(on: router)
    PlanOverviewPage(renderer: renderer, progress: progressService).register(on: router)
    let networks = NetworkService.make(environment)
    NetworkFormPage(renderer: renderer, service: networks).register(on: router)
    IncidentsPage(renderer: renderer, service: .make(environment)).register(on: router)
    IncidentPage(renderer: renderer, service: .make(environment)).register(on: router)
    IncidentStepPage(renderer: renderer, service: .make(environment)).register(on: router)
    HandlingTemplatePage(renderer: renderer, service: .make(environment)).register(on: router)
    IncidentFiguresPage(renderer: renderer, service: .make(environment)).register(on: router)
    let measures = MeasureService.make(environment)
    ProgrammePage(renderer: renderer, service: measures).register(on: router)
    MeasureFormPage(renderer: renderer, service: measures).register(on: router)
    MeasurePage(renderer: renderer, service: measures).register(on: router)
    IndicatorsPage(renderer: renderer, service: .make(environment)).register(on: router)
    ReportsPage(renderer: renderer, service: .make(environment)).register(on: router)
    IncidentReportPage(renderer: renderer, service: .make(environment)).register(on: router)
    NetworksPage(renderer: renderer, service: networks).register(on: router)
    let offeringPage = OfferingPage(renderer: renderer, service: toolbox)
    offeringPage.register(on: router)
    DocumentPage(renderer: renderer, service: toolbox, offeringPage: offeringPage).register(on: router)
    QuestionsPage(renderer: renderer, service: toolbox).register(on: router)
    let quickscan = try QuickscanService.make(environment)
    QuickscanIndexPage(renderer: renderer, service: quickscan).register(on: router)
    RoundFormPage(renderer: renderer, service: quickscan).register(on: router)
    RoundPage(renderer: renderer, service: quickscan).register(on: router)
    ResponsePage(renderer: renderer, service: quickscan).register(on: router)
    AnalysisPage(renderer: renderer, service: quickscan).register(on: router)
    FollowUpPage(renderer: renderer, service: quickscan).register(on: router)
    QuickscanExport(renderer: renderer, service: quickscan).register(on: router)
    let notifications = Notifications(store: NotificationStore(database: database), dependencies: dependencies)
    NotificationsPage(renderer: renderer, service: notifications).register(on: router)
    NotificationPreferencesPage(renderer: renderer, service: notifications).register(on: router)
    DestructionListPages(renderer: renderer, service: .make(environment), municipalities: MunicipalityStore(database: environment.database))
        .register(on: router)
    MailOutboxPage(renderer: renderer, service: MailAdministration(
        outbox: configuration.smtp == nil ? nil : MailOutboxStore(database: database, box: try configuration.secretBox()),
        audit: AuditStore(database: database), dependencies: dependencies)).register(on: router)
    WebhookPages(renderer: renderer, service: try .make(environment)).register(on: router)
    PasswordPages(renderer: renderer, service: try Passwords.make(environment, hasher: hasher, commonPasswords: commonPasswords)).register(on: router)
    InvitationPages(renderer: renderer, service: InvitationAcceptance(invitations: InvitationStore(database: database), hasher: hasher,
                                                                      commonPasswords: commonPasswords, dependencies: dependencies)).register(on: router)
    return router
}

/// The API's routes, collected before they are registered; the OpenAPI test reads them.
enum APIRouteInventory {
    static func make(_ environment: AppEnvironment) throws -> APIRoutes {
        let database = environment.database
        var api = APIRoutes()
        let directory = Directory(municipalities: MunicipalityStore(database: database), organisations: OrganisationStore(database: database),
                                  users: UserStore(database: database))
        MunicipalitiesAPI(directory: directory).register(on: &api)
        OrganisationsAPI(directory: directory, service: .make(environment)).register(on: &api)
        CurrentUserAPI().register(on: &api)
        NotificationsAPI(service: Notifications(store: NotificationStore(database: database), dependencies: environment.dependencies)).register(on: &api)
        AuditAPI(service: .make(environment)).register(on: &api)
        SupportRequestsAPI(service: RequestService.make(environment), needService: .make(environment)).register(on: &api)
        RequestFiguresAPI(service: RequestService.make(environment)).register(on: &api)
        ToolboxAPI(service: ToolboxService.make(environment)).register(on: &api)
        DocumentAPI(service: ToolboxService.make(environment)).register(on: &api)
        InstrumentAPI(service: InstrumentService(instruments: InstrumentStore(database: environment.database), dependencies: environment.dependencies))
            .register(on: &api)
        let quickscan = try QuickscanService.make(environment)
        RoundAPI(service: quickscan).register(on: &api)
        ResponseAPI(service: quickscan).register(on: &api)
        AnalysisAPI(service: quickscan).register(on: &api)
        WebhooksAPI(service: try .make(environment)).register(on: &api)
        MeetingsAPI(service: .make(environment), publicURL: environment.configuration.publicURL).register(on: &api)
        MeetingFollowUpAPI(service: .make(environment)).register(on: &api)
        CirclesAPI(service: try .make(environment)).register(on: &api)
        NetworksAPI(service: .make(environment)).register(on: &api)
        PlanAPI(plans: .make(environment), progress: .make(environment)).register(on: &api)
        PlanSupportAPI(service: .make(environment)).register(on: &api)
        PlanDraftAPI(plans: .make(environment)).register(on: &api)
        PlanEvidenceAPI(evidence: .make(environment)).register(on: &api)
        IncidentsAPI(service: .make(environment)).register(on: &api)
        IncidentStepsAPI(service: .make(environment)).register(on: &api)
        MeasuresAPI(service: .make(environment)).register(on: &api)
        IndicatorsAPI(service: .make(environment)).register(on: &api)
        ReportsAPI(service: .make(environment)).register(on: &api)
        IncidentFiguresAPI(service: .make(environment)).register(on: &api)
        PlanOverviewAPI(progress: .make(environment)).register(on: &api)
        try OpenAPIDocument(directory: WebResources.directory).register(on: &api)
        return api
    }

    static func routes(_ environment: AppEnvironment) throws -> [APIRouteTable.Entry] {
        try make(environment).table.entries
    }
}

/// The background services (`BackgroundServices` in `SteunpuntApp`) for this configuration.
func backgroundServices(_ environment: AppEnvironment, interval: Duration? = nil) throws -> [any Service] {
    let configuration = environment.configuration
    let text = try mailTexts()
    let mail = try configuration.smtp.map { smtp in
        (outbox: MailOutboxStore(database: environment.database, box: try configuration.secretBox()), client: SMTPClient(configuration: smtp),
         from: configuration.mailFrom, text: text, publicURL: configuration.publicURL)
    }
    let webhooks = (store: WebhookStore(database: environment.database, box: try configuration.secretBox()),
                    source: WebhookEvent.source(oin: configuration.oin), api: configuration.apiURL)
    return BackgroundServices.all(database: environment.database, sessionLifetime: configuration.sessionLifetime,
                                  signInThrottle: configuration.signInThrottle, mail: mail, webhooks: webhooks,
                                  planReminderMonths: configuration.planReminderMonths,
                                  retention: RetentionService.make(environment),
                                  now: environment.dependencies.now,
                                  logger: environment.logger, interval: interval)
}

/// Builds the whole application: router, background services (unless `backgroundServices`
/// is false: a test that runs a service's rounds itself), graceful shutdown.
public func buildApplication(_ environment: AppEnvironment, backgroundServices runsServices: Bool = true,
                             onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(environment)
    let configuration = environment.configuration
    return Application(
        router: router,
        // Idle and slow connections are closed (a head not complete within the idle
        // timeout counts as idle); oversized heads are answered 431 (`HeaderLimitHandler`).
        server: .http1(configuration: .init(additionalChannelHandlers: [HeaderLimitHandler()], idleTimeout: .init(configuration.idleTimeout),
                                            httpDecoderConfiguration: .init(maxHeaderFieldSize: HeaderLimitHandler.maxFieldSize,
                                                                            maxHeaderListSize: HeaderLimitHandler.maxHeadSize))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil,
                             availableConnectionsDelegate: ConnectionLimit(maximum: configuration.maxConnections, logger: environment.logger)),
        services: runsServices ? try backgroundServices(environment) : [],
        onServerRunning: onServerRunning,
        logger: environment.logger)
}
