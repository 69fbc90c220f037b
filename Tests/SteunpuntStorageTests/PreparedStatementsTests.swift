import Foundation
import PostgresNIO
import SQLKit
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

/// Statements kept prepared on PostgreSQL (`StatementNames`): the server holds them, a
/// value's type is part of the statement, a failure while preparing does not stick to the
/// connection, and `prepare=off` turns it off.
@Suite("Prepared statements on PostgreSQL")
struct PreparedStatementsTests {
    static let postgres = TestEngine.available.filter { $0 == .postgres }

    /// The names of the statements the connection's server session holds whose text
    /// contains `fragment` (the session holds others too: migrations, reference data).
    static func prepared(_ db: any SQLDatabase, containing fragment: String) async throws -> [String] {
        try await db.raw("SELECT name, statement FROM pg_prepared_statements ORDER BY name").all()
            .filter { try $0.decode(column: "statement", as: String.self).contains(fragment) }
            .map { try $0.decode(column: "name", as: String.self) }
    }

    @Test("a statement run twice on a connection is prepared once, under one name, and answers both times", arguments: postgres)
    func preparedOnce(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let names = try await database.transaction { db in
                let first = try await db.select().column("name").from("municipalities").where("code", .equal, "GM0637").first()
                let second = try await db.select().column("name").from("municipalities").where("code", .equal, "GM0363").first()
                #expect(try first?.decode(column: "name", as: String.self) == "Zoetermeer")
                #expect(try second?.decode(column: "name", as: String.self) == "Amsterdam")
                return try await Self.prepared(db, containing: #"SELECT "name" FROM "municipalities" WHERE "code" = $1"#)
            }
            #expect(names.count == 1 && names.allSatisfy { $0.hasPrefix("steunpunt_") }, "one statement for both calls: \(names)")
        }
    }

    @Test("a value's type is part of the statement: a number and a text in the same place are two statements; a NULL has its type", arguments: postgres)
    func typesApart(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await database.transaction { db in
                let none: String? = nil, some: String? = "GM0637"
                var answers: [String?] = []
                for value: any Encodable & Sendable in [42, "tekst", none, some, 7] {
                    let row = try await db.raw("SELECT CAST(\(bind: value) AS TEXT) AS v").first()
                    answers.append(try row?.decode(column: "v", as: String?.self))
                }
                #expect(answers == ["42", "tekst", nil, "GM0637", "7"])
                let ours = try await Self.prepared(db, containing: "SELECT CAST($1 AS TEXT) AS v")
                #expect(ours.count == 2, "a number, and a text (with the text's NULL): \(ours)")
            }
        }
    }

    @Test("a statement that failed to prepare (in an aborted transaction) runs on that connection afterwards", arguments: postgres)
    func failureDoesNotStick(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            // One connection throughout: PostgresNIO remembers a failed preparation per
            // connection, so without a new generation of names the last call would fail.
            let answer = try await database.provider.withConnection { db in
                // Seen once, so that the next time it is prepared.
                _ = try await db.select().column("name").from("municipalities").where("code", .equal, "GM0637").first()
                try await db.raw("BEGIN").run()
                await #expect(throws: PSQLError.self) { try await db.raw("SELECT no_such_column FROM municipalities").run() }
                await #expect(throws: PSQLError.self) {
                    try await db.select().column("name").from("municipalities").where("code", .equal, "GM0637").first()
                }
                try await db.raw("ROLLBACK").run()
                return try await db.select().column("name").from("municipalities").where("code", .equal, "GM0637").first()
            }
            #expect(try answer?.decode(column: "name", as: String.self) == "Zoetermeer")
        }
    }

    @Test("with prepare=off every statement goes unnamed", arguments: postgres)
    func off(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { _, url async throws in
            guard case .postgres(var location) = url else { Issue.record("not PostgreSQL"); return }
            location.preparesStatements = false
            let database = try await Database.open(.postgres(location), logger: TestDatabase.logger, timeout: .seconds(60), limits: TestDatabase.limits)
            do {
                let names = try await database.transaction { db in
                    _ = try await db.select().column("name").from("municipalities").where("code", .equal, "GM0637").first()
                    return try await Self.prepared(db, containing: "municipalities")
                }
                #expect(names.isEmpty)
            } catch {
                await database.close()
                throw error
            }
            await database.close()
        }
    }

    @Test("what is kept prepared: data statements without *, COUNT(*) allowed")
    func preparable() {
        #expect(StatementNames.isPreparable(#"SELECT "name" FROM "municipalities" WHERE "code" = $1"#))
        #expect(StatementNames.isPreparable(#"SELECT COUNT(*) AS "n" FROM "users""#))
        #expect(StatementNames.isPreparable("WITH x AS (SELECT 1) SELECT * FROM x") == false)
        #expect(StatementNames.isPreparable(#"SELECT "users".* FROM "users""#) == false)
        #expect(StatementNames.isPreparable(#"INSERT INTO "t" ("a") VALUES ($1)"#))
        #expect(StatementNames.isPreparable(#"UPDATE "t" SET "a" = $1"#))
        #expect(StatementNames.isPreparable(#"DELETE FROM "t""#))
        for other in ["BEGIN", "COMMIT", "ROLLBACK", "CREATE TABLE t (a int)", "ALTER TABLE t ADD b int", "SET LOCAL x = 1", "select 1"] {
            #expect(StatementNames.isPreparable(other) == false, "\(other)")
        }
    }

    @Test("names per connection, from the second sighting: a new generation after an error that can come from preparing, none after a constraint; a limit")
    func names() {
        let names = StatementNames()
        let key = StatementNames.Key(sql: "SELECT 1", types: [])
        #expect(names.name(for: key, on: 1) == nil, "seen once: unnamed")
        #expect(names.name(for: key, on: 1) == "steunpunt_0_0")
        #expect(names.name(for: .init(sql: "SELECT 1", types: [25]), on: 1) == nil)
        #expect(names.name(for: .init(sql: "SELECT 1", types: [25]), on: 1) == "steunpunt_0_1")
        names.failed(sqlState: "23505", on: 1)
        #expect(names.name(for: key, on: 1) == "steunpunt_0_0")
        names.failed(sqlState: "25P02", on: 1)
        #expect(names.name(for: key, on: 1) == "steunpunt_1_0")
        #expect(names.name(for: key, on: 2) == "steunpunt_0_0", "another connection keeps its names")
        for _ in 1..<StatementNames.generations { names.failed(sqlState: "42703", on: 1) }
        #expect(names.name(for: key, on: 1) == nil, "after the last generation, unnamed")
        for number in 2..<StatementNames.limit {
            _ = names.name(for: .init(sql: "SELECT \(number)", types: []), on: 2)
            _ = names.name(for: .init(sql: "SELECT \(number)", types: []), on: 2)
        }
        #expect(names.name(for: .init(sql: "SELECT \(StatementNames.limit - 1)", types: []), on: 2) == "steunpunt_0_\(StatementNames.limit - 1)")
        _ = names.name(for: .init(sql: "SELECT 'one too many'", types: []), on: 2)
        #expect(names.name(for: .init(sql: "SELECT 'one too many'", types: []), on: 2) == nil)
        #expect(names.name(for: key, on: 2) == "steunpunt_0_0", "known statements keep their names")
    }
}
