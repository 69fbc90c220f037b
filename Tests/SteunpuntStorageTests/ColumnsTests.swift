import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

/// The column reader of the hot lists reaches each driver's native row, and reads what
/// the drivers' generic `Decodable` path reads.
@Suite("Rows read by column give what the drivers' decoding gives")
struct ColumnsTests {
    @Test("a stored request reads the same natively and through SQLRow, needs and names included", arguments: TestEngine.available)
    func request(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await RequestStoreTests.cast(database)
            let store = RequestStore(database: database)
            let filed = try await RequestStoreTests.file(store, by: cast.desk, at: RequestStoreTests.now)
            let rows = try await database.sql.raw("SELECT * FROM support_requests WHERE id = \(bind: filed.id.uppercasedText)").all()
            let row = try #require(rows.first)
            let native = Columns(row, table: "support_requests")
            #expect(native.isNative, "the driver's own row was reached; if not, its wrapper changed (see Columns)")
            let viaNative = try RequestRows.decode(native)
            #expect(viaNative == (try RequestRows.decode(Columns(generic: row, table: "support_requests"))))
            #expect(viaNative.id == filed.id && viaNative.createdAt == filed.createdAt && viaNative.outcome == nil && viaNative.assignee == nil)
            let page = try await store.list(RequestFilter(), scope: .party(.vngDesk), page: PageRequest())
            #expect(page.items.first?.request.needs == filed.needs && page.items.first?.municipalityName == "Zoetermeer")
        }
    }

    @Test("text, numbers, truth values, times and nulls; a missing column is an error, not a null", arguments: TestEngine.available)
    func values(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let time = Date(timeIntervalSince1970: 1_796_000_000.5)
            try await database.sql.update("organisations").set("updated_at", to: time).where("id", .equal, "vng-loket").run()
            let row = try #require(try await database.sql.raw("""
                SELECT name, updated_at, 42 AS answer, 2.5 AS half, \(bind: true) AS yes, NULL AS absent_value, 'é “x” 🇳🇱' AS text
                FROM organisations WHERE id = 'vng-loket'
                """).first())
            let native = Columns(row, table: "organisations"), generic = Columns(generic: row, table: "organisations")
            #expect(native.isNative && !generic.isNative)
            for columns in [native, generic] {
                #expect(try columns.string("name") == row.decode(column: "name", as: String.self))
                #expect(try columns.date("updated_at") == time)
                #expect(try columns.int("answer") == 42)
                #expect(try columns.double("half") == 2.5)
                #expect(try columns.bool("yes"))
                #expect(try columns.isNull("absent_value") && columns.string(ifPresent: "absent_value") == nil && columns.date(ifPresent: "absent_value") == nil)
                #expect(try columns.string(ifPresent: "text") == "é “x” 🇳🇱")
            }
            #expect(throws: StorageError.self) { try native.string("absent") }
            #expect(throws: StorageError.self) { try native.isNull("absent") }
        }
    }
}
