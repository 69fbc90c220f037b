import SQLKit

/// A page of rows and the number of all rows that match, read in one statement: the count
/// rides on the page's query as an uncorrelated subquery (`page_total`), which SQLite and
/// PostgreSQL both evaluate once. Each statement is a round trip (on SQLite a hop to the
/// connection's thread and back), so a list costs one instead of two (issue 17). Only an
/// empty page, which has no row to carry the count, asks for the count on its own.
enum CountedPage {
    static let column = "page_total"

    /// `rows` is the page's query (ordered, limited); `count` selects `COUNT(*) AS n` over
    /// the same matches.
    static func read(rows: SQLSelectBuilder, count: SQLSelectBuilder) async throws -> (rows: [any SQLRow], total: Int) {
        let page = try await rows.column(SQLName.alias(SQLGroupExpression(count.query), as: column)).all()
        if let first = page.first { return (page, try first.decode(column: column, as: Int.self)) }
        return ([], try await count.first()?.decode(column: "n", as: Int.self) ?? 0)
    }

    /// The same for a query written as text: `SELECT columns, (SELECT COUNT(*) from) …
    /// from ORDER BY order LIMIT … OFFSET …`. `from` is the `FROM … WHERE …` part, used
    /// twice; its aliases are the subquery's own there.
    static func read(_ database: any SQLDatabase, columns: SQLQueryString, from: SQLQueryString, orderBy: SQLQueryString,
                     limit: Int, offset: Int) async throws -> (rows: [any SQLRow], total: Int) {
        let page = try await database.raw("""
            SELECT \(columns), (SELECT COUNT(*) \(from)) AS \(unsafeRaw: column) \(from)
            ORDER BY \(orderBy) LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all()
        if let first = page.first { return (page, try first.decode(column: column, as: Int.self)) }
        return ([], try await database.raw("SELECT COUNT(*) AS n \(from)").first()?.decode(column: "n", as: Int.self) ?? 0)
    }
}
