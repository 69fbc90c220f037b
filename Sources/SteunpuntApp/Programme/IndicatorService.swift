import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The action programme's indicators (issue 22, parts 3 to 5), for those who read the
/// programme (`ProgrammePolicy`). A figure is computed from the records its named query
/// gives (`IndicatorStore`) until an analyst closes the quarter (after it ended); then the
/// records are kept as they stood and its figure never changes afterwards. The expertise unit sees request figures whole
/// (it sees municipalities by name); the NCTV's analysts, and everyone for incidents (which
/// the unit does not all see), see them as aggregates with small groups hidden
/// (`Disclosure`). The records behind a figure are listed only as far as the reader may
/// open them (the requests in its scope).
package struct IndicatorService: Sendable {
    package let indicators: IndicatorStore
    package let requests: RequestStore?
    package let plans: PlanStore?
    package let users: UserStore?
    package let dependencies: Dependencies

    package init(indicators: IndicatorStore, requests: RequestStore? = nil, plans: PlanStore? = nil, users: UserStore? = nil, dependencies: Dependencies) {
        self.indicators = indicators
        self.requests = requests
        self.plans = plans
        self.users = users
        self.dependencies = dependencies
    }

    /// The names of a breakdown's parts that are no words of the interface: the 10-point
    /// plan's points, by number and title as the published plan has them.
    package func partNames(of definition: IndicatorDefinition) async throws -> [String: String] {
        guard definition.breakdown == "punt", let plans, let published = try await plans.published() else { return [:] }
        return Dictionary(published.plan.points.map { ($0.key, "\($0.number). \($0.title)") }, uniquingKeysWith: { first, _ in first })
    }

    /// The numbers of the requests behind a figure the reader may open (`HV-2026-00004`).
    package func numbers(of value: IndicatorValue) async throws -> [UUID: String] {
        guard value.definition.records == .request, let requests else { return [:] }
        return try await requests.numbers(of: value.records)
    }

    /// The quarter a figure is asked for: `text` (`2026-K4`), this quarter when nil; one that has not begun is refused.
    package func period(_ text: String?) throws -> PlanQuarter {
        let now = PlanQuarter(containing: dependencies.now())
        guard let text else { return now }
        guard let period = PlanQuarter(text) else { throw DomainError.invalid([FieldError(field: "periode", code: "invalid_quarter")]) }
        guard period <= now else { throw DomainError.invalid([FieldError(field: "periode", code: "period_in_future")]) }
        return period
    }

    /// A quarter's state for the indicators: when it was closed and by whom (nil: its figures
    /// are still computed as the records stand), and whether the reader may close it now.
    package struct PeriodState: Sendable {
        package let period: PlanQuarter
        package let closing: IndicatorClosing?
        package let closedBy: String?
        package let hasEnded: Bool
        package let mayClose: Bool
    }

    package func state(of period: PlanQuarter, actor: Actor) async throws -> PeriodState {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard ProgrammePolicy.mayRead(user) else { throw DomainError.forbidden }
        let closing = try await indicators.closing(of: period)
        let ended = period.end() <= dependencies.now()
        var name: String?
        if let by = closing?.closedBy, let users { name = try await users.names(of: [by])[by] }
        return PeriodState(period: period, closing: closing, closedBy: name, hasEnded: ended,
                           mayClose: ended && closing == nil && ProgrammePolicy.mayClosePeriod(user))
    }

    /// Every quarter closed, newest first.
    package func closings(actor: Actor) async throws -> [IndicatorClosing] {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard ProgrammePolicy.mayRead(user) else { throw DomainError.forbidden }
        return try await indicators.closings()
    }

    /// Closes an ended quarter (an analyst of the NCTV): every indicator's records as they
    /// stand now kept, its figures never recomputed afterwards. A quarter still running is
    /// refused, as is one closed already. Audited `indicator_period.close`.
    package func close(_ period: PlanQuarter, actor: Actor) async throws -> IndicatorClosing {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard ProgrammePolicy.mayClosePeriod(user) else { throw DomainError.forbidden }
        let now = dependencies.now()
        guard period.end() <= now else { throw DomainError.invalid([FieldError(field: "periode", code: "period_not_ended")]) }
        guard try await indicators.closing(of: period) == nil else { throw DomainError.conflict("period_closed") }
        var records: [IndicatorCode: [IndicatorRecord]] = [:]
        for code in IndicatorCode.allCases { records[code] = try await indicators.records(code, in: period, now: now) }
        guard let closing = try await indicators.close(period, records: records, by: user.id, at: now,
                                                       audit: actor.auditEvent(.indicatorPeriodClosed, objectType: "indicator_period",
                                                                               objectID: period.description, at: now)) else {
            throw DomainError.conflict("period_closed")
        }
        return closing
    }

    /// Every indicator's definition, for those who read the programme.
    package func definitions(actor: Actor) throws -> [IndicatorDefinition] {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard ProgrammePolicy.mayRead(user) else { throw DomainError.forbidden }
        return IndicatorDefinition.all
    }

    /// Every indicator's figure for `period`.
    package func values(in period: PlanQuarter, actor: Actor) async throws -> [IndicatorValue] {
        var values: [IndicatorValue] = []
        for code in IndicatorCode.allCases { values.append(try await value(code, in: period, actor: actor)) }
        return values
    }

    /// How `user` sees `definition`'s figure: whole for its audience, as aggregates for the others.
    static func disclosure(_ definition: IndicatorDefinition, for user: User) -> Disclosure {
        switch definition.wholeFor {
        case .everyone: .open
        case .unit: user.organisation == .expertiseUnit ? .open : .aggregates
        case .nobody: .aggregates
        }
    }

    package func value(_ code: IndicatorCode, in period: PlanQuarter, actor: Actor) async throws -> IndicatorValue {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard ProgrammePolicy.mayRead(user) else { throw DomainError.forbidden }
        let definition = IndicatorDefinition.of(code)
        let now = dependencies.now()
        var records: [IndicatorRecord], readAt = now, frozen = false
        if let kept = try await indicators.frozen(code, in: period) {
            (records, readAt, frozen) = (kept.records, kept.readAt, true)
        } else {
            // Open (a quarter running, or ended and not closed yet): as the stores hold it now.
            records = try await indicators.records(code, in: period, now: now)
        }
        let full = IndicatorValue(definition, period: period, records: records, readAt: readAt, isFrozen: frozen, disclosure: Self.disclosure(definition, for: user))
        guard !full.records.isEmpty else { return full }
        // Provenance: only the records the reader may open.
        let visible = try await indicators.visibleRequests(full.records, scope: RequestPolicy.scope(for: user))
        return full.limited(to: visible)
    }
}
