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

    @Test("a database a newer version migrated is refused, and nothing is applied to it", arguments: TestEngine.available)
    func newerSchemaRefused(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, referenceData: false) { database, _ async throws in
            let future = Migrator.latest + 1
            try await database.sql.insert(into: "schema_migrations").columns("id", "name", "applied_at")
                .values(SQLBind(future), SQLBind("from a newer version"), SQLBind(Date())).run()
            try await database.sql.delete(from: "schema_migrations").where("id", .equal, Migrator.latest).run()
            await #expect(throws: StorageError.newerSchema(unknown: [future])) { try await Migrator.migrate(database) }
            #expect(try await !Migrator.applied(database).contains(Migrator.latest), "the missing one was not applied either")
        }
    }

    @Test("processes starting together on one new database prepare it once: each migration and the 342 municipalities once, and all of them start",
          arguments: TestEngine.available)
    func preparedTogether(engine: TestEngine) async throws {
        let url = try await TestDatabase.create(engine)
        var handles: [Database] = []
        func cleanUp() async {
            for handle in handles { await handle.close() }
            try? await TestDatabase.drop(url)
        }
        do {
            for _ in 0..<3 {
                handles.append(try await Database.open(url, logger: TestDatabase.logger, timeout: .seconds(60), limits: TestDatabase.limits))
            }
            let box = try SecretBox(key: SecretBox.newKey())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for handle in handles {
                    group.addTask { try await DatabasePreparation.prepare(handle, box: box) }
                }
                try await group.waitForAll()
            }
            let database = handles[0]
            #expect(try await Migrator.applied(database) == Migrator.all.map { $0.id }.sorted())
            #expect(try await MunicipalityStore(database: database).count(includeEnded: true) == 342)
            let organisations = try await database.sql.raw("SELECT COUNT(*) AS n FROM organisations").first()?.decode(column: "n", as: Int.self)
            #expect(organisations == ReferenceData.nationalOrganisations.count + 342)
        } catch {
            await cleanUp()
            throw error
        }
        await cleanUp()
    }

    @Test("no two advisory locks share a number")
    func advisoryLocksDiffer() {
        #expect(Set(AdvisoryLock.allCases.map(\.rawValue)).count == AdvisoryLock.allCases.count)
        #expect(AdvisoryLock.auditLanes.rawValue <= Int64(Int32.max), "the lanes' lock takes two 32-bit keys")
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
            let refused = await refusal {
                try await database.sql.raw("INSERT INTO organisations (id, name, search_key, kind, municipality_code, is_active, created_at, updated_at) VALUES ('x-y', 'X', 'x', 'school', 'GM9999', TRUE, 0, 0)").run()
            }
            #expect(refused?.contains("FOREIGN KEY constraint failed") == true, "\(refused ?? "not refused")")
            // Refused for the unknown municipality (foreign keys on): nothing was stored.
            let stored = try await database.sql.raw("SELECT COUNT(*) AS n FROM organisations WHERE id = 'x-y'").first()?.decode(column: "n", as: Int.self)
            #expect(stored == 0)
            let keys = try await database.sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
            #expect(keys == 1)
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

    @Test("write probes at once (two instances, a balancer, an orchestrator) all succeed: none trips over another's row", arguments: TestEngine.available)
    func concurrentProbes(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, referenceData: false) { database, _ in
            // A generous bound: this is about conflicts between probes, not about their time.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<12 {
                    group.addTask { try await database.probeWrite(at: Date(timeIntervalSince1970: 1_780_000_000 + Double(index)), timeout: .seconds(60)) }
                }
                try await group.waitForAll()
            }
            let rows = try await database.sql.raw("SELECT COUNT(*) AS n FROM health_probe").first()?.decode(column: "n", as: Int.self)
            #expect(rows == 1)
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
        try await TestDatabase.with(engine, upTo: 10) { database, _ async throws in
            let now = Date(timeIntervalSince1970: 1_796_000_000)
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
        }
    }

    @Test("requests filed before their needs were kept on the row (migration 39) are listed and read with their needs afterwards",
          arguments: TestEngine.available)
    func requestNeedCodes(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await RequestStoreTests.cast(database)
            let store = RequestStore(database: database)
            // Filed by this build, then the column taken away again: as a database of
            // migration 38 holds them, needs in `request_needs` only (and one request with none).
            let codes = ["training-professionals-sleutelfiguren", "informatievraag", "toegang-lokale-netwerken"]
            let several = try await RequestStoreTests.file(store, by: cast.desk, needs: codes, at: RequestStoreTests.now)
            let none = try await RequestStoreTests.file(store, by: cast.desk, at: RequestStoreTests.now.addingTimeInterval(60))
            try await database.sql.delete(from: "request_needs").where("request_id", .equal, none.id.uppercasedText).run()
            try await M0039_RequestNeedCodes.revert(on: database.sql, types: ColumnTypes(engine: database.engine))
            try await database.sql.delete(from: "schema_migrations").where("id", .equal, 39).run()
            #expect(try await Migrator.migrate(database) == [39])
            let listed = try await store.list(RequestFilter(), scope: .party(.vngDesk), page: PageRequest())
            let needs = Dictionary(uniqueKeysWithValues: listed.items.map { ($0.request.id, $0.request.needs.map(\.rawValue)) })
            #expect(needs[several.id] == codes.sorted() && needs[none.id] == [])
            #expect(try await store.get(several.id, scope: .party(.vngDesk))?.request.needs.map(\.rawValue) == codes.sorted())
        }
    }

    @Test("an incident shared with the unit before shares were rows (migration 50) is shared with the unit afterwards, as a share on record; one not shared stays not shared",
          arguments: TestEngine.available)
    func incidentShares(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let official = try await RequestStoreTests.cast(database).official
            let store = IncidentStore(database: database)
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            let draft = try IncidentDraft(kind: "anders", occurredOn: "2026-11-20", location: "online", severity: "laag", description: "Dreigende berichten.")
                .validated(today: now)
            let code = MunicipalityCode("GM0637")!
            let shared = try await store.create(draft, municipality: code, id: UUID(), by: official.id, at: now)
            let kept = try await store.create(draft, municipality: code, id: UUID(), by: official.id, at: now)
            // As a database of migration 49 holds them: a flag on the incident, no rows.
            try await M0050_CreateIncidentShares.revert(on: database.sql, types: ColumnTypes(engine: database.engine))
            try await database.sql.update("incidents").set("shared_with_unit", to: true).where("id", .equal, shared.id.uppercasedText).run()
            try await database.sql.delete(from: "schema_migrations").where("id", .equal, 50).run()
            #expect(try await Migrator.migrate(database) == [50])
            let (after, notShared) = (try await store.get(shared.id), try await store.get(kept.id))
            #expect(after?.sharedWith == [.expertiseUnit] && notShared?.sharedWith == [])
            let shares = try await store.shares(of: shared.id)
            #expect(shares.count == 1 && shares.first?.organisation == .expertiseUnit && shares.first?.sharedBy == official.id && shares.first?.isStanding == true)
            #expect(try await store.list(.sharedWith(.expertiseUnit), page: PageRequest()).items.map(\.id) == [shared.id])
        }
    }

    @Test("a quarter whose indicators were kept before closing was a step (migration 53) counts as closed at its first reading, by nobody",
          arguments: TestEngine.available)
    func indicatorPeriods(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, upTo: 52) { database, _ async throws in
            let first = Date(timeIntervalSince1970: 1_792_000_000), second = first.addingTimeInterval(3_600)
            for (code, read) in [("gemeenten-geadviseerd", first), ("hulpvragen-per-kanaal", second)] {
                try await database.sql.insert(into: "indicator_records").columns("code", "period", "definition_version", "records", "read_at")
                    .values(SQLBind(code), SQLBind("2026-K3"), SQLBind(1), SQLBind("[]"), SQLBind(read)).run()
            }
            #expect(try await Migrator.migrate(database).contains(53))
            let store = IndicatorStore(database: database)
            #expect(try await store.closing(of: PlanQuarter("2026-K3")!) == IndicatorClosing(period: PlanQuarter("2026-K3")!, closedAt: first, closedBy: nil))
            #expect(try await store.closing(of: PlanQuarter("2026-K2")!) == nil)
        }
    }

    @Test("offerings added before the listing indexes (migration 15) are listed by need and audience afterwards", arguments: TestEngine.available)
    func offeringListingIndexes(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, upTo: 14) { database, _ async throws in
            let now = Date(timeIntervalSince1970: 1_796_000_000)
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
        }
    }

    @Test("quickscan responses submitted before migration 21 get their answers as one text, and read the same afterwards", arguments: TestEngine.available)
    func submittedAnswersBackfilled(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, upTo: 20) { database, _ async throws in
            let fixture = try await ResponseStoreTests.round(database, codes: ["GM0637", "GM0599"])
            let (round, codes, now) = (fixture.round, fixture.codes, fixture.now)
            let given: [String: AnswerValue] = ["budget": .scale(3), "aanspreekpunt": .yesNo(false)]
            for (code, status) in zip(codes, ["ingediend", "bezig"]) {
                try await database.sql.insert(into: "quickscan_responses").columns("round_id", "municipality_code", "status", "updated_at")
                    .values(SQLBind(round.id.uuidString), SQLBind(code.rawValue), SQLBind(status), SQLBind(now)).run()
                for (key, value) in given {
                    try await database.sql.insert(into: "quickscan_answers").columns("round_id", "municipality_code", "question_key", "value", "changed_by", "changed_at")
                        .values(SQLBind(round.id.uuidString), SQLBind(code.rawValue), SQLBind(key), SQLBind(try AnswerCoding.encode(value)),
                                SQLBind(fixture.coordinator.id.uuidString), SQLBind(now)).run()
                }
            }
            #expect(try await Migrator.migrate(database) == Array(21...Migrator.latest))
            let texts = try await database.sql.select().columns("municipality_code", "submitted_answers").from("quickscan_responses").all()
                .map { (try $0.decode(column: "municipality_code", as: String.self), try $0.decode(column: "submitted_answers", as: String?.self)) }
            #expect(texts.first { $0.0 == "GM0637" }?.1?.isEmpty == false, "the submitted response has its text")
            #expect(texts.first { $0.0 == "GM0599" }?.1 == nil, "a response in progress has none")
            #expect(try await ResponseStore(database: database).submitted(round.id) == [codes[0]: Answers(given)])
        }
    }

    @Test("offerings indexed before their facets were kept apart (migration 22) are found with filters afterwards, by words only",
          arguments: TestEngine.available)
    func offeringFacetsSeparated(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, upTo: 21) { database, _ async throws in
            _ = try await NeedStore(database: database).ensureShipped()
            let c = try await OfferingStoreTests.corpus(database)
            #expect(try await Migrator.migrate(database) == Array(22...Migrator.latest))
            func ids(_ filter: OfferingFilter) async throws -> [UUID] {
                try await c.store.search(filter, reach: .publicAccess, page: PageRequest()).items.map(\.id)
            }
            #expect(try await ids(OfferingFilter(text: "sleutelfiguren", kind: .training, audience: .keyFigures)) == [c.trainings.id])
            #expect(try await ids(OfferingFilter(text: "sleutelfiguren", kind: .guide)).isEmpty)
            #expect(try await ids(OfferingFilter(text: "fsoorttraining")).isEmpty, "a facet is no word")
            let added = try await c.store.create(try OfferingStoreTests.draft("Training voor wijkteams", summary: "Na de migratie.", kind: .training),
                                                 id: UUID(), by: c.author.id, at: Date(timeIntervalSince1970: 1_796_000_000))
            #expect(try await ids(OfferingFilter(text: "wijkteams", kind: .training)) == [added.id])
        }
    }
}
