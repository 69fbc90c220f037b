import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// What a person sees first after signing in: their own work, by role, with counts and the
/// first items of each queue; then what they keep an eye on; then context figures. Every
/// part reads within the viewer's reach (their request scope, the quickscan policy, the
/// figures' disclosure); nothing here is audited, as nothing names a case's contents
/// beyond the titles the viewer's own lists show.
package struct WorkOverview: Sendable {
    package let requests: RequestService
    package let quickscan: QuickscanService
    package let organisations: OrganisationStore
    package let municipalities: MunicipalityStore
    package let users: UserStore
    package let audit: AuditStore
    package let twoStep: TwoStepPolicy
    package let dependencies: Dependencies

    /// How many items of each queue the overview lists.
    package static let firstItems = 3

    package init(requests: RequestService, quickscan: QuickscanService, organisations: OrganisationStore, municipalities: MunicipalityStore,
                 users: UserStore, audit: AuditStore, twoStep: TwoStepPolicy, dependencies: Dependencies) {
        self.requests = requests
        self.quickscan = quickscan
        self.organisations = organisations
        self.municipalities = municipalities
        self.users = users
        self.audit = audit
        self.twoStep = twoStep
        self.dependencies = dependencies
    }

    package struct Queue: Sendable {
        package let queue: WorkQueue
        package let count: Int
        package let countIsLowerBound: Bool
        /// The most pressing first: earliest deadline.
        package let first: [RequestListItem]
    }

    package struct RoundToAnswer: Sendable {
        package let round: Round
        package let status: ResponseStatus?
    }

    package struct FollowUpsToDecide: Sendable {
        package let round: Round
        package let undecided: Int
    }

    /// A context figure: what it counts and how many.
    package enum Figure: String, Sendable {
        case municipalities, priorityMunicipalities = "priority_municipalities", organisations, users, auditEntries = "audit_events", colleagues
        /// Municipalities whose people came to a meeting this year (the unit's view of the meetings).
        case municipalitiesReached = "municipalities_reached"
    }

    package struct Admin: Sendable {
        package let pendingInvitations: Int
        /// Active accounts without two-step verification, those whose role requires it first.
        package let withoutTwoStep: [User]
        package let requiredWithoutTwoStep: Int
        /// Accounts with rights over others or the trail (administrators, auditors, the unit's coordinator).
        package let privileged: Int
    }

    package struct Overview: Sendable {
        package let user: User
        package let organisation: Organisation?
        package let queues: [Queue]
        package let roundsToAnswer: [RoundToAnswer]
        package let recentReplies: [RecentReply]
        package let followUps: [FollowUpsToDecide]
        package let figures: RequestFigures.Shown?
        package let figuresFrom: Date
        package let latestAnalyses: [Round]
        package let admin: Admin?
        package let context: [(figure: Figure, value: Int)]

        /// Whether anything waits for this person now.
        package var hasWork: Bool {
            queues.contains { $0.count > 0 } || !roundsToAnswer.isEmpty || followUps.contains { $0.undecided > 0 }
                || (admin.map { $0.pendingInvitations + $0.requiredWithoutTwoStep > 0 } ?? false)
        }
    }

    package func overview(for user: User) async throws -> Overview {
        let now = dependencies.now()
        let today = Round.day(of: now)
        let scope = RequestPolicy.scope(for: user)
        var queues: [Queue] = []
        for queue in WorkQueue.queues(for: user.role) where scope != .none {
            // The most pressing of the whole queue, ordered by the database (not the newest few re-sorted).
            var filter = RequestFilter()
            filter.byDeadline = true
            let page = try await requests.list(filter, queue: queue, page: PageRequest(size: Self.firstItems), by: user)
            queues.append(Queue(queue: queue, count: page.total, countIsLowerBound: page.totalIsLowerBound, first: page.items))
        }
        var roundsToAnswer: [RoundToAnswer] = []
        var recentReplies: [RecentReply] = []
        if case .requester(let organisation) = scope {
            recentReplies = try await requests.requests.recentReplies(to: organisation)
            roundsToAnswer = try await quickscan.ownRounds(by: user)
                .filter { $0.round.state(on: today) == .open && $0.progress.status != .submitted }
                .map { RoundToAnswer(round: $0.round, status: $0.progress.status) }
        }
        var followUps: [FollowUpsToDecide] = []
        if QuickscanPolicy.mayRunRounds(user) {
            // The latest rounds with answers in; older ones are on the quickscan page.
            for summary in try await quickscan.allRounds(by: user).filter({ $0.submitted > 0 }).prefix(3) {
                let items = try await quickscan.followUps(summary.round.id, by: user).items
                followUps.append(FollowUpsToDecide(round: summary.round, undecided: items.filter { $0.decision == nil }.count))
            }
        }
        var figures: RequestFigures.Shown?
        let year = DutchCalendar().calendar.dateInterval(of: .year, for: now) ?? DateInterval(start: now, duration: 0)
        var latestAnalyses: [Round] = []
        if RequestPolicy.canSeeFigures(user) {
            figures = try await requests.figures(from: year.start, until: year.end, by: user)
        }
        switch QuickscanPolicy.analysisView(user) {
        case .named, .aggregates:
            latestAnalyses = Array(try await quickscan.rounds.list().map(\.round).filter { $0.state(on: today) == .closed }.prefix(3))
        case .own, nil:
            break
        }
        return Overview(user: user, organisation: try await organisations.get(user.organisation), queues: queues, roundsToAnswer: roundsToAnswer,
                        recentReplies: recentReplies, followUps: followUps, figures: figures, figuresFrom: year.start,
                        latestAnalyses: latestAnalyses, admin: try await admin(for: user, at: now), context: try await context(for: user))
    }

    private func admin(for user: User, at now: Date) async throws -> Admin? {
        guard AccessPolicy.canAdminister(user) else { return nil }
        let without = try await users.withoutTwoStep()
        let required = without.filter { twoStep.isRequired(for: $0.role) }
        let privileged = try await users.privileges().filter { [.administrator, .auditor, .unitCoordinator].contains($0.user.role) && $0.user.isActive }.count
        return Admin(pendingInvitations: try await users.pendingInvitations(at: now),
                     withoutTwoStep: required + without.filter { !twoStep.isRequired(for: $0.role) }, requiredWithoutTwoStep: required.count,
                     privileged: privileged)
    }

    private func context(for user: User) async throws -> [(figure: Figure, value: Int)] {
        switch user.role {
        case .unitAdvisor, .unitCoordinator:
            let year = DutchCalendar().calendar.component(.year, from: dependencies.now())
            return [(.municipalities, try await municipalities.count()),
                    (.priorityMunicipalities, try await municipalities.list(MunicipalityFilter(priorityOnly: true), page: PageRequest(size: 1)).total),
                    (.municipalitiesReached, try await requests.meetings.municipalitiesReached(year: year))]
        case .nationalAnalyst, .deskAgent:
            return [(.municipalities, try await municipalities.count()),
                    (.priorityMunicipalities, try await municipalities.list(MunicipalityFilter(priorityOnly: true), page: PageRequest(size: 1)).total)]
        case .administrator:
            return [(.organisations, try await organisations.list(OrganisationFilter(), page: PageRequest(size: 1)).total), (.users, try await users.count())]
        case .auditor:
            return [(.auditEntries, try await audit.search(AuditFilter(), page: PageRequest(size: 1)).total)]
        case .municipalOfficial, .schoolStaff, .partnerStaff:
            return [(.colleagues, try await users.members(of: user.organisation).filter(\.isActive).count)]
        }
    }
}
