import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Keeping the 10-point plan (the unit): reading its versions, saving a change as a draft
/// (its advisors and coordinator), publishing it (the coordinator), each with its audit
/// entry. Everyone signed in reads the published plan; drafts are the unit's working
/// material and do not exist for others.
package struct PlanService: Sendable {
    package let plans: PlanStore
    package let needs: NeedStore
    package let dependencies: Dependencies
    package let privacy: PrivacyGuard

    package init(plans: PlanStore, needs: NeedStore, dependencies: Dependencies, privacy: PrivacyGuard = .standard) {
        self.plans = plans
        self.needs = needs
        self.dependencies = dependencies
        self.privacy = privacy
    }

    /// The plan municipalities work with now.
    package func published() async throws -> PlanVersion {
        guard let version = try await plans.published() else { throw DomainError.notFound }
        return version
    }

    /// Every version, newest first (the unit).
    package func versions(by user: User?) async throws -> [PlanVersion] {
        try Self.requireEditor(user)
        return try await plans.versions()
    }

    /// One version: a published one for anyone signed in, a draft for the unit only.
    package func version(_ number: Int, by user: User?) async throws -> PlanVersion {
        guard let version = try await plans.version(number), version.status == .published || PlanPolicy.mayEditPlan(user) else { throw DomainError.notFound }
        return version
    }

    /// What `version` changes against the published version before it.
    package func changes(of version: PlanVersion) async throws -> PlanChanges {
        let earlier = try await plans.versions().first { $0.status == .published && $0.version < version.version }
        return PlanChanges(from: earlier?.plan, to: version.plan)
    }

    /// Saves `plan` as a change made on version `basedOn`; every problem at once. With
    /// `read` (the `Plan.fingerprint` of the version the caller read), a draft someone
    /// changed since is `conflict("plan_changed")`, as a later version is.
    package func save(_ plan: Plan, basedOn: Int, read: String? = nil, actor: Actor) async throws -> PlanVersion {
        let user = try Self.requireEditor(actor.user)
        let known = Set(try await needs.all().map(\.code))
        let valid = try plan.validated(knownNeeds: known, privacy: privacy)
        let now = dependencies.now()
        return try await plans.save(basedOn: basedOn, by: user.id, at: now,
                                    audit: actor.auditEvent(.planChanged, objectType: "plan", objectID: String(basedOn), at: now)) { latest in
            if let read, latest.plan.fingerprint != read, latest.plan != valid { throw DomainError.conflict("plan_changed") }
            return valid
        }
    }

    /// The version the unit works on: the draft when there is one, else the published
    /// version a change would start a new draft from.
    package func latest(by user: User?) async throws -> PlanVersion {
        try Self.requireEditor(user)
        guard let latest = try await plans.versions().first else { throw DomainError.notFound }
        return latest
    }

    /// Applies one edit of the unit's pages to the latest version (made on `basedOn`) and
    /// saves the result as the draft. The edit is applied to the draft as it stands in the
    /// saving transaction, so edits of different points made at the same time both land;
    /// with `read` (the fingerprint of the point or header the form showed) an edit that
    /// would overwrite someone else's change of that part since is
    /// `conflict("plan_part_changed")`. The edited point's problems come under its own
    /// fields (`titel`, not `punten[2].titel`), the header's under `titel` and
    /// `inleiding`, each at once; what only the whole plan can say (`punten`: none left, too
    /// many) follows from `Plan.validated`.
    package func edit(_ edit: PlanEdit, basedOn: Int, read: String? = nil, actor: Actor) async throws -> PlanVersion {
        let user = try Self.requireEditor(actor.user)
        let known = Set(try await needs.all().map(\.code))
        let problems: [FieldError] = switch edit {
        case .replace(_, let point), .add(let point):
            point.problems(knownNeeds: known, privacy: privacy)
        case .header(let title, let introduction):
            Plan(title: title, introduction: introduction, points: []).problems(knownNeeds: known, privacy: privacy)
                .filter { $0.field == "titel" || $0.field == "inleiding" }
        case .remove, .move:
            []
        }
        let privacy = self.privacy
        let now = dependencies.now()
        return try await plans.save(basedOn: basedOn, by: user.id, at: now,
                                    audit: actor.auditEvent(.planChanged, objectType: "plan", objectID: String(basedOn), at: now)) { latest in
            var found = problems
            if case .add(let point) = edit, latest.plan.point(point.key) != nil { found.append(FieldError(field: "sleutel", code: "duplicate_key")) }
            if !found.isEmpty { throw DomainError.invalid(found) }
            if let read, edit.overwrites(latest.plan, read: read) { throw DomainError.conflict("plan_part_changed") }
            return try latest.plan.applying(edit).validated(knownNeeds: known, privacy: privacy)
        }
    }

    /// A point's own problems, as its form names them (the page asks this when the form
    /// lacks something a point cannot be made without, so every other problem is told too).
    package func problems(of point: PlanPoint, by user: User?) async throws -> [FieldError] {
        try Self.requireEditor(user)
        return point.problems(knownNeeds: Set(try await needs.all().map(\.code)), privacy: privacy)
    }

    /// Publishes draft `version`; only the unit's coordinator. Returns what changed.
    package func publish(_ version: Int, actor: Actor) async throws -> (version: PlanVersion, changes: PlanChanges) {
        let user = try Self.requireEditor(actor.user)
        guard PlanPolicy.mayPublish(user) else { throw DomainError.forbidden }
        let now = dependencies.now()
        return try await plans.publish(version: version, at: now, audit: actor.auditEvent(.planPublished, objectType: "plan", objectID: String(version), at: now))
    }

    @discardableResult
    private static func requireEditor(_ user: User?) throws -> User {
        guard let user else { throw DomainError.unauthenticated }
        guard PlanPolicy.mayEditPlan(user) else { throw DomainError.notFound }
        return user
    }
}
