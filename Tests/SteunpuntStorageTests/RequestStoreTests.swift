import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Synchronization
import Testing
@testable import SteunpuntStorage

@Suite("Support requests in storage: numbers, need-to-know in the queries, history, filters")
struct RequestStoreTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)   // November 2026
    static let targets = DeadlineTargets(firstResponseDays: 3, resolutionDays: 10)

    struct Cast {
        let official: User, otherOfficial: User, desk: User, otherDesk: User, coordinator: User, advisor: User, analyst: User
    }

    static func cast(_ database: Database) async throws -> Cast {
        func make(_ email: String, _ organisation: String, _ role: Role) async throws -> User {
            try await IdentityStoreTests.makeUser(database, email: email, organisation: organisation, role: role)
        }
        return Cast(official: try await make("gina@zoetermeer.example", "GM0637", .municipalOfficial),
                    otherOfficial: try await make("ad@amsterdam.example", "GM0363", .municipalOfficial),
                    desk: try await make("lotte@vng.example", "vng-loket", .deskAgent),
                    otherDesk: try await make("n@nctv.example", "nctv", .deskAgent),
                    coordinator: try await make("c@ess.example", "szw-ess", .unitCoordinator),
                    advisor: try await make("a@ess.example", "szw-ess", .unitAdvisor),
                    analyst: try await make("an@nctv.example", "nctv", .nationalAnalyst))
    }

    static func file(_ store: RequestStore, by user: User, requester: String = "GM0637", municipality: String = "GM0637", title: String = "Brede aanpak",
                     description: String = "Hoe pakken we dit aan?", needs: [String] = ["breed-preventieve-aanpak"], channel: RequestChannel = .vngDesk,
                     desk: OrganisationID = .vngDesk, at time: Date = now) async throws -> SupportRequest {
        let valid = try RequestDraft(title: title, description: description, requester: requester, municipality: municipality, needs: needs,
                                     channel: channel.rawValue).validated(knownNeeds: Set(Need.shipped.map(\.code)))
        return try await store.create(valid, id: UUID(), desk: desk, createdBy: user.id, at: time, targets: targets)
    }

    @Test("requests filed at once get distinct numbers, one after the other", arguments: TestEngine.available)
    func concurrentNumbers(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await Self.cast(database)
            let store = RequestStore(database: database)
            let numbers = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 { group.addTask { try await Self.file(store, by: cast.desk).number } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(numbers) == Set((1...20).map { String(format: "HV-2026-%05d", $0) }))
        }
    }

    @Test("numbers count per year; unknown requester and municipality are refused together", arguments: TestEngine.available)
    func create(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await Self.cast(database)
            let store = RequestStore(database: database)
            let first = try await Self.file(store, by: cast.desk)
            let second = try await Self.file(store, by: cast.desk)
            #expect(first.number == "HV-2026-00001" && second.number == "HV-2026-00002")
            let valid = try RequestDraft(title: "t", description: "d", requester: "GM0637", municipality: "GM0637", needs: ["informatievraag"],
                                         channel: "nctv").validated(knownNeeds: [.information])
            let ghost = RequestDraft.Valid(title: "t", description: "d", requester: OrganisationID("bestaat-niet")!, municipality: MunicipalityCode("GM9999")!,
                                           needs: valid.needs, channel: .nctv, urgency: .normal, preferredContact: "")
            await #expect(throws: DomainError.invalid([FieldError(field: "aanvrager", code: "unknown_organisation"),
                                                       FieldError(field: "gemeente", code: "unknown_municipality")])) {
                try await store.create(ghost, id: UUID(), desk: .vngDesk, createdBy: cast.desk.id, at: Self.now, targets: Self.targets)
            }
            let found = try #require(try await store.get(first.id, scope: .party(.vngDesk)))
            #expect(found.request.needs == [.preventiveApproach] && found.parties == [.vngDesk] && found.request.status == .received)
            #expect(try await store.history(first.id).map(\.action) == ["aanmaken"])
        }
    }

    @Test("a municipality never sees another's requests; a desk sees only what it took in or was referred", arguments: TestEngine.available)
    func needToKnow(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await Self.cast(database)
            let store = RequestStore(database: database)
            let zoetermeer = try await Self.file(store, by: cast.official)
            let amsterdam = try await Self.file(store, by: cast.otherOfficial, requester: "GM0363", municipality: "GM0363", desk: .nctv)
            func sees(_ user: User, _ request: SupportRequest) async throws -> Bool {
                try await store.get(request.id, scope: RequestPolicy.scope(for: user)) != nil
            }
            let visible = [
                try await sees(cast.official, zoetermeer), try await sees(cast.official, amsterdam),
                try await sees(cast.desk, zoetermeer), try await sees(cast.desk, amsterdam),
                try await sees(cast.otherDesk, amsterdam), try await sees(cast.otherDesk, zoetermeer),
                try await sees(cast.coordinator, zoetermeer), try await sees(cast.analyst, zoetermeer),
            ]
            #expect(visible == [true, false, true, false, true, false, false, false])
            let officialList = try await store.list(RequestFilter(), scope: RequestPolicy.scope(for: cast.official), page: PageRequest())
            #expect(officialList.total == 1 && officialList.items.map(\.request.id) == [zoetermeer.id])
            #expect(try await store.list(RequestFilter(), scope: .none, page: PageRequest()).total == 0)

            // Referred to the unit: the coordinator sees it, the desk keeps seeing it; an advisor only once assigned.
            let workflow = RequestWorkflow()
            var (next, change) = try workflow.apply(.refer(to: .expertiseUnit, reason: "Advies op maat"), to: zoetermeer, by: cast.desk, at: Self.now, targets: Self.targets)
            var current = try await store.save(next, previous: zoetermeer, change: change, at: Self.now)
            let afterReferral = [try await sees(cast.coordinator, current), try await sees(cast.desk, current), try await sees(cast.advisor, current)]
            #expect(afterReferral == [true, true, false])
            (next, change) = try workflow.apply(.accept, to: current, by: cast.coordinator, at: Self.now, targets: Self.targets)
            current = try await store.save(next, previous: current, change: change, at: Self.now)
            (next, change) = try workflow.apply(.assign(advisor: cast.advisor.id), to: current, by: cast.coordinator, at: Self.now, targets: Self.targets)
            current = try await store.save(next, previous: current, change: change, at: Self.now)
            #expect(try await sees(cast.advisor, current))
            #expect(try await store.get(current.id, scope: .party(.vngDesk))?.parties == [.vngDesk, .expertiseUnit])
            #expect(try await store.history(current.id).map(\.action) == ["aanmaken", "doorverwijzen", "accepteren", "toewijzen"])
        }
    }

    @Test("a decline takes the declining party out; a stale change is refused; history cannot be edited", arguments: TestEngine.available)
    func declineAndConcurrency(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await Self.cast(database)
            let store = RequestStore(database: database)
            let workflow = RequestWorkflow()
            let filed = try await Self.file(store, by: cast.desk)
            var (next, change) = try workflow.apply(.refer(to: .expertiseUnit, reason: "Unit"), to: filed, by: cast.desk, at: Self.now, targets: Self.targets)
            let referred = try await store.save(next, previous: filed, change: change, at: Self.now)
            await #expect(throws: DomainError.conflict("request_changed"), "based on the version before the referral") {
                let (late, lateChange) = try workflow.apply(.startTriage, to: filed, by: cast.desk, at: Self.now, targets: Self.targets)
                _ = try await store.save(late, previous: filed, change: lateChange, at: Self.now)
            }
            (next, change) = try workflow.apply(.decline(reason: "Eerst lokaal"), to: referred, by: cast.coordinator, at: Self.now, targets: Self.targets)
            let declined = try await store.save(next, previous: referred, change: change, at: Self.now)
            #expect(declined.holder == .vngDesk && declined.status == .inTriage)
            #expect(try await store.get(filed.id, scope: .party(.expertiseUnit)) == nil, "the unit declined: no longer its business")
            let changed = await refusal { try await database.sql.update("request_history").set("reason", to: "anders").run() }
            #expect(changed?.contains("request history is append-only") == true, "\(changed ?? "not refused")")
            let deleted = await refusal { try await database.sql.delete(from: "request_history").run() }
            #expect(deleted?.contains("request history is append-only") == true, "\(deleted ?? "not refused")")
            #expect(try await store.history(filed.id).map(\.reason) == [nil, "Unit", "Eerst lokaal"])
        }
    }

    @Test("filters: status, municipality, province, need, channel, period and words without accents", arguments: TestEngine.available)
    func filters(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await Self.cast(database)
            let store = RequestStore(database: database)
            let a = try await Self.file(store, by: cast.desk, title: "Spanning rond de moskee", needs: ["maatschappelijke-spanning", "discriminatoir-incident"])
            let b = try await Self.file(store, by: cast.desk, requester: "GM0363", municipality: "GM0363", title: "Training sleutelfiguren",
                                        description: "Coördinatie met de wijkteams", needs: ["training-professionals-sleutelfiguren"], channel: .phone,
                                        at: Self.now.addingTimeInterval(86_400))
            let scope = RequestScope.party(.vngDesk)
            func ids(_ filter: RequestFilter) async throws -> Set<UUID> {
                Set(try await store.list(filter, scope: scope, page: PageRequest(size: 100)).items.map(\.request.id))
            }
            #expect(try await ids(RequestFilter()) == [a.id, b.id])
            #expect(try await ids(RequestFilter(municipality: MunicipalityCode("GM0363"))) == [b.id])
            #expect(try await ids(RequestFilter(province: .zuidHolland)) == [a.id])
            #expect(try await ids(RequestFilter(need: .discriminatoryIncident)) == [a.id])
            #expect(try await ids(RequestFilter(channel: .phone)) == [b.id])
            #expect(try await ids(RequestFilter(statuses: [.received])) == [a.id, b.id])
            #expect(try await ids(RequestFilter(statuses: [.closed])).isEmpty)
            #expect(try await ids(RequestFilter(createdFrom: Self.now.addingTimeInterval(3600))) == [b.id])
            #expect(try await ids(RequestFilter(text: "coordinatie WIJKTEAMS")) == [b.id], "diacritics and case ignored, every word must match")
            #expect(try await ids(RequestFilter(text: "wijk")).isEmpty, "whole words")
            #expect(try await ids(RequestFilter(text: "coordinatie wijk*")) == [b.id], "a word ending in * matches as a beginning")
            #expect(try await ids(RequestFilter(text: "moskee training")).isEmpty)
            #expect(try await ids(RequestFilter(text: "HV-2026-00002")) == [b.id])
            #expect(try await ids(RequestFilter(text: "sleutelfig*")) == [b.id], "a word's beginning matches with *")
            #expect(try await ids(RequestFilter(text: "figuren*")).isEmpty, "the middle of a word does not (the same on both engines)")
            #expect(try await ids(RequestFilter(need: .discriminatoryIncident, text: "spanning")) == [a.id], "words and filters together")
            #expect(try await ids(RequestFilter(text: "\"' * -")) == [a.id, b.id], "punctuation alone is no search, and no syntax error")
            let page = try await store.list(RequestFilter(), scope: scope, page: PageRequest(number: 2, size: 1))
            #expect(page.total == 2 && page.items.map(\.request.id) == [a.id], "newest first")
            #expect(page.items[0].municipalityName == "Zoetermeer" && page.items[0].requesterName == "Zoetermeer")
        }
    }

    @Test("pages read one by one give every request once, in the list's order, with its needs and names: each source and order", arguments: TestEngine.available)
    func paging(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await Self.cast(database)
            let store = RequestStore(database: database)
            var filed: [SupportRequest] = []
            let needSets = [["breed-preventieve-aanpak"], ["maatschappelijke-spanning", "discriminatoir-incident"], ["training-professionals-sleutelfiguren"]]
            for index in 0..<11 {
                // Two filed at the same instant, so the order's tie-break counts too.
                let time = Self.now.addingTimeInterval(Double(index == 5 ? 4 : index) * 3_600)
                filed.append(try await Self.file(store, by: cast.desk, title: "Vraag \(index) brede aanpak", needs: needSets[index % 3], at: time))
            }
            let newestFirst = filed.sorted { ($0.createdAt, $0.id.uppercasedText) > ($1.createdAt, $1.id.uppercasedText) }.map(\.id)
            var byDeadline = RequestFilter()
            byDeadline.byDeadline = true
            let earliestDue = filed.sorted { ($0.resolutionDue, $0.number) < ($1.resolutionDue, $1.number) }.map(\.id)
            let cases: [(String, RequestFilter, RequestScope, [UUID])] = [
                ("a desk's party rows", RequestFilter(), .party(.vngDesk), newestFirst),
                ("the requests table", RequestFilter(), .requester(OrganisationID("GM0637")!), newestFirst),
                // SQLite walks its full-text index, newest filed first: the two filed at the same
                // instant come in filing order there, by identifier elsewhere.
                ("a search", RequestFilter(text: "brede"), .party(.vngDesk), database.engine == .sqlite ? filed.reversed().map(\.id) : newestFirst),
                ("a work queue by deadline", byDeadline, .party(.vngDesk), earliestDue),
            ]
            for (name, filter, scope, expected) in cases {
                var seen: [UUID] = []
                for number in 1...4 {
                    let page = try await store.list(filter, scope: scope, page: PageRequest(number: number, size: 3))
                    #expect(page.total == 11, "\(name)")
                    for item in page.items {
                        let original = filed.first { $0.id == item.request.id }
                        #expect(item.request.needs.map(\.rawValue).sorted() == original?.needs.map(\.rawValue).sorted(), "\(name)")
                        #expect(item.requesterName == "Zoetermeer" && item.municipalityName == "Zoetermeer", "\(name)")
                    }
                    seen += page.items.map(\.request.id)
                }
                #expect(seen == expected, "\(name)")
                // The same pages read by key, each starting after the last one's key.
                var byKey: [UUID] = []
                var after: String?
                for number in 1...5 {
                    let page = try await store.list(filter, scope: scope, page: PageRequest(number: number, size: 3, after: after))
                    byKey += page.items.map(\.request.id)
                    after = page.nextAfter
                    if after == nil { break }
                }
                #expect(byKey == expected, "\(name), by key")
                #expect(after == nil, "\(name): the last page has no next key")
                // A key of another order or none at all falls back to the page number.
                let fallback = try await store.list(filter, scope: scope, page: PageRequest(number: 2, size: 3, after: "x~1~2"))
                #expect(fallback.items.map(\.request.id) == Array(expected[3..<6]), "\(name)")
            }
        }
    }

    @Test("internal notes are read only by the writer's organisation; a requester's reply resumes a waiting request", arguments: TestEngine.available)
    func messages(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await Self.cast(database)
            let store = RequestStore(database: database)
            let workflow = RequestWorkflow()
            let filed = try await Self.file(store, by: cast.official)
            let (waiting, change) = try workflow.apply(.waitForRequester(reason: "Welke school?"), to: filed, by: cast.desk, at: Self.now, targets: Self.targets)
            let stored = try await store.save(waiting, previous: filed, change: change, at: Self.now)
            try await store.addMessage(RequestMessage(id: UUID(), request: filed.id, author: cast.desk.id, authorOrganisation: .vngDesk, isInternal: true,
                                                      body: "Lijkt op de vraag van vorig jaar", createdAt: Self.now), step: nil)
            let later = Self.now.addingTimeInterval(3 * 86_400)
            let (resumed, replyChange) = try workflow.apply(.requesterReply, to: stored, by: cast.official, at: later, targets: Self.targets)
            try await store.addMessage(RequestMessage(id: UUID(), request: filed.id, author: cast.official.id, authorOrganisation: OrganisationID("GM0637")!,
                                                      isInternal: false, body: "De Brug", createdAt: later), step: (resumed, stored, replyChange))
            #expect(try await store.messages(filed.id, viewer: cast.official).map(\.body) == ["De Brug"])
            #expect(try await store.messages(filed.id, viewer: cast.desk).map(\.body) == ["Lijkt op de vraag van vorig jaar", "De Brug"])
            let now = try #require(try await store.get(filed.id, scope: .party(.vngDesk))).request
            #expect(now.status == .received && now.waitingSince == nil && now.suspendedDays > 0)
        }
    }
}

@Suite("Support requests: the deadline job")
struct DeadlineRefreshTests {
    @Test("the job marks what working days made overdue or due soon, and lists filter on it", arguments: TestEngine.available)
    func refresh(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await RequestStoreTests.cast(database)
            let store = RequestStore(database: database)
            // Monday 2 November 2026, 10:00 Dutch time; first response within 3 working days (end of Thursday 5th).
            let monday = DutchCalendar().calendar.date(from: DateComponents(year: 2026, month: 11, day: 2, hour: 10))!
            let quiet = try await RequestStoreTests.file(store, by: cast.desk, title: "Niemand reageert", at: monday)
            let answered = try await RequestStoreTests.file(store, by: cast.desk, title: "Wel beantwoord", at: monday)
            let (next, change) = try RequestWorkflow().apply(.startTriage, to: answered, by: cast.desk, at: monday, targets: RequestStoreTests.targets)
            _ = try await store.save(next, previous: answered, change: change, at: monday)
            let scope = RequestScope.party(.vngDesk)
            func ids(_ state: DeadlineState) async throws -> Set<UUID> {
                Set(try await store.list(RequestFilter(deadline: state), scope: scope, page: PageRequest()).items.map(\.request.id))
            }
            #expect(try await store.refreshDeadlines(at: monday)[.onTime] == 2)
            let friday = monday.addingTimeInterval(4 * 86_400)
            let counts = try await store.refreshDeadlines(at: friday)
            #expect(counts[.overdue] == 1 && counts[.onTime] == 1)
            #expect(try await ids(.overdue) == [quiet.id])
            #expect(try await ids(.onTime) == [answered.id])
            let unchanged = try await store.refreshDeadlines(at: friday)
            #expect(unchanged == counts, "running again changes nothing")
        }
    }

    @Test("the job reads the open requests in batches and still sees every one of them once", arguments: TestEngine.available)
    func batches(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await RequestStoreTests.cast(database)
            let store = RequestStore(database: database)
            let monday = DutchCalendar().calendar.date(from: DateComponents(year: 2026, month: 11, day: 2, hour: 10))!
            var filed: [UUID] = []
            for minute in 0..<7 {
                filed.append(try await RequestStoreTests.file(store, by: cast.desk, at: monday.addingTimeInterval(Double(minute) * 60)).id)
            }
            let closed = try await RequestStoreTests.file(store, by: cast.desk, title: "Ingetrokken", at: monday)
            let (withdrawn, change) = try RequestWorkflow().apply(.close(outcome: .withdrawn, reason: "Dubbel ingediend"), to: closed, by: cast.official, at: monday,
                                                                  targets: RequestStoreTests.targets)
            _ = try await store.save(withdrawn, previous: closed, change: change, at: monday)
            #expect(try await store.refreshDeadlines(at: monday, batch: 3) == [.onTime: 7], "seven open requests over batches of three; the closed one not counted")
            let friday = monday.addingTimeInterval(4 * 86_400)
            for batch in [1, 3, 7, 500] {
                #expect(try await store.refreshDeadlines(at: friday, batch: batch) == [.overdue: 7], "batches of \(batch)")
            }
            let overdue = try await store.list(RequestFilter(deadline: .overdue), scope: .party(.vngDesk), page: PageRequest(size: 100)).items.map(\.request.id)
            #expect(Set(overdue) == Set(filed), "every open request moved, in whichever batch it was read")
            let nextWeek = friday.addingTimeInterval(7 * 86_400)
            let asked = Mutex(0)
            await #expect(throws: CancellationError.self, "told to stop after the first batch") {
                try await store.refreshDeadlines(at: nextWeek, batch: 3, continuing: { asked.withLock { $0 += 1 }; return false })
            }
            #expect(asked.withLock { $0 } == 1, "asked once, between the first and the second batch")
        }
    }

    @Test("a list counts up to a cap past its page, then says there are more", arguments: TestEngine.available)
    func countCap(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await RequestStoreTests.cast(database)
            let store = RequestStore(database: database, countCap: 2)
            var filed: [UUID] = []
            for minute in 0..<5 {
                filed.append(try await RequestStoreTests.file(store, by: cast.desk, at: RequestStoreTests.now.addingTimeInterval(Double(minute) * 60)).id)
            }
            for scope in [RequestScope.party(.vngDesk), .requester(OrganisationID("GM0637")!)] {
                let first = try await store.list(RequestFilter(), scope: scope, page: PageRequest(number: 1, size: 2))
                #expect(first.total == 2 && first.totalIsLowerBound && first.hasNext, "\(scope): counting stopped at the cap")
                #expect(first.items.map(\.request.id) == [filed[4], filed[3]])
                let last = try await store.list(RequestFilter(), scope: scope, page: PageRequest(number: 3, size: 2))
                #expect(last.total == 5 && !last.totalIsLowerBound && !last.hasNext, "\(scope): within the cap past the offset, the count is exact")
                #expect(last.items.map(\.request.id) == [filed[0]])
                // A page past the end has no rows to carry the count: it is counted alone.
                let beyond = try await store.list(RequestFilter(), scope: scope, page: PageRequest(number: 4, size: 2))
                #expect(beyond.items.isEmpty && beyond.total == 5 && !beyond.hasNext && beyond.hasPrevious, "\(scope): past the end")
            }
            let none = try await store.list(RequestFilter(statuses: [.closed]), scope: .party(.vngDesk), page: PageRequest())
            #expect(none.items.isEmpty && none.total == 0 && !none.totalIsLowerBound)
            let exact = try await RequestStore(database: database).list(RequestFilter(), scope: .party(.vngDesk), page: PageRequest(size: 2))
            #expect(exact.total == 5 && !exact.totalIsLowerBound)
            let searching = RequestStore(database: database, searchCountCap: 1)
            let words = try await searching.list(RequestFilter(text: "brede aanpak"), scope: .party(.vngDesk), page: PageRequest(size: 1))
            #expect(words.total == 1 && words.totalIsLowerBound && words.items.map(\.request.id) == [filed[4]], "a search counts less far")
        }
    }

    @Test("every party's list follows the request's status and deadline state", arguments: TestEngine.available)
    func partyListsFollowChanges(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await RequestStoreTests.cast(database)
            let store = RequestStore(database: database)
            let workflow = RequestWorkflow()
            let filed = try await RequestStoreTests.file(store, by: cast.desk)
            var (next, change) = try workflow.apply(.refer(to: .expertiseUnit, reason: "Unit"), to: filed, by: cast.desk, at: RequestStoreTests.now, targets: RequestStoreTests.targets)
            let referred = try await store.save(next, previous: filed, change: change, at: RequestStoreTests.now)
            (next, change) = try workflow.apply(.accept, to: referred, by: cast.coordinator, at: RequestStoreTests.now, targets: RequestStoreTests.targets)
            _ = try await store.save(next, previous: referred, change: change, at: RequestStoreTests.now)
            for scope in [RequestScope.party(.vngDesk), .party(.expertiseUnit)] {
                let accepted = try await store.list(RequestFilter(statuses: [next.status]), scope: scope, page: PageRequest())
                #expect(accepted.items.map(\.request.id) == [filed.id], "\(scope) sees the new status")
                #expect(try await store.list(RequestFilter(statuses: [.received, .referred]), scope: scope, page: PageRequest()).items.isEmpty)
            }
            try await store.refreshDeadlines(at: RequestStoreTests.now.addingTimeInterval(60 * 86_400))
            for scope in [RequestScope.party(.vngDesk), .party(.expertiseUnit)] {
                let overdue = try await store.list(RequestFilter(deadline: .overdue), scope: scope, page: PageRequest())
                #expect(overdue.items.map(\.request.id) == [filed.id], "\(scope) sees the refreshed deadline state")
            }
        }
    }
}
