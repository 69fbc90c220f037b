import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Quickscan responses in storage: officials working at once keep each other's answers")
struct ResponseStoreTests {
    @Test("two officials save from forms loaded at the same time: nothing is lost; submitted is read-only until reopened",
          arguments: TestEngine.available)
    func concurrentOfficials(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let fixture = try await Self.round(database, codes: ["GM0637"])
            let (round, zoetermeer, now) = (fixture.round, fixture.codes[0], fixture.now)
            let anna = try await IdentityStoreTests.makeUser(database, email: "anna@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let bram = try await IdentityStoreTests.makeUser(database, email: "bram@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let store = ResponseStore(database: database)
            let capacity = ["aanspreekpunt", "casusoverleg", "budget"]
            // Both open the capacity section while it is empty.
            let loaded = Answers()
            let annaForm = Answers(["aanspreekpunt": .yesNo(true), "casusoverleg": .choice("nee")])
            try await store.save(round.id, zoetermeer, changes: Answers.changes(submitted: annaForm, original: loaded, keys: capacity), by: anna.id, at: now)
            let bramForm = Answers(["budget": .scale(4)])
            try await store.save(round.id, zoetermeer, changes: Answers.changes(submitted: bramForm, original: loaded, keys: capacity), by: bram.id, at: now)
            let stored = try #require(try await store.get(round.id, zoetermeer))
            #expect(stored.answers == Answers(["aanspreekpunt": .yesNo(true), "casusoverleg": .choice("nee"), "budget": .scale(4)]),
                    "Bram's form still showed Anna's questions empty; they were not cleared")
            // Anna clears one answer she gave.
            try await store.save(round.id, zoetermeer, changes: Answers.changes(submitted: Answers(["aanspreekpunt": .yesNo(true)]),
                                                                             original: annaForm, keys: capacity), by: anna.id, at: now)
            #expect(try await store.get(round.id, zoetermeer)?.answers["casusoverleg"] == nil)
            #expect(try await store.get(round.id, zoetermeer)?.answers["budget"] == .scale(4))

            try await store.submit(round.id, zoetermeer, scores: [.capacity: 75], by: anna.id, at: now)
            #expect(try await store.scores(round.id) == [zoetermeer: [.capacity: 75]])
            #expect(try await store.get(round.id, zoetermeer)?.status == .submitted)
            await #expect(throws: DomainError.conflict("response_submitted")) {
                try await store.save(round.id, zoetermeer, changes: ["budget": .some(.scale(1))], by: bram.id, at: now)
            }
            try await store.reopen(round.id, zoetermeer, at: now)
            #expect(try await store.scores(round.id) == [:], "reopened: no longer submitted, its scores gone")
            await #expect(throws: DomainError.conflict("response_not_submitted")) { try await store.reopen(round.id, zoetermeer, at: now) }
            try await store.save(round.id, zoetermeer, changes: ["budget": .some(.scale(1))], by: bram.id, at: now)
            #expect(try await store.get(round.id, zoetermeer)?.answers["budget"] == .scale(1))
            #expect(try await store.get(round.id, MunicipalityCode("GM0599")!) == nil)
        }
    }

    @Test("a round's counts and each target's progress follow the responses; only submitted answers are read for analysis",
          arguments: TestEngine.available)
    func progress(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let fixture = try await Self.round(database, codes: ["GM0637", "GM0599", "GM0363"])
            let (round, codes, coordinator, now) = (fixture.round, fixture.codes, fixture.coordinator, fixture.now)
            let rounds = RoundStore(database: database)
            let store = ResponseStore(database: database)
            try await store.save(round.id, codes[0], changes: ["budget": .some(.scale(4))], by: coordinator.id, at: now)
            try await store.save(round.id, codes[1], changes: ["budget": .some(.scale(2))], by: coordinator.id, at: now)
            try await store.submit(round.id, codes[1], scores: [:], by: coordinator.id, at: now)
            #expect(try await store.scores(round.id) == nil, "submitted without scores: the caller scores the answers")
            let summary = try #require(try await rounds.summary(round.id))
            #expect(summary.invited == 3 && summary.inProgress == 1 && summary.submitted == 1 && abs(summary.responseRate - 1.0 / 3) < 1e-9)
            #expect(try await rounds.list().map(\.submitted) == [1])
            let progress = try await rounds.progress(round.id)
            #expect(progress.map(\.target.municipality.rawValue) == ["GM0363", "GM0599", "GM0637"])
            #expect(progress.map(\.status) == [nil, .submitted, .inProgress])
            #expect(progress.filter(\.isNonResponder).count == 2)
            let own = try await rounds.rounds(for: codes[1])
            #expect(own.count == 1 && own.first?.progress.status == .submitted && own.first?.progress.submittedAt == now)
            #expect(try await rounds.rounds(for: MunicipalityCode("GM0014")!).isEmpty)
            #expect(try await store.submitted(round.id) == [codes[1]: Answers(["budget": .scale(2)])], "in-progress answers are not analysed")
        }
    }

    @Test("a submitted response's answers are kept as one text beside it: read as the answer rows read, renewed on each submit, cleared on reopening",
          arguments: TestEngine.available)
    func submittedText(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let fixture = try await Self.round(database, codes: ["GM0637", "GM0599", "GM0363"])
            let (round, codes, coordinator, now) = (fixture.round, fixture.codes, fixture.coordinator, fixture.now)
            let store = ResponseStore(database: database)
            let first = Answers(["budget": .scale(4), "aanspreekpunt": .yesNo(true), "toelichting-context": .text("Zij zei: \"rustig\"\nDaarna niet."),
                                 "gewenste-ondersteuning": .needs([.training, .networks])])
            try await store.save(round.id, codes[0], changes: first.values.mapValues { Optional($0) }, by: coordinator.id, at: now)
            try await store.submit(round.id, codes[0], scores: [:], by: coordinator.id, at: now)
            // A response submitted without any answer (every question optional) has an empty text.
            try await store.save(round.id, codes[1], changes: ["budget": .some(.scale(1))], by: coordinator.id, at: now)
            try await store.save(round.id, codes[1], changes: ["budget": nil], by: coordinator.id, at: now)
            try await store.submit(round.id, codes[1], scores: [:], by: coordinator.id, at: now)
            func text(_ code: MunicipalityCode) async throws -> String? {
                try await database.sql.select().column("submitted_answers").from("quickscan_responses").where("round_id", .equal, round.id.uuidString)
                    .where("municipality_code", .equal, code.rawValue).first()?.decode(column: "submitted_answers", as: String?.self)
            }
            #expect(try await text(codes[0])?.isEmpty == false)
            #expect(try await text(codes[1]) == "")
            let expected = [codes[0]: first, codes[1]: Answers()]
            #expect(try await store.submitted(round.id) == expected)
            #expect(try await store.get(round.id, codes[0])?.answers == first, "the text says what the answer rows say")

            // Reopened: no text; changed and submitted again: the new answers.
            try await store.reopen(round.id, codes[0], at: now)
            #expect(try await text(codes[0]) == nil)
            try await store.save(round.id, codes[0], changes: ["budget": .some(.scale(2)), "aanspreekpunt": nil], by: coordinator.id, at: now)
            #expect(try await store.submitted(round.id) == [codes[1]: Answers()], "a reopened response is not analysed")
            try await store.submit(round.id, codes[0], scores: [:], by: coordinator.id, at: now)
            var changed = first
            changed.values["budget"] = .scale(2)
            changed.values["aanspreekpunt"] = nil
            #expect(try await store.submitted(round.id)[codes[0]] == changed)

            // A submitted row without its text (written by an older build) is read from the answer rows.
            try await database.sql.update("quickscan_responses").set("submitted_answers", to: SQLLiteral.null)
                .where("municipality_code", .equal, codes[0].rawValue).run()
            #expect(try await store.submitted(round.id) == [codes[0]: changed, codes[1]: Answers()])
        }
    }

    @Test("every kind of answer reads back as written: the common shapes directly, a text with escapes through JSONDecoder")
    func answerCoding() throws {
        let values: [AnswerValue] = [.choice("ja-structureel"), .choices([]), .choices(["a", "b-c"]), .scale(4), .number(12.5), .number(-3),
                                     .yesNo(true), .yesNo(false), .text("Rustig in de wijk."), .needs([.training, .networks]), .needs([])]
        for value in values {
            let text = try AnswerCoding.encode(value)
            #expect(AnswerCoding.fast(text) == value, "\(text) is read directly")
            #expect(try AnswerCoding.decode(text) == value)
        }
        let tricky = AnswerValue.text("Zij zei: \"1/2, [a]\"\nen ging}}")
        let text = try AnswerCoding.encode(tricky)
        #expect(AnswerCoding.fast(text) == nil, "escapes go the slow, exact way")
        #expect(try AnswerCoding.decode(text) == tricky)
        #expect(AnswerCoding.fast(#"{"choices":{"_0":["a","b"],"x":1}}"#) == nil, "an unexpected shape is not guessed at")
    }

    /// A round of the starting instrument to `codes`, fielded by a coordinator.
    static func round(_ database: Database, codes: [String]) async throws -> (round: Round, codes: [MunicipalityCode], coordinator: User, now: Date) {
        let coordinator = try await IdentityStoreTests.makeUser(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        let instruments = InstrumentStore(database: database)
        let draft = try await instruments.create(.starting, id: UUID(), by: coordinator.id, at: now)
        let published = try await instruments.publish(draft.instrumentID, version: 1, at: now)
        let targets = codes.map { MunicipalityCode($0)! }
        let (round, _) = try await RoundStore(database: database).create(
            try RoundDraft(title: "Ronde", opensOn: "2027-01-04", closesOn: "2027-02-26", codes: codes).validated(),
            instrument: published, targets: targets, id: UUID(), by: coordinator.id, at: now, expiresAt: now.addingTimeInterval(86_400 * 60))
        return (round, targets, coordinator, now)
    }
}
