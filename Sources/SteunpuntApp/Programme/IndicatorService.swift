import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The action programme's indicators (issue 22, parts 3 to 5), for those who read the
/// programme (`ProgrammePolicy`). A figure is computed from the records its named query
/// gives (`IndicatorStore`); for a quarter that has ended the records are read once and kept,
/// so its figure never changes afterwards. The expertise unit sees request figures whole
/// (it sees municipalities by name); the NCTV's analysts, and everyone for incidents (which
/// the unit does not all see), see them as aggregates with small groups hidden
/// (`Disclosure`). The records behind a figure are listed only as far as the reader may
/// open them (the requests in its scope).
package struct IndicatorService: Sendable {
    package let indicators: IndicatorStore
    package let requests: RequestStore?
    package let plans: PlanStore?
    package let dependencies: Dependencies

    package init(indicators: IndicatorStore, requests: RequestStore? = nil, plans: PlanStore? = nil, dependencies: Dependencies) {
        self.indicators = indicators
        self.requests = requests
        self.plans = plans
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
        if period.end() <= now {
            if let kept = try await indicators.frozen(code, in: period) {
                (records, readAt) = (kept.records, kept.readAt)
            } else {
                records = try await indicators.records(code, in: period)
                try await indicators.freeze(code, in: period, version: definition.version, records: records, readAt: now)
                // Another reader may have kept them first: what is kept is the figure.
                if let kept = try await indicators.frozen(code, in: period) { (records, readAt) = (kept.records, kept.readAt) }
            }
            frozen = true
        } else {
            records = try await indicators.records(code, in: period, now: now)
        }
        let full = IndicatorValue(definition, period: period, records: records, readAt: readAt, isFrozen: frozen, disclosure: Self.disclosure(definition, for: user))
        guard !full.records.isEmpty else { return full }
        // Provenance: only the records the reader may open.
        let visible = try await indicators.visibleRequests(full.records, scope: RequestPolicy.scope(for: user))
        return full.limited(to: visible)
    }
}
