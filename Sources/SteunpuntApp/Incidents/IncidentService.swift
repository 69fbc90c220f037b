import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The incident register (issue 21): a municipality's officials register their incidents
/// and tension signals, handle them (status, tension level with a note) and share them with
/// the expertise unit or a partner organisation, or stop sharing; they read all of their
/// own, the unit and each partner what is shared with it (`IncidentPolicy`). Every change,
/// every share, every read of an incident and every read of a shared list is in the audit
/// trail. Not found and not allowed look the same to
/// those who may read no incidents of that municipality.
package struct IncidentService: Sendable {
    package let incidents: IncidentStore
    package let steps: HandlingStepStore
    package let offerings: OfferingStore
    package let requests: RequestStore
    package let needs: NeedStore
    package let municipalities: MunicipalityStore
    package let organisations: OrganisationStore
    package let users: UserStore
    package let audit: AuditStore
    package let dependencies: Dependencies
    package let privacy: PrivacyGuard

    package init(incidents: IncidentStore, steps: HandlingStepStore, offerings: OfferingStore, requests: RequestStore, needs: NeedStore, municipalities: MunicipalityStore,
                 organisations: OrganisationStore, users: UserStore, audit: AuditStore,
                 dependencies: Dependencies, privacy: PrivacyGuard = .standard) {
        self.incidents = incidents
        self.steps = steps
        self.offerings = offerings
        self.requests = requests
        self.needs = needs
        self.municipalities = municipalities
        self.organisations = organisations
        self.users = users
        self.audit = audit
        self.dependencies = dependencies
        self.privacy = privacy
    }

    /// The reach of `actor`, or `forbidden` (`unauthenticated` without a user).
    package func reach(_ actor: Actor) throws -> IncidentPolicy.Reach {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard let reach = IncidentPolicy.reach(user) else { throw DomainError.forbidden }
        return reach
    }

    package func register(_ draft: IncidentDraft, actor: Actor) async throws -> Incident {
        guard case .own(let code) = try reach(actor), let user = actor.user else { throw DomainError.forbidden }
        let now = dependencies.now()
        let valid = try draft.validated(today: now, privacy: privacy)
        let id = dependencies.uuid()
        return try await incidents.create(valid, municipality: code, id: id, by: user.id, at: now,
                                          audit: actor.auditEvent(.incidentCreated, objectType: "incident", objectID: id.uppercasedText, at: now))
    }

    /// The incidents `actor` reads, the latest first; the read of a list of what was shared
    /// (the unit's, a partner's) is audited.
    package func list(_ filter: IncidentStore.Filter, page: PageRequest, actor: Actor) async throws -> Page<Incident> {
        let reach = try reach(actor)
        let found = try await incidents.list(reach, filter: filter, page: page)
        if case .sharedWith = reach {
            try await audit.append(actor.auditEvent(.incidentListRead, objectType: "incident", objectID: nil, at: dependencies.now()))
        }
        return found
    }

    /// One incident with its history (oldest first, as far as the reader may see it:
    /// `IncidentPolicy.history`) and the names of who made each change; the read is audited.
    package struct IncidentView: Sendable {
        package let incident: Incident
        package let history: [IncidentEvent]
        package let names: [UUID: String]
        /// Every share it had and has, for the municipality only (empty for other readers),
        /// with the names of the organisations the history and the shares mention.
        package let shares: [IncidentShare]
        package let organisationNames: [OrganisationID: String]
        /// Whether the reader may follow the link to the request for help (the municipality, the unit).
        package let mayFollowRequest: Bool
        package let mayKeep: Bool
        /// Its handling steps, in order.
        package let steps: [IncidentStep]
        /// The guide the steps come from, when the template links one the reader may see.
        package let guide: Offering?
    }

    package func read(_ id: String, actor: Actor) async throws -> IncidentView {
        let incident = try await readable(id, actor: actor)
        let reach = try reach(actor)
        let history = IncidentPolicy.history(try await incidents.history(of: incident.id), for: reach)
        // A destroyed incident is a skeleton: nobody keeps it any more.
        let mayKeep = incident.destroyedAt == nil && IncidentPolicy.mayKeep(actor.user, incidentsOf: incident.municipality)
        let shares = mayKeep ? try await incidents.shares(of: incident.id) : []
        let steps = try await self.steps.steps(of: incident.id)
        let names = try await users.names(of: Array(Set(history.map(\.by) + shares.flatMap { [$0.sharedBy] + ($0.revokedBy.map { [$0] } ?? []) })))
        let guide = try await guide(of: steps.first?.templateVersion, actor: actor)
        try await audit.append(actor.auditEvent(.incidentRead, objectType: "incident", objectID: incident.id.uppercasedText, at: dependencies.now()))
        return IncidentView(incident: incident, history: history, names: names, shares: shares, organisationNames: try await organisations.names(),
                            mayFollowRequest: mayKeep || reach == .sharedWith(.expertiseUnit),
                            mayKeep: mayKeep, steps: steps, guide: guide)
    }

    /// Records a new status and/or tension level, made on `version` (nil: as it stands).
    package func update(_ id: String, with update: IncidentUpdate, version: Int?, actor: Actor) async throws -> Incident {
        let (incident, user) = try await keepable(id, actor: actor)
        let valid = try update.validated(for: incident, privacy: privacy)
        let now = dependencies.now()
        return try await incidents.update(incident.id, with: valid, expectedVersion: version, by: user.id, at: now,
                                          audit: actor.auditEvent(.incidentChanged, objectType: "incident", objectID: incident.id.uppercasedText, at: now))
    }

    /// Shares the incident with `organisation` (the expertise unit or an active partner
    /// organisation: `IncidentPolicy.mayShare`; else `organisatie: invalid_share_organisation`),
    /// whose staff are told; or ends its share, whatever the organisation is now. Made on
    /// `version` (nil: as it stands); audited as `<incident>/<organisation>`.
    package func share(_ id: String, with organisation: String, _ shared: Bool, version: Int?, actor: Actor) async throws -> Incident {
        let (incident, user) = try await keepable(id, actor: actor)
        guard let target = OrganisationID(organisation.trimmingCharacters(in: .whitespaces)) else {
            throw DomainError.invalid([FieldError(field: "organisatie", code: "invalid_share_organisation")])
        }
        if shared {
            guard let found = try await organisations.get(target), IncidentPolicy.mayShare(with: found) else {
                throw DomainError.invalid([FieldError(field: "organisatie", code: "invalid_share_organisation")])
            }
        }
        let now = dependencies.now()
        return try await incidents.share(incident.id, with: target, shared, expectedVersion: version, by: user.id, at: now,
                                         audit: actor.auditEvent(shared ? .incidentShared : .incidentUnshared, objectType: "incident",
                                                                 objectID: "\(incident.id.uppercasedText)/\(target.rawValue)", at: now))
    }

    /// Every share of the incident, for its municipality's officials.
    package func shares(of id: String, actor: Actor) async throws -> (shares: [IncidentShare], names: [OrganisationID: String]) {
        let (incident, _) = try await keepable(id, actor: actor)
        let shares = try await incidents.shares(of: incident.id)
        return (shares, try await organisations.names())
    }

    /// The organisations a municipality can share an incident with, to pick from: the
    /// expertise unit first, then the active partner organisations by name.
    package func sharePartners(actor: Actor) async throws -> [NamedChoice] {
        guard case .own = try reach(actor) else { throw DomainError.forbidden }
        let unit = try await organisations.get(.expertiseUnit).map { NamedChoice(id: $0.id.rawValue, name: $0.name) }
        return (unit.map { [$0] } ?? []) + (try await organisations.choices(kinds: IncidentPolicy.partnerKinds))
    }

    /// Asks the expertise unit for help from the incident: files a support request at the
    /// unit (channel `incident`, the needs of the incident's kind) with `question`, linked
    /// both ways, made on `version` (nil: as it stands); help is asked once
    /// (`incident_help_asked`). The unit reads the incident from then on.
    package func askHelp(_ id: String, question text: String, version: Int?, actor: Actor) async throws -> SupportRequest {
        let (incident, user) = try await keepable(id, actor: actor)
        let question = try IncidentHelp.question(text, privacy: privacy)
        guard incident.requestID == nil else { throw DomainError.conflict("incident_help_asked") }
        let known = try await needs.all()
        let municipalityName = try await municipalities.get(incident.municipality)?.name ?? incident.municipality.rawValue
        let valid = try IncidentHelp.draft(incident, question: question, municipalityName: municipalityName)
            .validated(knownNeeds: Set(known.map(\.code)), privacy: privacy)
        let requestID = dependencies.uuid(), now = dependencies.now()
        return try await incidents.askHelp(incident.id, expectedVersion: version, request: valid, requests: requests, requestID: requestID, by: user.id, at: now,
                                           targets: DeadlineTargets(needs: known.filter { valid.needs.contains($0.code) }, urgency: valid.urgency),
                                           audit: [actor.auditEvent(.requestCreated, objectType: "request", objectID: requestID.uppercasedText, at: now),
                                                   actor.auditEvent(.incidentHelpAsked, objectType: "incident", objectID: incident.id.uppercasedText, at: now)])
    }

    /// The incident a request was filed from, when `actor` may read it (for the request's page).
    package func incident(forRequest request: UUID, actor: Actor) async throws -> Incident? {
        guard let incident = try await incidents.incident(forRequest: request), IncidentPolicy.mayRead(actor.user, incident) else { return nil }
        return incident
    }

    /// The names of `codes`, to show with incidents.
    package func municipalityNames(of codes: Set<MunicipalityCode>) async throws -> [MunicipalityCode: String] {
        Dictionary(try await municipalities.some(codes).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    package func readable(_ id: String, actor: Actor) async throws -> Incident {
        _ = try reach(actor)
        guard let uuid = UUID(text: id), let incident = try await incidents.get(uuid), IncidentPolicy.mayRead(actor.user, incident) else {
            throw DomainError.notFound
        }
        return incident
    }

    package func keepable(_ id: String, actor: Actor) async throws -> (Incident, User) {
        let incident = try await readable(id, actor: actor)
        guard let user = actor.user, IncidentPolicy.mayKeep(user, incidentsOf: incident.municipality) else { throw DomainError.forbidden }
        return (incident, user)
    }
}
