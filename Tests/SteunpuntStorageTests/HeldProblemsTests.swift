import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

/// While a request holds input problems, none of its transactions commits: the body of the
/// transaction runs (so the use case finds its own problems) but nothing of it is stored,
/// and the held problems are what it throws.
@Suite("Held input problems keep a request's writes from committing")
struct HeldProblemsTests {
    static func probes(_ database: Database) async throws -> Int {
        try await database.sql.raw("SELECT COUNT(*) AS n FROM health_probe").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("a held problem rolls the transaction back and is thrown; none held, it commits", arguments: TestEngine.available)
    func refusal(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let before = try await Self.probes(database)
            let held = HeldProblems()
            held.hold([FieldError(field: "omschrijving", code: "personal_identifier_bsn")])
            var thrown: DomainError?
            do {
                try await HeldProblems.$current.withValue(held) { try await database.probeWrite(at: Date()) }
            } catch let error as DomainError {
                thrown = error
            }
            #expect(thrown == .invalid([FieldError(field: "omschrijving", code: "personal_identifier_bsn")]))
            #expect(try await Self.probes(database) == before, "nothing stored")
            try await HeldProblems.$current.withValue(HeldProblems()) { try await database.probeWrite(at: Date()) }
            #expect(try await Self.probes(database) == before + 1, "nothing held: stored")
        }
    }

    @Test("merged: held problems first, each field and code once")
    func merged() {
        let held = HeldProblems()
        held.hold([FieldError(field: "omschrijving", code: "personal_identifier_bsn"), FieldError(field: "x", code: "unknown_field")])
        let merged = held.merged(with: [FieldError(field: "titel", code: "required"), FieldError(field: "omschrijving", code: "personal_identifier_bsn")])
        #expect(merged.map { "\($0.field):\($0.code)" } == ["omschrijving:personal_identifier_bsn", "x:unknown_field", "titel:required"])
    }
}
