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

    @Test("requests filed before the list indexes (migration 11) are found by desk lists and search afterwards", arguments: TestEngine.available)
    func requestListIndexes(engine: TestEngine) async throws {
        let url = try await TestDatabase.create(engine)
        let database = try await Database.open(url, logger: TestDatabase.logger)
        do {
            try await Migrator.migrate(database, upTo: 10)
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            try await ReferenceData.ensure(in: database, at: now)
            let user = try await IdentityStoreTests.makeUser(database, email: "lotte@vng.example", organisation: "vng-loket", role: .deskAgent)
            let id = UUID().uuidString
            try await database.sql.insert(into: "support_requests").columns(
                "id", "number", "title", "description", "search_key", "requester_id", "municipality_code", "province", "channel", "urgency",
                "preferred_contact", "status", "desk_id", "holder_id", "created_by", "created_at", "updated_at", "first_response_due", "resolution_due")
                .values(SQLBind(id), SQLBind("HV-2025-00001"), SQLBind("Spanning in de wijk"), SQLBind("Coördinatie"), SQLBind("hv-2025-00001 spanning in de wijk coordinatie"),
                        SQLBind("GM0637"), SQLBind("GM0637"), SQLBind("Zuid-Holland"), SQLBind("vng-loket"), SQLBind("normaal"), SQLBind(""),
                        SQLBind("in-behandeling"), SQLBind("vng-loket"), SQLBind("vng-loket"), SQLBind(user.id.uuidString), SQLBind(now), SQLBind(now),
                        SQLBind(now), SQLBind(now)).run()
            try await database.sql.insert(into: "request_parties").columns("request_id", "organisation_id").values(SQLBind(id), SQLBind("vng-loket")).run()
            #expect(try await Migrator.migrate(database) == Array(11...Migrator.latest))
            let store = RequestStore(database: database)
            let found = try await store.list(RequestFilter(statuses: [.inTriage], text: "coordinatie 00001"), scope: .party(.vngDesk), page: PageRequest())
            #expect(found.items.map(\.request.id.uuidString) == [id])
            let filed = try await RequestStoreTests.file(store, by: user, title: "Nieuw na de migratie")
            #expect(try await store.list(RequestFilter(text: "migratie"), scope: .party(.vngDesk), page: PageRequest()).items.map(\.request.id) == [filed.id],
                    "a request filed afterwards gets its own full-text row")
        } catch {
            await database.close()
            try? await TestDatabase.drop(url)
            throw error
        }
        await database.close()
        try await TestDatabase.drop(url)
    }

    @Test("offerings added before the listing indexes (migration 15) are listed by need and audience afterwards", arguments: TestEngine.available)
    func offeringListingIndexes(engine: TestEngine) async throws {
        let url = try await TestDatabase.create(engine)
        let database = try await Database.open(url, logger: TestDatabase.logger)
        do {
            try await Migrator.migrate(database, upTo: 14)
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            try await ReferenceData.ensure(in: database, at: now)
            _ = try await NeedStore(database: database).ensureShipped()
            let user = try await IdentityStoreTests.makeUser(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let valid = try OfferingStoreTests.draft("Trainingen voor sleutelfiguren", summary: "Van voor de migratie.", audiences: [.keyFigures],
                                                     needs: [.training])
            let offering = Offering(id: UUID(), slug: OfferingSlug("trainingen-voor-sleutelfiguren")!, kind: valid.kind, title: valid.title,
                                    summary: valid.summary, body: "", audiences: valid.audiences, needs: valid.needs, provider: valid.provider,
                                    contact: "", status: .available, expectedOn: nil, visibility: .publicAccess, createdAt: now, updatedAt: now)
            var columns = ["id", "slug", "created_by", "created_at", "version"] + (engine == .sqlite ? ["search_id"] : [])
            var values: [any SQLExpression] = [SQLBind(offering.id.uuidString), SQLBind(offering.slug.rawValue), SQLBind(user.id.uuidString), SQLBind(now), SQLBind(1)]
            if engine == .sqlite { values.append(SQLBind(1)) }
            for (column, value) in OfferingStore.values(offering) {
                columns.append(column)
                values.append(SQLBind(value))
            }
            try await database.sql.insert(into: "offerings").columns(columns).values(values).run()
            try await database.sql.insert(into: "offering_needs").columns("offering_id", "need_code")
                .values(SQLBind(offering.id.uuidString), SQLBind(NeedCode.training.rawValue)).run()
            try await database.sql.insert(into: "offering_audiences").columns("offering_id", "audience")
                .values(SQLBind(offering.id.uuidString), SQLBind(Audience.keyFigures.rawValue)).run()
            #expect(try await Migrator.migrate(database) == Array(15...Migrator.latest))
            let store = OfferingStore(database: database)
            #expect(try await store.search(OfferingFilter(need: .training), reach: .publicAccess, page: PageRequest()).items.map(\.id) == [offering.id])
            #expect(try await store.search(OfferingFilter(audience: .keyFigures), reach: .publicAccess, page: PageRequest()).items.map(\.id) == [offering.id])
        } catch {
            await database.close()
            try? await TestDatabase.drop(url)
            throw error
        }
        await database.close()
        try await TestDatabase.drop(url)
    }
}
