import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Retention in storage: what is due, the list's review and approval, destruction that leaves skeletons and records")
struct RetentionStoreTests {
    static let calendar = DutchCalendar().calendar
    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 10) -> Date {
        calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour))!
    }
    static let today = CalendarDay("2026-12-05")!
    static let now = at(2026, 12, 5, 2)

    /// A request filed and closed as advised on the days given, with a message, an activity with a note,
    /// feedback with a comment and a reason in its history.
    static func closedRequest(_ store: RequestStore, by user: User, official: User, filed: Date, closed: Date, title: String) async throws -> SupportRequest {
        let request = try await RequestStoreTests.file(store, by: user, title: title, description: "Vertrouwelijke toelichting van \(title)", at: filed)
        try await store.addMessage(RequestMessage(id: UUID(), request: request.id, author: user.id, authorOrganisation: user.organisation, isInternal: false,
                                                  body: "Bericht over \(title)", createdAt: filed), step: nil)
        try await store.addActivity(RequestActivity(id: UUID(), request: request.id, kind: .adviceSession, day: "2020-03-02", hours: 2, participants: 3,
                                                    note: "Gesproken met de wijkagent", author: user.id, createdAt: filed))
        let (done, change) = try RequestWorkflow().apply(.close(outcome: .advised, reason: "Advies gegeven aan de wethouder"), to: request, by: user, at: closed,
                                                         targets: RequestStoreTests.targets)
        let stored = try await store.save(done, previous: request, change: change, at: closed)
        try await store.addFeedback(RequestFeedback(request: request.id, score: 4, comment: "Heel behulpzaam", author: official.id, createdAt: closed))
        return stored
    }

    static func audit(_ action: AuditEvent.Action, _ user: User) -> AuditEvent {
        AuditEvent(action: action, actor: user.id, objectType: "destruction_list", occurredAt: now)
    }

    @Test("due records are listed once, excluded ones stay as they are, approved ones keep a skeleton and the figures", arguments: TestEngine.available)
    func lifecycle(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await RequestStoreTests.cast(database)
            let admin = try await IdentityStoreTests.makeUser(database, email: "b@ess.example", organisation: "szw-ess", role: .administrator)
            let requests = RequestStore(database: database)
            let retention = RetentionStore(database: database)
            let old = try await Self.closedRequest(requests, by: cast.desk, official: cast.official, filed: Self.at(2020, 3, 2), closed: Self.at(2021, 12, 5, 23),
                                                   title: "Oud verzoek")
            let kept = try await Self.closedRequest(requests, by: cast.desk, official: cast.official, filed: Self.at(2020, 3, 2), closed: Self.at(2020, 6, 1),
                                                    title: "Te bewaren")
            // Closed on 6 December 2021 Dutch time (00:30): due tomorrow, not today.
            let tomorrowsOne = try await Self.closedRequest(requests, by: cast.desk, official: cast.official, filed: Self.at(2020, 3, 2), closed: Self.at(2021, 12, 6, 0),
                                             title: "Morgen")
            _ = try await RequestStoreTests.file(requests, by: cast.desk, title: "Nog open", at: Self.at(2020, 3, 2))
            let figuresBefore = try await requests.figures(from: Self.at(2020, 1, 1), until: Self.at(2026, 1, 1))

            // The dry run and the collection see the same two, oldest first.
            let due = try await retention.due(on: Self.today, schedule: .standard)
            #expect(due.map(\.number) == [kept.number, old.number])
            #expect(due.last?.dueOn == CalendarDay("2026-12-05"), "closed at 23:00 on 5 December 2021, due five years on")
            let collected = try #require(try await retention.collect(on: Self.today, schedule: .standard, id: UUID(), at: Self.now))
            #expect(collected.added == 2 && collected.list.number == "VL-2026-0001" && collected.list.status == .inReview && collected.list.items == 2)
            #expect(try await retention.collect(on: Self.today, schedule: .standard, id: UUID(), at: Self.now) == nil, "nothing is listed twice")
            #expect(try await retention.due(on: Self.today, schedule: .standard).isEmpty)
            let list = collected.list

            // Nothing goes before review and approval, and each step only in its turn.
            #expect(try await retention.destroyApproved(schedule: .standard, on: Self.today, at: Self.now).isEmpty)
            await #expect(throws: DomainError.conflict("destruction_list_not_reviewed")) {
                try await retention.approve(list.id, version: list.version, by: admin.id, at: Self.now, audit: Self.audit(.destructionListApproved, admin))
            }
            let until = RetentionPolicy.exclusionHolds.due(from: Self.today)
            try await retention.exclude(.supportRequest, kept.id, on: list.id, reason: "Woo-verzoek loopt", until: until, by: cast.coordinator.id, at: Self.now,
                                        audit: Self.audit(.destructionItemExcluded, cast.coordinator))
            await #expect(throws: DomainError.conflict("destruction_list_changed"), "the exclusion changed the list since it was read") {
                try await retention.review(list.id, version: list.version, by: cast.coordinator.id, at: Self.now, audit: Self.audit(.destructionListReviewed, cast.coordinator))
            }
            var current = try #require(try await retention.list(list.id))
            #expect(current.excluded == 1)
            try await retention.review(list.id, version: current.version, by: cast.coordinator.id, at: Self.now, audit: Self.audit(.destructionListReviewed, cast.coordinator))
            await #expect(throws: DomainError.conflict("destruction_list_not_in_review")) {
                try await retention.exclude(.supportRequest, old.id, on: list.id, reason: "te laat", until: until, by: cast.coordinator.id, at: Self.now,
                                            audit: Self.audit(.destructionItemExcluded, cast.coordinator))
            }
            current = try #require(try await retention.list(list.id))
            try await retention.sendBack(list.id, version: current.version, reason: "Graag nog eens kijken", audit: Self.audit(.destructionListReturned, admin))
            current = try #require(try await retention.list(list.id))
            #expect(current.status == .inReview && current.returnReason == "Graag nog eens kijken" && current.reviewedBy == nil)
            try await retention.review(list.id, version: current.version, by: cast.coordinator.id, at: Self.now, audit: Self.audit(.destructionListReviewed, cast.coordinator))
            current = try #require(try await retention.list(list.id))
            try await retention.approve(list.id, version: current.version, by: admin.id, at: Self.now, audit: Self.audit(.destructionListApproved, admin))

            let records = try await retention.destroyApproved(schedule: .standard, on: Self.today, at: Self.now)
            #expect(records == [DestructionRecord(type: .supportRequest, recordID: old.id, number: old.number, listNumber: "VL-2026-0001", destroyedAt: Self.now,
                                                  reviewedBy: cast.coordinator.id, approvedBy: admin.id)])
            #expect(try await retention.records(page: PageRequest()).items == records)
            current = try #require(try await retention.list(list.id))
            #expect(current.status == .destroyed && current.destroyedAt == Self.now)
            let items = try await retention.items(of: list.id, page: PageRequest()).items
            #expect(items.first { $0.recordID == old.id }?.destroyedAt == Self.now)
            #expect(items.first { $0.recordID == kept.id }?.exclusion?.reason == "Woo-verzoek loopt")

            // The skeleton: no text left, the figures the same.
            let skeleton = try #require(try await requests.get(old.id, scope: .party(.vngDesk))).request
            #expect(skeleton.title == "Vernietigd (VL-2026-0001)" && skeleton.description.isEmpty && skeleton.preferredContact.isEmpty)
            #expect(skeleton.status == .closed && skeleton.outcome == .advised && skeleton.needs == old.needs && skeleton.closedAt == old.closedAt)
            #expect(try await requests.messages(old.id, viewer: cast.desk).isEmpty)
            #expect(try await requests.activities(old.id).map(\.note) == [""])
            #expect(try await requests.activities(old.id).map(\.hours) == [2])
            let feedback = try await requests.feedback(old.id)
            #expect(feedback?.comment == "" && feedback?.score == 4)
            #expect(try await requests.history(old.id).allSatisfy { $0.reason == nil })
            #expect(try await requests.figures(from: Self.at(2020, 1, 1), until: Self.at(2026, 1, 1)) == figuresBefore)
            var words = RequestFilter()
            words.text = "vertrouwelijke"
            let search = try await requests.list(words, scope: .party(.vngDesk), page: PageRequest())
            #expect(search.items.map(\.request.number).sorted() == [kept.number, tomorrowsOne.number].sorted(), "its words are out of the search index")
            // The excluded one is whole.
            let whole = try #require(try await requests.get(kept.id, scope: .party(.vngDesk))).request
            #expect(whole.title == "Te bewaren" && !whole.description.isEmpty)
            #expect(try await requests.history(kept.id).contains { $0.reason == "Advies gegeven aan de wethouder" })

            // A skeleton takes no more text.
            await #expect(throws: DomainError.conflict("record_destroyed")) {
                try await requests.addMessage(RequestMessage(id: UUID(), request: old.id, author: cast.desk.id, authorOrganisation: cast.desk.organisation,
                                                             isInternal: true, body: "Toch nog iets", createdAt: Self.now), step: nil)
            }
            #expect(throws: DomainError.conflict("record_destroyed"), "the workflow takes no step on a skeleton") {
                _ = try RequestWorkflow().apply(.reopen(reason: "Nieuwe vraag"), to: skeleton, by: cast.desk, at: Self.now, targets: RequestStoreTests.targets)
            }
            var stale = skeleton
            stale.destroyedAt = nil   // as read just before the destruction
            let (reopened, change) = try RequestWorkflow().apply(.reopen(reason: "Nieuwe vraag"), to: stale, by: cast.desk, at: Self.now, targets: RequestStoreTests.targets)
            await #expect(throws: DomainError.conflict("record_destroyed"), "nor does the store") {
                try await requests.save(reopened, previous: stale, change: change, at: Self.now)
            }

            // Tomorrow the third is due; the excluded one comes back once its exclusion ends.
            let tomorrow = CalendarDay("2026-12-06")!
            #expect(try await retention.due(on: tomorrow, schedule: .standard).map(\.number) == [tomorrowsOne.number])
            let afterExclusion = RetentionPolicy.exclusionHolds.due(from: tomorrow)
            #expect(Set(try await retention.due(on: afterExclusion, schedule: .standard).map(\.recordID)).contains(kept.id))
            let (count, breaks, _) = try await AuditStore(database: database).verify()
            #expect(count > 0 && breaks.isEmpty)
        }
    }

    @Test("an incident keeps its classification and loses its description, neighbourhood and notes", arguments: TestEngine.available)
    func incident(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await RequestStoreTests.cast(database)
            let admin = try await IdentityStoreTests.makeUser(database, email: "b@ess.example", organisation: "szw-ess", role: .administrator)
            let incidents = IncidentStore(database: database)
            let retention = RetentionStore(database: database)
            let draft = IncidentDraft(kind: "discriminatoir-incident-gebedshuis", occurredOn: "2020-03-01", occurredAt: "22:15", location: "gebedshuis",
                                      neighbourhood: "Palenstein", grounds: ["godsdienst"], nature: "vernieling-of-bekladding", setting: "openbare-ruimte",
                                      severity: "hoog", description: "Leuzen op de gevel")
            let registered = try await incidents.create(try draft.validated(today: Self.at(2020, 3, 2)), municipality: MunicipalityCode("GM0637")!, id: UUID(),
                                                        by: cast.official.id, at: Self.at(2020, 3, 2))
            let update = try IncidentUpdate(status: "afgesloten", note: "Daders aangehouden").validated(for: registered)
            let closed = try await incidents.update(registered.id, with: update, expectedVersion: nil, by: cast.official.id, at: Self.at(2021, 1, 4))
            let open = try await incidents.create(try draft.validated(today: Self.at(2020, 3, 2)), municipality: MunicipalityCode("GM0637")!, id: UUID(),
                                                  by: cast.official.id, at: Self.at(2020, 3, 2))
            #expect(try await retention.due(on: Self.today, schedule: .standard).map(\.recordID) == [closed.id])
            #expect(try await retention.due(on: Self.today, schedule: try RetentionSchedule.configured("incident=bewaren").get()).isEmpty)
            #expect(try await retention.due(on: Self.today, schedule: try RetentionSchedule.configured("incident=P6Y").get()).isEmpty)
            let list = try #require(try await retention.collect(on: Self.today, schedule: .standard, id: UUID(), at: Self.now)).list
            try await retention.review(list.id, version: list.version, by: cast.coordinator.id, at: Self.now, audit: Self.audit(.destructionListReviewed, cast.coordinator))
            try await retention.approve(list.id, version: list.version + 1, by: admin.id, at: Self.now, audit: Self.audit(.destructionListApproved, admin))
            // Carried out under a longer rule set since: it is no longer due, and stays.
            #expect(try await retention.destroyApproved(schedule: try RetentionSchedule.configured("incident=P6Y").get(), on: Self.today, at: Self.now).isEmpty)
            #expect(try await incidents.get(closed.id)?.description == "Leuzen op de gevel")
            #expect(try await retention.list(list.id)?.status == .destroyed)
            // Listed again under the standard rule, and destroyed.
            let again = try #require(try await retention.collect(on: Self.today, schedule: .standard, id: UUID(), at: Self.now)).list
            #expect(again.number == "VL-2026-0002")
            try await retention.review(again.id, version: again.version, by: cast.coordinator.id, at: Self.now, audit: Self.audit(.destructionListReviewed, cast.coordinator))
            try await retention.approve(again.id, version: again.version + 1, by: admin.id, at: Self.now, audit: Self.audit(.destructionListApproved, admin))
            #expect(try await retention.destroyApproved(schedule: .standard, on: Self.today, at: Self.now).map(\.recordID) == [closed.id])
            let skeleton = try #require(try await incidents.get(closed.id))
            #expect(skeleton.description.isEmpty && skeleton.neighbourhood.isEmpty)
            #expect(skeleton.kind == closed.kind && skeleton.grounds == closed.grounds && skeleton.severity == closed.severity && skeleton.status == .closed)
            #expect(try await incidents.history(of: closed.id).allSatisfy { $0.note.isEmpty })
            #expect(try await incidents.get(open.id)?.description == "Leuzen op de gevel")
            let reopen = try IncidentUpdate(status: "in-behandeling", note: "Opnieuw").validated(for: skeleton)
            await #expect(throws: DomainError.conflict("record_destroyed")) {
                try await incidents.update(closed.id, with: reopen, expectedVersion: nil, by: cast.official.id, at: Self.now)
            }
        }
    }
}
