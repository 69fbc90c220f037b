import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The action programme's measures (issue 22, parts 1 and 2): the NCTV's analysts and the
/// expertise unit read them; an analyst, or the unit's coordinator, adds measures for their
/// organisation and keeps those it owns (`ProgrammePolicy`): the measure as a whole (every
/// problem at once, a version written by someone else in between refused), its milestones,
/// and per quarter what its keepers report. Every version is kept; every change audited.
package struct MeasureService: Sendable {
    package let measures: MeasureStore
    package let offerings: OfferingStore
    package let organisations: OrganisationStore
    package let users: UserStore
    package let audit: AuditStore
    package let dependencies: Dependencies
    package let privacy: PrivacyGuard

    package init(measures: MeasureStore, offerings: OfferingStore, organisations: OrganisationStore, users: UserStore, audit: AuditStore,
                 dependencies: Dependencies, privacy: PrivacyGuard = .standard) {
        self.measures = measures
        self.offerings = offerings
        self.organisations = organisations
        self.users = users
        self.audit = audit
        self.dependencies = dependencies
        self.privacy = privacy
    }

    private func reader(_ actor: Actor) throws -> User {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard ProgrammePolicy.mayRead(user) else { throw DomainError.forbidden }
        return user
    }

    /// A measure in the programme's list: how far its milestones (and a parent's parts) are.
    package struct Listed: Sendable {
        package let measure: Measure
        package let summary: MeasureProgressSummary
        /// Its next open milestone.
        package let next: Milestone?
    }

    package func list(actor: Actor) async throws -> (measures: [Listed], owners: [OrganisationID: String]) {
        _ = try reader(actor)
        let all = try await measures.all()
        let today = CalendarDay(of: dependencies.now())
        let listed = all.map { measure in
            let parts = measure.number.parent == nil ? all.filter { $0.number.parent == measure.number } : []
            return Listed(measure: measure, summary: MeasureProgressSummary(measure, parts: parts, today: today),
                          next: measure.milestones.first { $0.state == .open })
        }
        return (listed, try await organisations.names())
    }

    /// One measure with the measure it is part of, its parts, its versions, its quarters'
    /// progress and the toolbox's titles of its results.
    package struct MeasureView: Sendable {
        package let measure: Measure
        package let parent: Measure?
        package let parts: [Measure]
        package let summary: MeasureProgressSummary
        package let versions: [MeasureVersion]
        package let progress: [MeasureProgressText]
        package let names: [UUID: String]
        package let ownerName: String
        package let results: [OfferingSlug: String]
        package let mayKeep: Bool
        /// The quarter its keepers write about now.
        package let currentPeriod: PlanQuarter
    }

    package func read(_ number: String, actor: Actor) async throws -> MeasureView {
        let user = try reader(actor)
        let measure = try await find(number)
        let all = try await measures.all()
        let parts = all.filter { $0.number.parent == measure.number }
        let versions = try await measures.versions(of: measure.id)
        let progress = try await measures.progress(of: measure.id)
        var results: [OfferingSlug: String] = [:]
        for slug in Set(measure.milestones.compactMap(\.result)) {
            if let offering = try await offerings.get(slug, reach: ToolboxPolicy.reach(of: user)) { results[slug] = offering.title }
        }
        let names = try await users.names(of: Array(Set(versions.map(\.by) + progress.map(\.updatedBy))))
        return MeasureView(measure: measure, parent: measure.number.parent.flatMap { parent in all.first { $0.number == parent } }, parts: parts,
                           summary: MeasureProgressSummary(measure, parts: parts, today: CalendarDay(of: dependencies.now())), versions: versions,
                           progress: progress, names: names, ownerName: try await organisations.get(measure.owner)?.name ?? measure.owner.rawValue,
                           results: results, mayKeep: ProgrammePolicy.mayKeep(user, ownedBy: measure.owner),
                           currentPeriod: PlanQuarter(containing: dependencies.now()))
    }

    /// The measure as version `version` of it was written.
    package func version(_ number: String, version: Int, actor: Actor) async throws -> Measure {
        _ = try reader(actor)
        let measure = try await find(number)
        guard let snapshot = try await measures.snapshot(of: measure.id, version: version) else { throw DomainError.notFound }
        return snapshot
    }

    /// Whether `actor` adds measures (for their own organisation).
    package func mayWrite(_ actor: Actor) -> Bool { ProgrammePolicy.mayWrite(actor.user) }

    package func create(_ draft: MeasureDraft, actor: Actor) async throws -> Measure {
        let user = try reader(actor)
        guard ProgrammePolicy.mayWrite(user) else { throw DomainError.forbidden }
        let valid = try await validated(draft, user: user, current: nil)
        let now = dependencies.now(), id = dependencies.uuid()
        return try await measures.create(valid, owner: user.organisation, id: id, by: user.id, at: now,
                                         audit: actor.auditEvent(.measureCreated, objectType: "measure", objectID: id.uppercasedText, at: now))
    }

    /// Writes the measure anew, made on `version` (nil: as it stands).
    package func update(_ number: String, with draft: MeasureDraft, version: Int?, actor: Actor) async throws -> Measure {
        let (measure, user) = try await keepable(number, actor: actor)
        let valid = try await validated(draft, user: user, current: measure.number)
        let now = dependencies.now()
        return try await measures.update(measure.id, with: valid, expectedVersion: version, by: user.id, at: now,
                                         audit: actor.auditEvent(.measureChanged, objectType: "measure", objectID: measure.id.uppercasedText, at: now))
    }

    /// Writes what its keepers report for a quarter that has begun (empty: removed).
    package func writeProgress(_ number: String, _ draft: MeasureProgressDraft, actor: Actor) async throws -> MeasureProgressText {
        let (measure, user) = try await keepable(number, actor: actor)
        let now = dependencies.now()
        let valid = try draft.validated(today: now, privacy: privacy)
        try await measures.saveProgress(measure.id, period: valid.period, text: valid.text, by: user.id, at: now,
                                        audit: actor.auditEvent(.measureProgressWritten, objectType: "measure",
                                                                objectID: "\(measure.id.uppercasedText)/\(valid.period)", at: now))
        return MeasureProgressText(period: valid.period, text: valid.text, updatedBy: user.id, updatedAt: now)
    }

    /// The draft's own problems and the number's (taken, its measure missing) at once; the
    /// store checks the number again in its transaction.
    private func validated(_ draft: MeasureDraft, user: User, current: MeasureNumber?) async throws -> MeasureDraft.Valid {
        var known: Set<OfferingSlug> = []
        for slug in draft.milestones.compactMap({ OfferingSlug($0.result.trimmingCharacters(in: .whitespaces)) }) {
            if try await offerings.get(slug, reach: ToolboxPolicy.reach(of: user)) != nil { known.insert(slug) }
        }
        let today = CalendarDay(of: dependencies.now()), privacy = self.privacy
        let (valid, problems) = try Validator.collect { () throws(DomainError) in
            try draft.validated(today: today, offeringExists: { known.contains($0) }, privacy: privacy)
        }
        var numberProblems: [FieldError] = []
        if let number = MeasureNumber(draft.number.trimmingCharacters(in: .whitespaces)), number != current {
            if try await measures.get(number) != nil { numberProblems.append(FieldError(field: "nummer", code: "measure_number_taken")) }
            if let parent = number.parent, try await measures.get(parent) == nil { numberProblems.append(FieldError(field: "nummer", code: "unknown_parent_measure")) }
        }
        if let valid, numberProblems.isEmpty { return valid }
        throw DomainError.invalid(numberProblems + problems)
    }

    private func find(_ number: String) async throws -> Measure {
        guard let number = MeasureNumber(number), let measure = try await measures.get(number) else { throw DomainError.notFound }
        return measure
    }

    private func keepable(_ number: String, actor: Actor) async throws -> (Measure, User) {
        let user = try reader(actor)
        let measure = try await find(number)
        guard ProgrammePolicy.mayKeep(user, ownedBy: measure.owner) else { throw DomainError.forbidden }
        return (measure, user)
    }
}
