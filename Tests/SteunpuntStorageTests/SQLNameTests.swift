import Foundation
import SQLKit
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

/// Names quoted once in the code write what SQLKit's identifiers write, and work on both
/// engines, reserved words included.
@Suite("Names from the code are quoted as SQLKit quotes them")
struct SQLNameTests {
    @Test("the same text as SQLIdentifier and SQLColumn, and usable where a reserved word is the name", arguments: TestEngine.available)
    func quoting(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            func text(_ expression: any SQLExpression) -> String { database.sql.serialize(expression).sql }
            #expect(text(SQLName("number", table: "support_requests")) == text(SQLColumn("number", table: "support_requests")))
            #expect(text(SQLName("support_requests")) == text(SQLIdentifier("support_requests")))
            #expect(text(SQLName.columns(["id", "email"], of: "users")) == text(SQLColumn("id", table: "users")) + ", " + text(SQLColumn("email", table: "users")))
            #expect(text(SQLName.alias(SQLName("name"), as: "order")) == text(SQLAlias(SQLIdentifier("name"), as: SQLIdentifier("order"))))
            let row = try #require(try await database.sql.select().column(SQLName.alias(SQLName("name", table: "m"), as: "order"))
                .from(SQLAlias(SQLName("municipalities"), as: SQLName("m"))).where(SQLName("code", table: "m"), .equal, SQLBind("GM0637")).first())
            #expect(try row.decode(column: "order", as: String.self) == "Zoetermeer")
        }
    }
}
