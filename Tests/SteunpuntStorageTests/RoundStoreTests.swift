import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Quickscan rounds in storage: targets with personal links that expire and can be revoked")
struct RoundStoreTests {
    @Test("a round of a published version; each target's link leads to it until it expires or is revoked; a reissued link replaces the old",
          arguments: TestEngine.available)
    func invitations(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let coordinator = try await IdentityStoreTests.makeUser(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let instruments = InstrumentStore(database: database)
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            let draft = try await instruments.create(.starting, id: UUID(), by: coordinator.id, at: now)
            let store = RoundStore(database: database)
            let valid = try RoundDraft(title: "Quickscan 2027", opensOn: "2027-01-04", closesOn: "2027-02-26", codes: ["GM0637", "GM0599"]).validated()
            let codes = [MunicipalityCode("GM0637")!, MunicipalityCode("GM0599")!]
            let expiry = now.addingTimeInterval(60 * 86_400)
            await #expect(throws: DomainError.invalid([FieldError(field: "instrument", code: "instrument_not_published")])) {
                _ = try await store.create(valid, instrument: draft, targets: codes, id: UUID(), by: coordinator.id, at: now, expiresAt: expiry)
            }
            let published = try await instruments.publish(draft.instrumentID, version: 1, at: now)
            let (round, secrets) = try await store.create(valid, instrument: published, targets: codes, id: UUID(), by: coordinator.id, at: now, expiresAt: expiry)
            #expect(try await store.targets(round.id).map(\.municipality.rawValue) == ["GM0599", "GM0637"])
            let zoetermeer = try #require(secrets[codes[0]])
            #expect(zoetermeer.hasPrefix("qs_") && zoetermeer.count > 40)
            #expect(try await store.check(secret: zoetermeer, at: now) == .valid(round, codes[0]))
            #expect(try await store.check(secret: zoetermeer, at: expiry) == .expired)
            #expect(try await store.check(secret: "qs_bestaat-niet", at: now) == .unknown)
            let stored = try await database.sql.select().column("token_digest").from("quickscan_targets").all().map { try $0.decode(column: "token_digest", as: String.self) }
            #expect(!stored.contains(zoetermeer) && stored.contains(SecretToken.digest(zoetermeer)), "only the digest is stored")
            let renewed = try await store.reissue(round.id, for: codes[0], at: now, expiresAt: expiry)
            #expect(try await store.check(secret: zoetermeer, at: now) == .unknown, "the old link stops working")
            #expect(try await store.check(secret: renewed, at: now) == .valid(round, codes[0]))
            try await store.revoke(round.id, for: codes[1], at: now)
            #expect(try await store.check(secret: try #require(secrets[codes[1]]), at: now) == .revoked)
            await #expect(throws: DomainError.notFound) { try await store.revoke(round.id, for: MunicipalityCode("GM0014")!, at: now) }
        }
    }

    @Test("a round is never its own predecessor, whatever the precision of its creation time; rounds of one day and instant keep one order",
          arguments: TestEngine.available)
    func previousRound(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = RoundStore(database: database), responses = ResponseStore(database: database)
            let coordinator = try await IdentityStoreTests.makeUser(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let instruments = InstrumentStore(database: database)
            let draft = try await instruments.create(.starting, id: UUID(), by: coordinator.id, at: Date())
            let published = try await instruments.publish(draft.instrumentID, version: 1, at: Date())
            let code = MunicipalityCode("GM0637")!
            // Nanoseconds the database does not keep: read back, the time is rounded down.
            let instant = Date(timeIntervalSince1970: 1_796_000_000.123_456_4)
            func make(_ title: String, opens: String, at time: Date) async throws -> Round {
                let (round, _) = try await store.create(try RoundDraft(title: title, opensOn: opens, closesOn: "2027-02-26", codes: [code.rawValue]).validated(),
                                                        instrument: published, targets: [code], id: UUID(), by: coordinator.id, at: time,
                                                        expiresAt: time.addingTimeInterval(86_400 * 60))
                try await responses.save(round.id, code, changes: ["budget": .some(.scale(3))], by: coordinator.id, at: time)
                try await responses.submit(round.id, code, scores: [:], by: coordinator.id, at: time)
                return round
            }
            let first = try await make("Eerste", opens: "2027-01-04", at: instant)
            #expect(try await store.previous(before: first) == nil, "the round in memory, with its nanoseconds")
            #expect(try await store.previous(before: try #require(try await store.get(first.id))) == nil, "the round as read back")
            // Two more rounds opening the same day, made in the same instant: the id decides, the same way in the list and here.
            let second = try await make("Tweede", opens: "2027-01-04", at: instant)
            let third = try await make("Derde", opens: "2027-01-04", at: instant)
            let listed = try await store.list().map(\.round.id)
            #expect(listed.count == 3 && Set(listed) == [first.id, second.id, third.id])
            for (index, id) in listed.enumerated().dropLast() {
                let round = try #require(try await store.get(id))
                let previous = try await store.previous(before: round)
                #expect(previous?.id == listed[index + 1], "the list and the predecessor agree")
            }
        }
    }
}
