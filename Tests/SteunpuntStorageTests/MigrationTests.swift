import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Migrations and engine")
struct MigrationTests {
    @Test("migrations apply once, in order, and record themselves", arguments: TestEngine.available)
    func migrationsApplyOnce(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, referenceData: false) { database, _ async throws in
            #expect(try await Migrator.applied(database) == Array(1...Migrator.latest))
            #expect(try await Migrator.migrate(database).isEmpty, "a second run applies nothing")
        }
    }

    @Test("a failed transaction stores nothing", arguments: TestEngine.available)
    func transactionRollsBack(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await database.transaction { db in
                    try await db.update("municipalities").set("name", to: "Veranderd").where("code", .equal, "GM0363").run()
                    throw Boom()
                }
            }
            let name = try await MunicipalityStore(database: database).get(.init("GM0363")!)?.name
            #expect(name == "Amsterdam")
        }
    }

    @Test("SQLite runs in WAL mode with foreign keys enforced")
    func sqlitePragmas() async throws {
        try await TestDatabase.with(.sqlite, referenceData: false) { database, _ async throws in
            let mode = try await database.sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(mode == "wal")
            await #expect(throws: (any Error).self) {
                try await database.sql.raw("INSERT INTO organisations (id, name, search_key, kind, municipality_code, is_active, created_at, updated_at) VALUES ('x-y', 'X', 'x', 'school', 'GM9999', TRUE, 0, 0)").run()
            }
        }
    }

    @Test("concurrent writers lose no row", arguments: TestEngine.available)
    func concurrentWrites(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = OrganisationStore(database: database)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        try await store.create(Organisation(id: OrganisationID("partner-\(index)")!, name: "Partner \(index)", kind: .partner), at: Date())
                    }
                }
                try await group.waitForAll()
            }
            let page = try await store.list(OrganisationFilter(kind: .partner), page: PageRequest(size: 100))
            #expect(page.total == 101, "100 new partners and KIS")
        }
    }

    @Test("an unreachable database is reported, not waited on forever")
    func unreachable() async {
        await #expect(throws: StorageError.self) {
            _ = try await Database.open(try DatabaseURL.parse("postgres://nobody@127.0.0.1:1/none"), logger: TestDatabase.logger, timeout: .seconds(3))
        }
    }
}
