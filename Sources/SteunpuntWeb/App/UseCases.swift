import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

// The use cases (SteunpuntApp) as the server builds them from its configuration.

extension RequestService {
    static func make(_ environment: AppEnvironment) -> RequestService {
        let database = environment.database
        return RequestService(requests: RequestStore(database: database), needs: NeedStore(database: database),
                              organisations: OrganisationStore(database: database), users: UserStore(database: database),
                              audit: AuditStore(database: database), routing: RoutingRuleStore(database: database),
                              offerings: OfferingStore(database: database), meetings: MeetingStore(database: database), networks: NetworkStore(database: database),
                              privacy: environment.configuration.privacyGuard,
                              publicURL: environment.configuration.publicURL, dependencies: environment.dependencies)
    }
}

extension QuickscanService {
    static func make(_ environment: AppEnvironment) throws -> QuickscanService {
        let database = environment.database
        let configuration = environment.configuration
        return QuickscanService(instruments: InstrumentStore(database: database), rounds: RoundStore(database: database),
                                responses: ResponseStore(database: database), municipalities: MunicipalityStore(database: database),
                                needs: NeedStore(database: database), audit: AuditStore(database: database),
                                offerings: OfferingStore(database: database), requests: RequestStore(database: database),
                                followUps: FollowUpStore(database: database), users: UserStore(database: database),
                                outbox: configuration.smtp == nil ? nil : MailOutboxStore(database: database, box: try configuration.secretBox()), mailText: try dutchMailText(),
                                privacy: environment.configuration.privacyGuard, publicURL: environment.configuration.publicURL,
                                dependencies: environment.dependencies)
    }
}

extension RetentionService {
    static func make(_ environment: AppEnvironment) -> RetentionService {
        RetentionService(store: RetentionStore(database: environment.database), schedule: environment.configuration.retention,
                         dependencies: environment.dependencies, privacy: environment.configuration.privacyGuard,
                         auditSigner: (try? environment.configuration.secretBox()).map(AuditCheckpointSigner.init))
    }
}

extension ToolboxService {
    static func make(_ environment: AppEnvironment) -> ToolboxService {
        let database = environment.database
        return ToolboxService(offerings: OfferingStore(database: database), documents: DocumentStore(database: database),
                              audit: AuditStore(database: database), needs: NeedStore(database: database),
                              organisations: OrganisationStore(database: database), privacy: environment.configuration.privacyGuard,
                              dependencies: environment.dependencies, maxDocumentBytes: environment.configuration.maxDocumentBytes)
    }
}

extension OrganisationService {
    static func make(_ environment: AppEnvironment) -> OrganisationService {
        OrganisationService(organisations: OrganisationStore(database: environment.database), privacy: environment.configuration.privacyGuard,
                            dependencies: environment.dependencies)
    }
}

extension WebhookSubscriptions {
    static func make(_ environment: AppEnvironment) throws -> WebhookSubscriptions {
        let database = environment.database
        let configuration = environment.configuration
        return WebhookSubscriptions(store: WebhookStore(database: database, box: try configuration.secretBox()),
                                    organisations: OrganisationStore(database: database), audit: AuditStore(database: database),
                                    source: WebhookEvent.source(oin: configuration.oin), api: configuration.apiURL,
                                    allowPlainHTTP: configuration.webhookAllowHTTP, dependencies: environment.dependencies)
    }
}

extension MeetingService {
    static func make(_ environment: AppEnvironment) -> MeetingService {
        let database = environment.database
        return MeetingService(store: MeetingStore(database: database), organisations: OrganisationStore(database: database),
                              municipalities: MunicipalityStore(database: database), offerings: OfferingStore(database: database),
                              feeds: CalendarFeedStore(database: database), audit: AuditStore(database: database),
                              dependencies: environment.dependencies, privacy: environment.configuration.privacyGuard)
    }
}

extension NeedService {
    static func make(_ environment: AppEnvironment) -> NeedService {
        NeedService(needs: NeedStore(database: environment.database), privacy: environment.configuration.privacyGuard, dependencies: environment.dependencies)
    }
}


extension UserAdministration {
    static func make(_ environment: AppEnvironment, hasher: PasswordHasher, commonPasswords: Set<String>) throws -> UserAdministration {
        let database = environment.database
        let configuration = environment.configuration
        let box = try configuration.secretBox()
        return UserAdministration(users: UserStore(database: database), sessions: SessionStore(database: database),
                                  invitations: InvitationStore(database: database), mfa: MFAStore(database: database, box: box),
                                  outbox: configuration.smtp == nil ? nil : MailOutboxStore(database: database, box: box),
                                  hasher: hasher, commonPasswords: commonPasswords, privacy: configuration.privacyGuard,
                                  publicURL: configuration.publicURL, mailText: try dutchMailText(), dependencies: environment.dependencies)
    }

    /// As the command line builds it: the same hasher and password rules as the server.
    package static func make(_ environment: AppEnvironment) async throws -> UserAdministration {
        try make(environment, hasher: try await PasswordHasher(cost: environment.configuration.bcryptCost),
                 commonPasswords: try CommonPasswords.load(from: WebResources.directory))
    }
}

extension AuditTrailService {
    static func make(_ environment: AppEnvironment) -> AuditTrailService {
        let database = environment.database
        return AuditTrailService(
            audit: AuditStore(database: database), users: UserStore(database: database),
            objects: AuditObjects(users: UserStore(database: database), requests: RequestStore(database: database),
                                  organisations: OrganisationStore(database: database),
                                  offerings: OfferingStore(database: database), rounds: RoundStore(database: database),
                                  municipalities: MunicipalityStore(database: database), incidents: IncidentStore(database: database)),
            dependencies: environment.dependencies)
    }
}

extension Passwords {
    static func make(_ environment: AppEnvironment, hasher: PasswordHasher, commonPasswords: Set<String>) throws -> Passwords {
        let database = environment.database
        let configuration = environment.configuration
        return Passwords(users: UserStore(database: database), links: InvitationStore(database: database), audit: AuditStore(database: database),
                         throttle: SignInThrottleStore(database: database, policy: configuration.signInThrottle),
                         outbox: configuration.smtp == nil ? nil : MailOutboxStore(database: database, box: try configuration.secretBox()),
                         hasher: hasher, commonPasswords: commonPasswords, publicURL: configuration.publicURL, mailText: try dutchMailText(),
                         dependencies: environment.dependencies)
    }
}

extension PersonalTokens {
    package static func make(_ environment: AppEnvironment) -> PersonalTokens {
        PersonalTokens(tokens: APITokenStore(database: environment.database), privacy: environment.configuration.privacyGuard,
                       dependencies: environment.dependencies)
    }
}

/// Mail texts by language code (`nl`, `en`; Dutch for any other) and key, from the bundled catalogues.
func mailTexts() throws -> @Sendable (String, String, [String: String]) -> String {
    let catalogues = try Catalogue.load(from: WebResources.directory.appendingPathComponent("i18n"))
    let dutch = catalogues[.dutch] ?? Catalogue(language: .dutch, strings: [:])
    return { language, key, values in (Language(rawValue: language).flatMap { catalogues[$0] } ?? dutch).text(key, values) }
}

/// Mail texts in Dutch, by key, from the bundled catalogue.
func dutchMailText() throws -> @Sendable (String, [String: String]) -> String {
    let dutch = try Catalogue.load(from: WebResources.directory.appendingPathComponent("i18n"))[.dutch] ?? Catalogue(language: .dutch, strings: [:])
    return { dutch.text($0, $1) }
}

extension CircleService {
    static func make(_ environment: AppEnvironment) throws -> CircleService {
        let database = environment.database
        var service = CircleService(store: CircleStore(database: database), organisations: OrganisationStore(database: database),
                             offerings: OfferingStore(database: database), needs: NeedStore(database: database), audit: AuditStore(database: database),
                             dependencies: environment.dependencies, privacy: environment.configuration.privacyGuard)
        service.quickscan = try QuickscanService.make(environment)
        return service
    }
}

extension IncidentService {
    static func make(_ environment: AppEnvironment) -> IncidentService {
        let database = environment.database
        return IncidentService(incidents: IncidentStore(database: database), steps: HandlingStepStore(database: database), offerings: OfferingStore(database: database), requests: RequestStore(database: database), needs: NeedStore(database: database), municipalities: MunicipalityStore(database: database), organisations: OrganisationStore(database: database), users: UserStore(database: database), audit: AuditStore(database: database),
                               dependencies: environment.dependencies, privacy: environment.configuration.privacyGuard)
    }
}

extension NetworkService {
    static func make(_ environment: AppEnvironment) -> NetworkService {
        let database = environment.database
        return NetworkService(store: NetworkStore(database: database), municipalities: MunicipalityStore(database: database),
                              needs: NeedStore(database: database), audit: AuditStore(database: database),
                              reviewMonths: environment.configuration.networkReviewMonths, dependencies: environment.dependencies,
                              privacy: environment.configuration.privacyGuard)
    }
}

extension PlanService {
    static func make(_ environment: AppEnvironment) -> PlanService {
        PlanService(plans: PlanStore(database: environment.database), needs: NeedStore(database: environment.database),
                    dependencies: environment.dependencies, privacy: environment.configuration.privacyGuard)
    }
}

extension ProgressService {
    static func make(_ environment: AppEnvironment) -> ProgressService {
        let database = environment.database
        return ProgressService(plans: PlanStore(database: database), progress: ProgressStore(database: database),
                               municipalities: MunicipalityStore(database: database), users: UserStore(database: database),
                               snapshots: PlanSnapshotStore(database: database), dependencies: environment.dependencies, privacy: environment.configuration.privacyGuard)
    }
}

extension EvidenceService {
    static func make(_ environment: AppEnvironment) -> EvidenceService {
        let database = environment.database
        return EvidenceService(progress: .make(environment), evidence: EvidenceStore(database: database), documents: DocumentStore(database: database),
                               audit: AuditStore(database: database), dependencies: environment.dependencies,
                               privacy: environment.configuration.privacyGuard, maxDocumentBytes: environment.configuration.maxDocumentBytes)
    }
}

extension PlanQuickscanReading {
    static func make(_ environment: AppEnvironment) -> PlanQuickscanReading {
        let database = environment.database
        return PlanQuickscanReading(progress: .make(environment), responses: ResponseStore(database: database), rounds: RoundStore(database: database),
                                    instruments: InstrumentStore(database: database), audit: AuditStore(database: database))
    }
}

extension PlanSupportService {
    static func make(_ environment: AppEnvironment) -> PlanSupportService {
        let database = environment.database
        return PlanSupportService(plans: PlanStore(database: database), progress: ProgressStore(database: database), support: PlanSupportStore(database: database),
                                  municipalities: MunicipalityStore(database: database), needs: NeedStore(database: database),
                                  offerings: OfferingStore(database: database), requests: RequestStore(database: database), dependencies: environment.dependencies,
                                  privacy: environment.configuration.privacyGuard)
    }
}

extension MeasureService {
    static func make(_ environment: AppEnvironment) -> MeasureService {
        let database = environment.database
        return MeasureService(measures: MeasureStore(database: database), offerings: OfferingStore(database: database),
                              organisations: OrganisationStore(database: database), users: UserStore(database: database),
                              audit: AuditStore(database: database), dependencies: environment.dependencies, privacy: environment.configuration.privacyGuard)
    }
}

extension IndicatorService {
    static func make(_ environment: AppEnvironment) -> IndicatorService {
        IndicatorService(indicators: IndicatorStore(database: environment.database),
                         plans: PlanStore(database: environment.database), users: UserStore(database: environment.database),
                         targets: IndicatorTargetStore(database: environment.database), needs: NeedStore(database: environment.database),
                         dependencies: environment.dependencies)
    }
}

extension ReportService {
    static func make(_ environment: AppEnvironment) -> ReportService {
        ReportService(reports: ReportStore(database: environment.database), measures: MeasureStore(database: environment.database),
                      organisations: OrganisationStore(database: environment.database), indicators: .make(environment),
                      dependencies: environment.dependencies, privacy: environment.configuration.privacyGuard)
    }
}
