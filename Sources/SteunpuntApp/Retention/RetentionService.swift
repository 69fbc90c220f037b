import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Retention and destruction as people work with it (issue 23): the rules in force, what
/// would go today (the dry run of `steunpunt retention plan`), the destruction lists with
/// their records, the coordinator's exclusions and review, the administrator's approval or
/// return, and the destruction records. Lists carry numbers, municipalities and dates,
/// never a record's text; each step is audited with the list's number.
package struct RetentionService: Sendable {
    package let store: RetentionStore
    package let schedule: RetentionSchedule
    package let dependencies: Dependencies
    package let privacy: PrivacyGuard
    /// Signs the checkpoint behind which the audit trail's oldest entries go; without it
    /// (no encryption key) the trail is kept whole.
    package let auditSigner: AuditCheckpointSigner?

    package init(store: RetentionStore, schedule: RetentionSchedule, dependencies: Dependencies, privacy: PrivacyGuard = .standard,
                 auditSigner: AuditCheckpointSigner? = nil) {
        self.store = store
        self.schedule = schedule
        self.dependencies = dependencies
        self.privacy = privacy
        self.auditSigner = auditSigner
    }

    /// A list with one page of its records and what the reader may do with it.
    package struct ListView: Sendable {
        package let list: DestructionList
        package let items: Page<DestructionItem>
        package let mayExclude: Bool
        package let mayReview: Bool
        package let mayApprove: Bool
    }

    /// Today in Dutch time.
    package var today: CalendarDay { CalendarDay(of: dependencies.now()) }

    /// What would be listed today, for the dry run.
    package func plan(on day: CalendarDay? = nil) async throws -> [DestructionItem] {
        try await store.due(on: day ?? today, schedule: schedule)
    }

    package func lists(page: PageRequest, actor: Actor) async throws -> Page<DestructionList> {
        _ = try reader(actor)
        return try await store.lists(page: page)
    }

    package func read(_ id: UUID, page: PageRequest, actor: Actor) async throws -> ListView {
        let user = try reader(actor)
        guard let list = try await store.list(id) else { throw DomainError.notFound }
        let items = try await store.items(of: id, page: page)
        let reviewer = RetentionPolicy.mayReview(user), approver = RetentionPolicy.mayApprove(user)
        return ListView(list: list, items: items,
                        mayExclude: reviewer && RetentionPolicy.refusal(.exclude, status: list.status) == nil,
                        mayReview: reviewer && RetentionPolicy.refusal(.submitReview, status: list.status) == nil,
                        mayApprove: approver && RetentionPolicy.refusal(.approve, status: list.status) == nil)
    }

    /// One record on a list, for the reader of lists.
    package func item(_ type: RetentionRecordType, _ record: UUID, on list: UUID, actor: Actor) async throws -> DestructionItem? {
        _ = try reader(actor)
        return try await store.item(type, record, on: list)
    }

    /// Excludes a record from a list in review, with a reason; it comes on a new list
    /// once `RetentionPolicy.exclusionHolds` has passed.
    package func exclude(_ type: RetentionRecordType, _ record: UUID, from list: UUID, reason text: String, actor: Actor) async throws {
        let user = try reviewer(actor)
        let reason = try RetentionPolicy.reason(text, privacy: privacy)
        let now = dependencies.now()
        try await store.exclude(type, record, on: list, reason: reason, until: RetentionPolicy.exclusionHolds.due(from: CalendarDay(of: now)), by: user.id, at: now,
                                audit: actor.auditEvent(.destructionItemExcluded, objectType: type.auditObjectType, objectID: record.uppercasedText, at: now))
    }

    /// Takes an exclusion back: the record goes with the list.
    package func include(_ type: RetentionRecordType, _ record: UUID, in list: UUID, actor: Actor) async throws {
        let user = try reviewer(actor)
        let now = dependencies.now()
        try await store.exclude(type, record, on: list, reason: nil, until: CalendarDay(of: now), by: user.id, at: now,
                                audit: actor.auditEvent(.destructionItemIncluded, objectType: type.auditObjectType, objectID: record.uppercasedText, at: now))
    }

    /// The coordinator hands the list, as read at `version`, on for approval.
    package func review(_ id: UUID, version: Int, actor: Actor) async throws {
        let user = try reviewer(actor)
        let now = dependencies.now()
        try await store.review(id, version: version, by: user.id, at: now,
                               audit: actor.auditEvent(.destructionListReviewed, objectType: "destruction_list", objectID: try await number(id), at: now))
    }

    /// An administrator approves the list as read at `version`; the next round destroys it.
    package func approve(_ id: UUID, version: Int, actor: Actor) async throws {
        let user = try approver(actor)
        let now = dependencies.now()
        try await store.approve(id, version: version, by: user.id, at: now,
                                audit: actor.auditEvent(.destructionListApproved, objectType: "destruction_list", objectID: try await number(id), at: now))
    }

    /// An administrator sends the list back to the coordinator with a reason.
    package func sendBack(_ id: UUID, version: Int, reason text: String, actor: Actor) async throws {
        _ = try approver(actor)
        let reason = try RetentionPolicy.reason(text, privacy: privacy)
        let now = dependencies.now()
        try await store.sendBack(id, version: version, reason: reason,
                                 audit: actor.auditEvent(.destructionListReturned, objectType: "destruction_list", objectID: try await number(id), at: now))
    }

    package func records(page: PageRequest, actor: Actor) async throws -> Page<DestructionRecord> {
        _ = try reader(actor)
        return try await store.records(page: page)
    }

    /// Lists waiting for this reader: in review for a coordinator, reviewed for an administrator.
    package func waiting(for user: User) async throws -> [DestructionList] {
        let status: DestructionListStatus
        if RetentionPolicy.mayReview(user) { status = .inReview } else if RetentionPolicy.mayApprove(user) { status = .reviewed } else { return [] }
        return try await store.lists(status: status)
    }

    /// What one round of the job did.
    package struct Round: Equatable, Sendable {
        package var listed = 0
        package var destroyed = 0
        package var auditEntriesRemoved = 0
        package var webhookDeliveriesRemoved = 0

        package init(listed: Int = 0, destroyed: Int = 0, auditEntriesRemoved: Int = 0, webhookDeliveriesRemoved: Int = 0) {
            self.listed = listed
            self.destroyed = destroyed
            self.auditEntriesRemoved = auditEntriesRemoved
            self.webhookDeliveriesRemoved = webhookDeliveriesRemoved
        }
    }

    /// One round of the job: collect what is due today, carry out approved lists, remove
    /// the audit entries past the trail's period behind a signed checkpoint, and the webhook
    /// deliveries past theirs.
    package func round() async throws -> Round {
        let now = dependencies.now()
        let collected = try await store.collect(on: CalendarDay(of: now), schedule: schedule, id: dependencies.uuid(), at: now)
        let destroyed = try await store.destroyApproved(schedule: schedule, on: CalendarDay(of: now), at: now)
        let checkpoints = try await pruneAuditTrail(at: now)
        let deliveries = try await pruneWebhookDeliveries(at: now)
        return Round(listed: collected?.added ?? 0, destroyed: destroyed.count, auditEntriesRemoved: checkpoints.reduce(0) { $0 + $1.removed },
                     webhookDeliveriesRemoved: deliveries)
    }

    /// Removes the webhook deliveries that arrived or were given up before their period
    /// (`webhooklevering`) began, and the ended subscriptions with nothing left in their log.
    @discardableResult
    package func pruneWebhookDeliveries(at now: Date) async throws -> Int {
        let rule = schedule[.webhookDelivery]
        guard rule.nomination == .destroy else { return 0 }
        return try await store.pruneWebhookDeliveries(finishedBefore: rule.period.cutoff(on: CalendarDay(of: now)), actor: "retention", at: now).deliveries
    }

    /// How many webhook deliveries the next round removes (for the dry run).
    package func webhookDeliveriesDue(on day: CalendarDay? = nil) async throws -> Int {
        let rule = schedule[.webhookDelivery]
        guard rule.nomination == .destroy else { return 0 }
        return try await store.webhookDeliveriesFinished(before: rule.period.cutoff(on: day ?? today))
    }

    /// Removes the audit entries recorded before the trail's retention period began, lane
    /// by lane behind a signed checkpoint (`AuditStore.prune`); nothing when the trail is
    /// to be kept or there is no key to sign with.
    @discardableResult
    package func pruneAuditTrail(at now: Date) async throws -> [AuditCheckpoint] {
        let rule = schedule[.auditTrail]
        guard rule.nomination == .destroy, let auditSigner else { return [] }
        return try await AuditStore(database: store.database).prune(before: rule.period.cutoff(on: CalendarDay(of: now)), signer: auditSigner,
                                                                   actor: "retention", at: now)
    }

    private func number(_ id: UUID) async throws -> String {
        guard let list = try await store.list(id) else { throw DomainError.notFound }
        return list.number
    }

    private func reader(_ actor: Actor) throws -> User {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard RetentionPolicy.mayRead(user) else { throw DomainError.forbidden }
        return user
    }

    private func reviewer(_ actor: Actor) throws -> User {
        let user = try reader(actor)
        guard RetentionPolicy.mayReview(user) else { throw DomainError.forbidden }
        return user
    }

    private func approver(_ actor: Actor) throws -> User {
        let user = try reader(actor)
        guard RetentionPolicy.mayApprove(user) else { throw DomainError.forbidden }
        return user
    }
}
