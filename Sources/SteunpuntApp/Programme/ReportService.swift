import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The programme's progress reports (issue 22, part 6). The NCTV's analysts start one per
/// quarter and write its title and introduction; its sections come from the records: one
/// per measure (status, milestones, the quarter's progress text its keepers wrote on the
/// measure, its indicators as everyone may read them) and an annex of every measure. While
/// a draft or in review it is composed afresh on every reading; handed in, it is locked; a
/// second analyst publishes it (not the one who handed it in), which needs the quarter
/// closed (its figures kept) and stores the composed report as it reads with its SHA-256.
/// A published report is public and never composed again.
package struct ReportService: Sendable {
    package let reports: ReportStore
    package let measures: MeasureStore
    package let organisations: OrganisationStore
    package let indicators: IndicatorService
    package let dependencies: Dependencies
    package let privacy: PrivacyGuard

    package init(reports: ReportStore, measures: MeasureStore, organisations: OrganisationStore, indicators: IndicatorService, dependencies: Dependencies,
                 privacy: PrivacyGuard = .standard) {
        self.reports = reports
        self.measures = measures
        self.organisations = organisations
        self.indicators = indicators
        self.dependencies = dependencies
        self.privacy = privacy
    }

    /// A report as its reader sees it: composed now while not published, as stored after.
    package struct ReportView: Sendable {
        package let report: ProgressReport
        package let snapshot: ReportSnapshot
        package let mayEdit: Bool
        package let maySubmit: Bool
        package let mayReturn: Bool
        package let mayPublish: Bool
        /// Publishing waits for the quarter to be closed.
        package let periodClosed: Bool
    }

    /// The reports a reader may see: all for the programme's readers, the published ones for everyone else (signed out too).
    package func list(actor: Actor) async throws -> [ProgressReport] {
        let all = try await reports.all()
        return ProgrammePolicy.mayRead(actor.user) ? all : all.filter { $0.status == .published }
    }

    package func read(_ periodText: String, actor: Actor) async throws -> ReportView {
        guard let period = PlanQuarter(periodText), let report = try await reports.get(period) else { throw DomainError.notFound }
        let user = actor.user
        if report.status == .published {
            guard let stored = try await reports.snapshot(period) else { throw DomainError.notFound }
            return ReportView(report: stored.report, snapshot: try ReportSnapshot.decoded(stored.bytes), mayEdit: false, maySubmit: false, mayReturn: false,
                              mayPublish: false, periodClosed: true)
        }
        guard ProgrammePolicy.mayRead(user) else { throw user == nil ? DomainError.notFound : DomainError.forbidden }
        let writer = ProgrammePolicy.mayWriteReports(user)
        return ReportView(report: report, snapshot: try await compose(report), mayEdit: writer && report.status == .draft,
                          maySubmit: writer && report.status == .draft, mayReturn: writer && report.status == .inReview,
                          mayPublish: ProgrammePolicy.mayPublish(report, by: user), periodClosed: try await indicators.indicators.closing(of: period) != nil)
    }

    /// A published report's stored bytes and their SHA-256 (the JSON export), for everyone.
    package func published(_ periodText: String) async throws -> (report: ProgressReport, bytes: Data) {
        guard let period = PlanQuarter(periodText), let stored = try await reports.snapshot(period) else { throw DomainError.notFound }
        return stored
    }

    /// Starts the report of a quarter that has begun (an analyst); one per quarter.
    package func create(period periodText: String, _ draft: ProgressReportDraft, actor: Actor) async throws -> ProgressReport {
        let user = try writer(actor)
        let now = dependencies.now()
        var v = Validator()
        let period = v.choice(periodText, "periode", "invalid_quarter", PlanQuarter.init)
        if let period, period > PlanQuarter(containing: now) { v.add("periode", "period_in_future") }
        let (valid, problems) = try Validator.collect { () throws(DomainError) in try draft.validated(privacy: privacy) }
        for problem in problems { v.add(problem.field, problem.code) }
        try v.finish()
        guard let period, let valid else { throw DomainError.invalid(problems) }
        let report = ProgressReport(period: period, title: valid.title, introduction: valid.introduction, updatedBy: user.id, updatedAt: now)
        try await reports.create(report, audit: actor.auditEvent(.reportCreated, objectType: "progress_report", objectID: report.period.description, at: now))
        return report
    }

    /// Changes the title and introduction of a draft, as read at `version` (nil: as it stands).
    package func update(_ periodText: String, _ draft: ProgressReportDraft, version: Int?, actor: Actor) async throws -> ProgressReport {
        let user = try writer(actor)
        let valid = try draft.validated(privacy: privacy)
        return try await change(periodText, version: version, action: .reportChanged, actor: actor) { report, now in
            guard report.status == .draft else { throw DomainError.conflict("report_not_draft") }
            guard report.title != valid.title || report.introduction != valid.introduction else {
                throw DomainError.invalid([FieldError(field: "titel", code: "nothing_changed")])
            }
            report.title = valid.title
            report.introduction = valid.introduction
            report.updatedBy = user.id
            report.updatedAt = now
        }
    }

    /// Hands a draft in for review: locked until a reviewer returns or publishes it.
    package func submit(_ periodText: String, version: Int?, actor: Actor) async throws -> ProgressReport {
        let user = try writer(actor)
        return try await change(periodText, version: version, action: .reportSubmitted, actor: actor) { report, now in
            guard report.status == .draft else { throw DomainError.conflict("report_not_draft") }
            report.status = .inReview
            report.submittedBy = user.id
            report.submittedAt = now
            report.returnReason = ""
        }
    }

    /// Returns a report in review to draft, saying why.
    package func returnToDraft(_ periodText: String, reason: String, version: Int?, actor: Actor) async throws -> ProgressReport {
        _ = try writer(actor)
        var v = Validator()
        let reason = v.text(reason, field: "reden", max: ProgressReport.reasonLength)
        privacy.check(reason, field: "reden", into: &v)
        try v.finish()
        return try await change(periodText, version: version, action: .reportReturned, actor: actor) { report, _ in
            guard report.status == .inReview else { throw DomainError.conflict("report_not_in_review") }
            report.status = .draft
            report.returnReason = reason
        }
    }

    /// Publishes a report in review (an analyst who did not hand it in) once its quarter is
    /// closed: the report as composed now is stored with its SHA-256 and never composed again.
    package func publish(_ periodText: String, version: Int?, actor: Actor) async throws -> ProgressReport {
        let user = try writer(actor)
        guard let period = PlanQuarter(periodText), let current = try await reports.get(period) else { throw DomainError.notFound }
        // The version named first: a step taken on a report read before it changed is told as such.
        if let version, current.version != version, current.status != .published { throw DomainError.conflict("report_changed") }
        guard current.status == .inReview else { throw DomainError.conflict(current.status == .published ? "report_published" : "report_not_in_review") }
        guard ProgrammePolicy.mayPublish(current, by: user) else { throw DomainError.conflict("report_same_reviewer") }
        guard try await indicators.indicators.closing(of: period) != nil else { throw DomainError.conflict("report_period_open") }
        let now = dependencies.now()
        var composed = current
        composed.publishedAt = now
        let bytes = try await compose(composed, at: now).encoded()
        // Without a version named, the one composed: what is stored is what was read.
        return try await reports.change(period, expectedVersion: version ?? current.version, publishing: bytes,
                                        audit: actor.auditEvent(.reportPublished, objectType: "progress_report", objectID: period.description, at: now)) { report in
            guard report.status == .inReview else { throw DomainError.conflict("report_not_in_review") }
            report.status = .published
            report.publishedBy = user.id
            report.publishedAt = now
        }
    }

    /// The report as the records make it now: a section per measure, the annex.
    package func compose(_ report: ProgressReport, at time: Date? = nil) async throws -> ReportSnapshot {
        let now = time ?? dependencies.now()
        let all = try await measures.all()
        let owners = try await organisations.names()
        let today = CalendarDay(of: now)
        var figures: [String: [ReportSnapshot.Figure]] = [:]
        let targets = try await indicators.targets?.targets() ?? []
        for definition in IndicatorDefinition.all where !definition.measures.isEmpty {
            let value = try await indicators.publicValue(definition.code, in: report.period)
            let names = try await indicators.partNames(of: definition)
            let target = targets.first { $0.code == definition.code && $0.period == .quarter(report.period) }
            let figure = ReportSnapshot.Figure(
                code: definition.code.rawValue, definitionVersion: definition.version, aggregate: definition.aggregate.rawValue, breakdown: definition.breakdown,
                period: report.period.description, value: value.value, restsOn: value.restsOn, readAt: value.readAt, closed: value.isFrozen,
                cells: value.cells.map { .init(key: $0.key, label: names[$0.key], value: $0.value) }, target: target?.value)
            for number in definition.measures { figures[number.rawValue, default: []].append(figure) }
        }
        let texts = try await measures.progress(in: report.period)
        var sections: [ReportSnapshot.Section] = []
        for measure in all {
            let progress = texts[measure.id] ?? ""
            let parts = measure.number.parent == nil ? all.filter { $0.number.parent == measure.number } : []
            let summary = MeasureProgressSummary(measure, parts: parts, today: today)
            sections.append(ReportSnapshot.Section(
                number: measure.number.rawValue, title: measure.title, status: measure.status.rawValue, owner: owners[measure.owner] ?? measure.owner.rawValue,
                milestonesReached: summary.reached, milestonesTotal: summary.total,
                milestones: measure.milestones.map { .init(title: $0.title, dueOn: $0.dueOn, state: $0.state.rawValue, reachedOn: $0.reachedOn) },
                progress: progress, figures: figures[measure.number.rawValue] ?? []))
        }
        let annex = sections.map { section in
            let measure = all.first { $0.number.rawValue == section.number }!
            return ReportSnapshot.AnnexRow(number: section.number, title: section.title, status: section.status, owner: section.owner, ministry: measure.ministry,
                                           startsOn: measure.startsOn, endsOn: measure.endsOn, milestonesReached: section.milestonesReached,
                                           milestonesTotal: section.milestonesTotal)
        }
        return ReportSnapshot(period: report.period.description, title: report.title, introduction: report.introduction, composedAt: now, sections: sections,
                              annex: annex)
    }

    private func change(_ periodText: String, version: Int?, action: AuditEvent.Action, actor: Actor,
                        _ edit: @escaping @Sendable (inout ProgressReport, Date) throws -> Void) async throws -> ProgressReport {
        guard let period = PlanQuarter(periodText) else { throw DomainError.notFound }
        let now = dependencies.now()
        return try await reports.change(period, expectedVersion: version,
                                        audit: actor.auditEvent(action, objectType: "progress_report", objectID: period.description, at: now)) { report in
            try edit(&report, now)
        }
    }

    private func writer(_ actor: Actor) throws -> User {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard ProgrammePolicy.mayWriteReports(user) else { throw DomainError.forbidden }
        return user
    }
}
