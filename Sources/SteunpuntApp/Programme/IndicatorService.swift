import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The action programme's indicators (issue 22, parts 3 to 5), for those who read the
/// programme (`ProgrammePolicy`). A figure is computed from what its named query counts
/// (`IndicatorStore.tally`: grouped in the database, never one row per record) until an
/// analyst closes the quarter (after it ended); then that tally, and the requests behind
/// it, are kept as they stood and its figure never changes afterwards. The expertise unit sees request figures whole
/// (it sees municipalities by name); the NCTV's analysts, and everyone for incidents (which
/// the unit does not all see), see them as aggregates with small groups hidden
/// (`Disclosure`). The records behind a figure are listed only as far as the reader may
/// open them (the requests in its scope).
package struct IndicatorService: Sendable {
    package let indicators: IndicatorStore
    package let plans: PlanStore?
    package let users: UserStore?
    package let targets: IndicatorTargetStore?
    package let needs: NeedStore?
    package let dependencies: Dependencies

    package init(indicators: IndicatorStore, plans: PlanStore? = nil, users: UserStore? = nil,
                 targets: IndicatorTargetStore? = nil, needs: NeedStore? = nil, dependencies: Dependencies) {
        self.needs = needs
        self.indicators = indicators
        self.targets = targets
        self.plans = plans
        self.users = users
        self.dependencies = dependencies
    }

    /// The names of a breakdown's parts that are no words of the interface: the 10-point
    /// plan's points, by number and title as the published plan has them.
    package func partNames(of definition: IndicatorDefinition) async throws -> [String: String] {
        Dictionary(try await parts(of: definition, by: definition.breakdown).map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// The needs of the taxonomy (retired ones too), for the names of a breakdown by need.
    package func needs() async throws -> [Need] {
        try await needs?.all(includeRetired: true) ?? Need.shipped
    }

    /// The parts a breakdown has an order for: the published plan's points by number (with
    /// their names), population classes small to large, needs as the taxonomy lists them.
    private func parts(of definition: IndicatorDefinition, by dimension: String) async throws -> [(key: String, name: String)] {
        switch dimension {
        case "punt":
            guard let plans, let published = try await plans.published() else { return [] }
            return published.plan.points.sorted { $0.number < $1.number }.map { ($0.key, "\($0.number). \($0.title)") }
        case IndicatorDefinition.populationClass: return PopulationClass.allCases.map { ($0.rawValue, $0.rawValue) }
        case IndicatorDefinition.need: return Need.shipped.map { ($0.code.rawValue, $0.nameNL) }
        default: return []
        }
    }

    /// The requests behind `code`'s figure in `period` that the reader may open, a page at a
    /// time by number: only for a reader who sees the figure whole (`IndicatorValue.listsRecords`),
    /// exactly those counted (kept at closing once a quarter is closed; a year's: its
    /// quarters' together), narrowed to what the reader may open in the query itself. Empty
    /// for every other reader and figure.
    package func requestsBehind(_ code: IndicatorCode, in period: TargetPeriod, page: PageRequest, actor: Actor) async throws -> Page<(id: UUID, number: String)> {
        let user = try reader(actor)
        let definition = IndicatorDefinition.of(code)
        guard definition.records == .request, Self.disclosure(definition, for: user).isOpen else { return Page(items: [], total: 0, request: page) }
        var counted: [(PlanQuarter, frozen: Bool)] = []
        for quarter in quarters(of: period, reading: definition) { counted.append((quarter, try await indicators.closing(of: quarter) != nil)) }
        return try await indicators.requestsBehind(code, in: counted, scope: RequestPolicy.scope(for: user), page: page, now: dependencies.now())
    }

    package func requestsBehind(_ code: IndicatorCode, in period: PlanQuarter, page: PageRequest, actor: Actor) async throws -> Page<(id: UUID, number: String)> {
        try await requestsBehind(code, in: .quarter(period), page: page, actor: actor)
    }

    /// The quarters a figure of `period` is made from: the quarter itself; of a year, those
    /// that have begun (for a reading at the end, the last of them only).
    func quarters(of period: TargetPeriod, reading definition: IndicatorDefinition) -> [PlanQuarter] {
        switch period {
        case .quarter(let quarter): return [quarter]
        case .year(let year):
            let now = PlanQuarter(containing: dependencies.now())
            let begun = (1...4).compactMap { PlanQuarter(year: year, quarter: $0) }.filter { $0 <= now }
            return definition.readsAtEnd ? Array(begun.suffix(1)) : begun
        }
    }

    /// The period a figure is asked for: a quarter (`2026-K4`) or a year (`2026`), this
    /// quarter when nil; one that has not begun is refused.
    package func figurePeriod(_ text: String?) throws -> TargetPeriod {
        guard let text else { return .quarter(try period(nil)) }
        guard let period = TargetPeriod(text) else { throw DomainError.invalid([FieldError(field: "periode", code: "invalid_figure_period")]) }
        let now = PlanQuarter(containing: dependencies.now())
        let begun = switch period {
        case .quarter(let quarter): quarter <= now
        case .year(let year): year <= now.year
        }
        guard begun else { throw DomainError.invalid([FieldError(field: "periode", code: "period_in_future")]) }
        return period
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
        package let period: TargetPeriod
        /// Nil for a year (its quarters are closed one by one).
        package let closing: IndicatorClosing?
        package let closedBy: String?
        package let hasEnded: Bool
        package let mayClose: Bool
    }

    package func state(of period: TargetPeriod, actor: Actor) async throws -> PeriodState {
        guard case .quarter(let quarter) = period else {
            _ = try reader(actor)
            let ended = PlanQuarter(year: period.year, quarter: 4)!.end() <= dependencies.now()
            return PeriodState(period: period, closing: nil, closedBy: nil, hasEnded: ended, mayClose: false)
        }
        return try await state(of: quarter, actor: actor)
    }

    package func state(of period: PlanQuarter, actor: Actor) async throws -> PeriodState {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard ProgrammePolicy.mayRead(user) else { throw DomainError.forbidden }
        let closing = try await indicators.closing(of: period)
        let ended = period.end() <= dependencies.now()
        var name: String?
        if let by = closing?.closedBy, let users { name = try await users.names(of: [by])[by] }
        return PeriodState(period: .quarter(period), closing: closing, closedBy: name, hasEnded: ended,
                           mayClose: ended && closing == nil && ProgrammePolicy.mayKeepIndicators(user))
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
        guard ProgrammePolicy.mayKeepIndicators(user) else { throw DomainError.forbidden }
        let now = dependencies.now()
        guard period.end() <= now else { throw DomainError.invalid([FieldError(field: "periode", code: "period_not_ended")]) }
        guard try await indicators.closing(of: period) == nil else { throw DomainError.conflict("period_closed") }
        guard let closing = try await indicators.close(period, by: user.id, at: now,
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

    /// Every indicator's figure for `period` (a quarter, or a year).
    package func values(in period: TargetPeriod, actor: Actor) async throws -> [IndicatorValue] {
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

    package func values(in period: PlanQuarter, actor: Actor) async throws -> [IndicatorValue] {
        try await values(in: .quarter(period), actor: actor)
    }

    package func value(_ code: IndicatorCode, in period: PlanQuarter, actor: Actor) async throws -> IndicatorValue {
        try await value(code, in: .quarter(period), actor: actor)
    }

    /// `code`'s figure for `period`, broken down by `dimension` when it is one of its
    /// breakdowns (its own otherwise).
    package func value(_ code: IndicatorCode, in period: TargetPeriod, by dimension: String? = nil, actor: Actor) async throws -> IndicatorValue {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard ProgrammePolicy.mayRead(user) else { throw DomainError.forbidden }
        if let dimension, !IndicatorDefinition.of(code).breakdowns.contains(dimension) {
            throw DomainError.invalid([FieldError(field: "uitsplitsing", code: "invalid_breakdown")])
        }
        return try await value(code, in: period, by: dimension, disclosure: Self.disclosure(IndicatorDefinition.of(code), for: user))
    }

    /// The figure as everyone may read it (a published report): aggregates, small groups
    /// hidden, whole only for what is public anyway; never the records behind it.
    package func publicValue(_ code: IndicatorCode, in period: PlanQuarter) async throws -> IndicatorValue {
        let definition = IndicatorDefinition.of(code)
        return try await value(code, in: .quarter(period), disclosure: definition.wholeFor == .everyone ? .open : .aggregates)
    }

    /// The figure from its tally: kept when a quarter was closed, counted by the database as
    /// the records stand now while it is open; a year's from its quarters' tallies together
    /// (a reading at the end: its last quarter's), frozen once each of them is. Broken down
    /// by `dimension` when it is one of the definition's other breakdowns (kept at closing
    /// too). The records themselves are not read here (`requestsBehind` lists those a
    /// reader may open).
    private func value(_ code: IndicatorCode, in period: TargetPeriod, by dimension: String? = nil, disclosure: Disclosure) async throws -> IndicatorValue {
        let definition = IndicatorDefinition.of(code)
        let now = dependencies.now()
        let quarters = quarters(of: period, reading: definition)
        let other = dimension.flatMap { definition.breakdowns.dropFirst().contains($0) ? $0 : nil }
        var tally = IndicatorTally(), split: IndicatorTally? = IndicatorTally(), readAt: Date?, frozen = !quarters.isEmpty
        for quarter in quarters {
            if let kept = try await indicators.frozen(code, in: quarter) {
                tally.merge(kept.tally)
                if let other { if let parts = kept.breakdowns[other] { split?.merge(parts) } else { split = nil } }
                readAt = max(readAt ?? kept.readAt, kept.readAt)
            } else {
                tally.merge(try await indicators.tally(code, in: quarter, now: now))
                if let other { split?.merge(try await indicators.tally(code, in: quarter, now: now, by: other)) }
                (readAt, frozen) = (now, false)
            }
        }
        if case .year(let year) = period, frozen, PlanQuarter(year: year, quarter: 4)!.end() > now { frozen = false }
        let order = try await parts(of: definition, by: other ?? definition.breakdown).map(\.key)
        return IndicatorValue(definition, period: period, tally: tally, parts: other.map { ($0, split) }, readAt: readAt ?? now, isFrozen: frozen,
                              disclosure: disclosure).ordered(order)
    }

    // MARK: Targets and baselines

    /// An indicator's aims: its baseline (a closed quarter, with that quarter's kept figure
    /// as the reader may see it) and its targets by period.
    package struct Aims: Sendable {
        package let baseline: IndicatorBaseline?
        package let baselineValue: IndicatorValue?
        package let targets: [IndicatorTarget]
        package let mayKeep: Bool
        /// The quarters a baseline may name (closed), newest first.
        package let closedPeriods: [PlanQuarter]
    }

    package func aims(of code: IndicatorCode, actor: Actor) async throws -> Aims {
        let user = try reader(actor)
        guard let targets else { return Aims(baseline: nil, baselineValue: nil, targets: [], mayKeep: false, closedPeriods: []) }
        let baseline = try await targets.baselines()[code]
        var value: IndicatorValue?
        if let baseline { value = try await self.value(code, in: .quarter(baseline.period), actor: actor) }
        return Aims(baseline: baseline, baselineValue: value, targets: try await targets.targets(code), mayKeep: ProgrammePolicy.mayKeepIndicators(user),
                    closedPeriods: try await indicators.closings().map(\.period))
    }

    /// Every indicator's target for `period` (the quarter's, or the year's), for the list of figures.
    package func targets(for period: TargetPeriod, actor: Actor) async throws -> [IndicatorCode: IndicatorTarget] {
        _ = try reader(actor)
        guard let targets else { return [:] }
        return Dictionary(try await targets.targets().filter { $0.period == period }.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Sets (or replaces) `code`'s target for a period (an analyst). Every problem at once.
    package func setTarget(_ code: IndicatorCode, _ draft: IndicatorTargetDraft, actor: Actor) async throws -> IndicatorTarget {
        let user = try keeper(actor)
        let now = dependencies.now()
        let valid = try draft.validated(for: IndicatorDefinition.of(code), today: now)
        let target = IndicatorTarget(code: code, period: valid.period, value: valid.value, setBy: user.id, setAt: now)
        try await targets?.setTarget(target, audit: actor.auditEvent(.indicatorTargetSet, objectType: "indicator",
                                                                     objectID: "\(code.rawValue)/\(valid.period)", at: now))
        return target
    }

    /// Removes `code`'s target for `period` (an analyst); 404 when there is none.
    package func removeTarget(_ code: IndicatorCode, period text: String, actor: Actor) async throws {
        _ = try keeper(actor)
        guard let period = TargetPeriod(text) else { throw DomainError.notFound }
        let now = dependencies.now()
        guard try await targets?.removeTarget(code, period: period, audit: actor.auditEvent(.indicatorTargetRemoved, objectType: "indicator",
                                                                                            objectID: "\(code.rawValue)/\(period)", at: now)) == true else {
            throw DomainError.notFound
        }
    }

    /// Sets (or replaces) `code`'s baseline (an analyst): a closed quarter, so its figure is kept.
    package func setBaseline(_ code: IndicatorCode, period text: String, actor: Actor) async throws -> IndicatorBaseline {
        let user = try keeper(actor)
        guard let period = PlanQuarter(text.trimmingCharacters(in: .whitespaces)) else {
            throw DomainError.invalid([FieldError(field: "periode", code: text.isEmpty ? "required" : "invalid_quarter")])
        }
        guard try await indicators.closing(of: period) != nil else { throw DomainError.invalid([FieldError(field: "periode", code: "baseline_not_closed")]) }
        let now = dependencies.now()
        let baseline = IndicatorBaseline(code: code, period: period, setBy: user.id, setAt: now)
        try await targets?.setBaseline(baseline, audit: actor.auditEvent(.indicatorBaselineSet, objectType: "indicator",
                                                                         objectID: "\(code.rawValue)/\(period)", at: now))
        return baseline
    }

    private func reader(_ actor: Actor) throws -> User {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard ProgrammePolicy.mayRead(user) else { throw DomainError.forbidden }
        return user
    }

    private func keeper(_ actor: Actor) throws -> User {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard ProgrammePolicy.mayKeepIndicators(user) else { throw DomainError.forbidden }
        return user
    }
}
