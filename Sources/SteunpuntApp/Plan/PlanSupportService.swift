import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Support from the 10-point plan (part 4): a municipality ticks "wants support" on a point
/// (`ProgressService.update`, which opens the proposal); the unit sees the proposals with the
/// point's needs and the offerings that match; its coordinator confirms one (a support
/// request at the unit, channel 10-point plan, the point's needs) or dismisses it with a
/// reason; the municipality reads on its point where its question stands.
package struct PlanSupportService: Sendable {
    package let plans: PlanStore
    package let progress: ProgressStore
    package let support: PlanSupportStore
    package let municipalities: MunicipalityStore
    package let needs: NeedStore
    package let offerings: OfferingStore
    package let requests: RequestStore
    package let dependencies: Dependencies
    package let privacy: PrivacyGuard

    package init(plans: PlanStore, progress: ProgressStore, support: PlanSupportStore, municipalities: MunicipalityStore, needs: NeedStore,
                 offerings: OfferingStore, requests: RequestStore, dependencies: Dependencies, privacy: PrivacyGuard = .standard) {
        self.plans = plans
        self.progress = progress
        self.support = support
        self.municipalities = municipalities
        self.needs = needs
        self.offerings = offerings
        self.requests = requests
        self.dependencies = dependencies
        self.privacy = privacy
    }

    /// A proposal as the unit weighs it: the municipality, the point (nil when the published
    /// plan no longer has it), the progress on it now and the offerings that match its needs.
    package struct Item: Sendable {
        package let proposal: SupportProposal
        package let municipality: Municipality
        package let point: PlanPoint?
        package let progress: PointProgress?
        package let offerings: [Offering]
    }

    /// The proposals in `state` (every state when nil), the newest first, `limit` at most:
    /// the unit only. Without `offerings` (the dashboard), no offerings are looked up.
    package func proposals(state: SupportProposalState?, limit: Int = 500, offerings withOfferings: Bool = true, by user: User?) async throws -> [Item] {
        guard PlanPolicy.progressView(user) == .named else { throw user == nil ? DomainError.unauthenticated : DomainError.forbidden }
        return try await items(try await support.list(state: state, limit: limit), offerings: withOfferings)
    }

    package func proposal(_ id: UUID, by user: User?) async throws -> Item {
        guard PlanPolicy.progressView(user) == .named else { throw user == nil ? DomainError.unauthenticated : DomainError.forbidden }
        guard let proposal = try await support.get(id), let item = try await items([proposal]).first else { throw DomainError.notFound }
        return item
    }

    /// How many proposals stand in each state (the unit; nil for others).
    package func counts(by user: User?) async throws -> [SupportProposalState: Int]? {
        guard PlanPolicy.progressView(user) == .named else { return nil }
        return try await support.counts()
    }

    /// The latest proposal on each point of `code`, for those who read its progress.
    package func latest(of code: MunicipalityCode, by user: User?) async throws -> [String: SupportProposal] {
        guard PlanPolicy.mayRead(user, progressOf: code) else { throw user == nil ? DomainError.unauthenticated : DomainError.forbidden }
        return try await support.latest(of: code)
    }

    /// Files the proposal as a support request at the unit and records the confirmation with it.
    package func confirm(_ id: UUID, actor: Actor) async throws -> SupportRequest {
        let item = try await decidable(id, by: actor.user)
        guard let user = actor.user, let point = item.point, let progress = item.progress else { throw DomainError.conflict("support_proposal_stale") }
        let known = try await needs.all()
        let draft = PlanSupport.draft(point: point, progress: progress, municipalityName: item.municipality.name,
                                      needNames: Dictionary(known.map { ($0.code, $0.nameNL) }, uniquingKeysWith: { a, _ in a }),
                                      offerings: item.offerings.map { (title: $0.title, path: "/aanbod/\($0.slug)") })
        let valid = try draft.validated(knownNeeds: Set(known.map(\.code)), privacy: privacy)
        let requestID = dependencies.uuid()
        let now = dependencies.now()
        return try await support.confirm(id, request: valid, requests: requests, requestID: requestID, desk: user.organisation, by: user.id, at: now,
                                         targets: DeadlineTargets(needs: known.filter { valid.needs.contains($0.code) }, urgency: valid.urgency),
                                         audit: [actor.auditEvent(.requestCreated, objectType: "request", objectID: requestID.uppercasedText, at: now),
                                                 actor.auditEvent(.planSupportConfirmed, objectType: "plan_support", objectID: id.uppercasedText, at: now)])
    }

    /// Dismisses the proposal; the reason (optional, privacy-checked) is what the municipality reads.
    package func dismiss(_ id: UUID, reason text: String, actor: Actor) async throws {
        let reason = try PlanSupport.reason(text, privacy: privacy)
        _ = try await decidable(id, by: actor.user)
        guard let user = actor.user else { throw DomainError.unauthenticated }
        let now = dependencies.now()
        try await support.dismiss(id, reason: reason, by: user.id, at: now,
                                  audit: actor.auditEvent(.planSupportDismissed, objectType: "plan_support", objectID: id.uppercasedText, at: now))
    }

    /// The proposal, when it is open and `user` is the unit's coordinator.
    private func decidable(_ id: UUID, by user: User?) async throws -> Item {
        let item = try await proposal(id, by: user)
        guard PlanPolicy.mayDecideSupport(user) else { throw DomainError.forbidden }
        guard item.proposal.state == .open else { throw DomainError.conflict("support_proposal_decided") }
        return item
    }

    /// Each proposal with its municipality, point, progress and offerings (progress read
    /// in one query; offerings once per point: they depend on the point alone).
    private func items(_ proposals: [SupportProposal], offerings withOfferings: Bool = true) async throws -> [Item] {
        guard !proposals.isEmpty else { return [] }
        let plan = try await plans.published()
        let found = Dictionary(try await municipalities.some(Set(proposals.map(\.municipality))).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let recorded = try await progress.progress(of: Set(proposals.map(\.municipality)))
        var matches: [String: [Offering]] = [:]
        var result: [Item] = []
        for proposal in proposals {
            guard let municipality = found[proposal.municipality] else { continue }
            let point = plan?.plan.point(proposal.pointKey)
            if withOfferings, let point, matches[point.key] == nil { matches[point.key] = try await offerings(for: point) }
            result.append(Item(proposal: proposal, municipality: municipality, point: point,
                               progress: recorded[proposal.municipality]?[proposal.pointKey],
                               offerings: point.flatMap { matches[$0.key] } ?? []))
        }
        return result
    }

    /// The offerings the point names, then those matching its needs; five at most.
    private func offerings(for point: PlanPoint) async throws -> [Offering] {
        var found: [Offering] = []
        for text in point.offerings {
            let slug = text.split(separator: "/").last.map(String.init) ?? text
            if let slug = OfferingSlug(slug), let offering = try await offerings.get(slug, reach: .signedIn) { found.append(offering) }
        }
        for offering in try await offerings.matching(point.needs) where !found.contains(where: { $0.id == offering.id }) { found.append(offering) }
        return Array(found.prefix(5))
    }
}
