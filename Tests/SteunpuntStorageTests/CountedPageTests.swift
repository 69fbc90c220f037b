import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

/// A page and its count in one statement: the count is that of every match, on the first
/// page, a middle one, past the end (no row to carry it) and when nothing matches; the
/// binds of the count and of the page land in their places.
@Suite("A page carries the count of all its matches")
struct CountedPageTests {
    static let zeeland = 13   // municipalities in Zeeland in the reference data of 2026

    @Test("built queries: first page, a middle one, past the end, nothing matching", arguments: TestEngine.available)
    func built(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            func page(_ province: String, size: Int, offset: Int) async throws -> (codes: [String], total: Int) {
                let (rows, total) = try await CountedPage.read(
                    rows: database.sql.select().column("code").from("municipalities").where("province", .equal, province)
                        .orderBy("code").limit(size).offset(offset),
                    count: database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("municipalities")
                        .where("province", .equal, province))
                return (try rows.map { try $0.decode(column: "code", as: String.self) }, total)
            }
            let first = try await page("Zeeland", size: 5, offset: 0)
            let middle = try await page("Zeeland", size: 5, offset: 5)
            let beyond = try await page("Zeeland", size: 5, offset: 50)
            let none = try await page("Atlantis", size: 5, offset: 0)
            #expect(first.codes.count == 5 && first.total == Self.zeeland)
            #expect(middle.codes.count == 5 && middle.total == Self.zeeland && Set(middle.codes).isDisjoint(with: first.codes))
            #expect(beyond.codes.isEmpty && beyond.total == Self.zeeland)
            #expect(none.codes.isEmpty && none.total == 0)
        }
    }

    @Test("queries as text: binds in the columns, the matches and the page keep their places", arguments: TestEngine.available)
    func text(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            func page(_ province: String, offset: Int) async throws -> (rows: [any SQLRow], total: Int) {
                try await CountedPage.read(database.sql, columns: "m.code, m.province, \(bind: "merk") AS tag",
                                           from: "FROM municipalities m WHERE m.province = \(bind: province)",
                                           orderBy: "m.code", limit: 4, offset: offset)
            }
            let first = try await page("Zeeland", offset: 0)
            #expect(first.rows.count == 4 && first.total == Self.zeeland)
            for row in first.rows {
                #expect(try row.decode(column: "tag", as: String.self) == "merk" && row.decode(column: "province", as: String.self) == "Zeeland")
            }
            let last = try await page("Zeeland", offset: 12)
            #expect(last.rows.count == 1 && last.total == Self.zeeland)
            let beyond = try await page("Zeeland", offset: 13)
            #expect(beyond.rows.isEmpty && beyond.total == Self.zeeland)
        }
    }
}
