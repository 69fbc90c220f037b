import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// A municipality's progress on the 10-point plan: its officials keep it point by point
/// (every problem at once, a change on an older version refused, every change in the
/// history and the audit trail); the unit reads every municipality's by name; a municipality
/// reads only its own. Others are refused (`PlanPolicy`).
package struct ProgressService: Sendable {
    package let plans: PlanStore
    package let progress: ProgressStore
    package let municipalities: MunicipalityStore
    package let users: UserStore
    package let snapshots: PlanSnapshotStore
    package let dependencies: Dependencies
    package let privacy: PrivacyGuard

    package init(plans: PlanStore, progress: ProgressStore, municipalities: MunicipalityStore, users: UserStore, snapshots: PlanSnapshotStore,
                 dependencies: Dependencies, privacy: PrivacyGuard = .standard) {
        self.plans = plans
        self.progress = progress
        self.municipalities = municipalities
        self.users = users
        self.snapshots = snapshots
        self.dependencies = dependencies
        self.privacy = privacy
    }

    /// A point of the plan with the municipality's progress on it (not started when never recorded).
    package struct PointState: Sendable, Equatable {
        package let point: PlanPoint
        package let progress: PointProgress
    }

    /// One municipality's plan: the published version with its progress on every point.
    package struct MunicipalityPlan: Sendable {
        package let municipality: Municipality
        package let plan: PlanVersion
        package let points: [PointState]
        /// When the municipality last changed anything (nil: never).
        package let lastChanged: Date?

        package func count(_ status: ProgressStatus) -> Int { points.filter { $0.progress.status == status }.count }
    }

    package func plan(of code: MunicipalityCode, actor: Actor) async throws -> MunicipalityPlan {
        let municipality = try await requireReader(actor.user, of: code)
        let plan = try await published()
        let recorded = try await progress.progress(of: code)
        let points = plan.plan.points.map { point in
            PointState(point: point, progress: recorded[point.key] ?? PointProgress(municipality: code, pointKey: point.key, planVersion: plan.version))
        }
        let lastChanged = points.compactMap { $0.progress.isRecorded ? $0.progress.changedAt : nil }.max()
        return MunicipalityPlan(municipality: municipality, plan: plan, points: points, lastChanged: lastChanged)
    }

    /// One point of a municipality's plan, with its history (newest first) and the names of who changed it.
    package struct PointView: Sendable {
        package let municipality: Municipality
        package let state: PointState
        package let plan: PlanVersion
        package let history: [ProgressChange]
        package let names: [UUID: String]
    }

    package func point(_ key: String, of code: MunicipalityCode, actor: Actor) async throws -> PointView {
        let municipality = try await requireReader(actor.user, of: code)
        let plan = try await published()
        guard let point = plan.plan.point(key) else { throw DomainError.notFound }
        let current = try await progress.get(code, point: key) ?? PointProgress(municipality: code, pointKey: key, planVersion: plan.version)
        let history = try await progress.history(of: code, point: key)
        let names = try await users.names(of: Array(Set(history.compactMap(\.changedBy))))
        return PointView(municipality: municipality, state: PointState(point: point, progress: current), plan: plan, history: history, names: names)
    }

    /// A point's current progress (not started when never recorded), without its history.
    package func current(_ key: String, of code: MunicipalityCode, actor: Actor) async throws -> PointProgress {
        _ = try await requireReader(actor.user, of: code)
        let plan = try await published()
        guard plan.plan.point(key) != nil else { throw DomainError.notFound }
        return try await progress.get(code, point: key) ?? PointProgress(municipality: code, pointKey: key, planVersion: plan.version)
    }

    /// Records `draft` on point `key` of `code` as a change made on `version` (nil: the current one).
    package func update(_ key: String, of code: MunicipalityCode, with draft: ProgressDraft, version: Int?, source: ProgressSource = .form,
                        actor: Actor) async throws -> PointProgress {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        _ = try await requireReader(user, of: code)
        guard PlanPolicy.mayKeep(user, progressOf: code) else { throw DomainError.forbidden }
        let plan = try await published()
        guard plan.plan.point(key) != nil else { throw DomainError.notFound }
        let now = dependencies.now()
        let valid = try draft.validated(today: now, privacy: privacy)
        let expected: Int
        if let version { expected = version } else { expected = try await progress.get(code, point: key)?.version ?? 0 }
        return try await progress.save(valid, municipality: code, point: key, expectedVersion: expected, planVersion: plan.version, by: user.id, at: now,
                                       source: source, historyID: dependencies.uuid(),
                                       audit: actor.auditEvent(.planProgressChanged, objectType: "plan_progress", objectID: "\(code.rawValue)/\(key)", at: now))
    }

    /// Records an uploaded sheet (`ProgressSheet`) of `code`: every row checked, every
    /// problem at once; the rows that change a point are stored together or, when one point
    /// changed since the download, none (`progress_changed`).
    package func upload(header: [String], rows: [[String]], of code: MunicipalityCode, actor: Actor) async throws -> ProgressSheet.Upload {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        _ = try await requireReader(user, of: code)
        guard PlanPolicy.mayKeep(user, progressOf: code) else { throw DomainError.forbidden }
        let plan = try await published()
        let now = dependencies.now()
        let upload = try ProgressSheet.read(header: header, rows: rows, plan: plan.plan, municipality: code, current: try await progress.progress(of: code),
                                            today: now, privacy: privacy)
        guard !upload.changes.isEmpty else { return upload }
        _ = try await progress.saveAll(upload.changes.map { .init(point: $0.key, valid: $0.valid, expectedVersion: $0.expectedVersion, at: now,
                                                                  historyID: dependencies.uuid()) },
                                       municipality: code, planVersion: plan.version, by: user.id, source: .upload,
                                       audit: actor.auditEvent(.planProgressUploaded, objectType: "plan_progress", objectID: code.rawValue, at: now))
        return upload
    }

    /// How far the country and each province are with each point, as `user` may see it
    /// (`PlanShares.shown` with the reader's `Disclosure`).
    package func shares(by user: User?) async throws -> (shares: PlanShares, disclosure: Disclosure)? {
        guard let disclosure = Self.disclosure(for: user) else { return nil }
        return (PlanShares(counts: try await progress.counts(), municipalities: try await municipalities.countsByProvince()), disclosure)
    }

    /// The national overview as `user` may see it: every row for the unit (named); for a
    /// municipality's officials, analysts and the desks the same figures through their
    /// `Disclosure`, and no rows (nil for others).
    package func overview(by user: User?) async throws -> (overview: PlanOverview, disclosure: Disclosure, named: Bool, previous: PreviousQuarter?)? {
        guard let disclosure = Self.disclosure(for: user) else { return nil }
        let plan = try await published()
        let all = try await municipalities.all()
        let overview = PlanOverview(plan: plan.plan, municipalities: all, statuses: try await progress.statuses())
        var previous: PreviousQuarter?
        if let quarter = try await snapshots.latest() {
            previous = PreviousQuarter(quarter: quarter, overview: PlanOverview(plan: plan.plan, municipalities: all, statuses: try await snapshots.statuses(at: quarter)))
        }
        return (overview, disclosure, disclosure.isOpen, previous)
    }

    /// The plan's picture at the end of the latest quarter kept: the same overview over the
    /// statuses then (the current plan's points; a point added since counts as not started).
    package struct PreviousQuarter: Sendable {
        package let quarter: PlanQuarter
        package let overview: PlanOverview
    }

    /// The plan of the reader's own municipality (its officials), for their dashboard; nil for others.
    package func own(by user: User?) async throws -> MunicipalityPlan? {
        guard case .own(let code) = PlanPolicy.progressView(user) else { return nil }
        return try await plan(of: code, actor: Actor(user: user, origin: nil))
    }

    /// What `user` may see of figures over municipalities (nil: none of the plan's figures).
    static func disclosure(for user: User?) -> Disclosure? {
        switch PlanPolicy.progressView(user) {
        case .named: .open
        case .own(let code): .own(code.rawValue)
        case .aggregates: .aggregates
        case nil: nil
        }
    }

    private func published() async throws -> PlanVersion {
        guard let plan = try await plans.published() else { throw DomainError.notFound }
        return plan
    }

    /// The municipality, when `user` may read its progress; a municipality that does not
    /// exist and one the reader may not see are told apart only to the unit.
    private func requireReader(_ user: User?, of code: MunicipalityCode) async throws -> Municipality {
        guard let user else { throw DomainError.unauthenticated }
        guard PlanPolicy.mayRead(user, progressOf: code) else { throw DomainError.forbidden }
        guard let municipality = try await municipalities.get(code) else { throw DomainError.notFound }
        return municipality
    }
}
