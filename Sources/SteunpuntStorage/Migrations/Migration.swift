import SQLKit

/// One numbered schema step. Never edit one that has shipped: add the next number.
protocol Migration: Sendable {
    static var id: Int { get }
    static var name: String { get }
    static func prepare(on db: any SQLDatabase, types: ColumnTypes) async throws
    static func revert(on db: any SQLDatabase, types: ColumnTypes) async throws
}

/// Column types that differ between the engines; everything else is written once.
/// Timestamps are bound as `Date`: PostgreSQL stores `TIMESTAMPTZ`, SQLite a `REAL`
/// holding seconds since 1970 (what sqlite-nio encodes a `Date` as).
struct ColumnTypes: Sendable {
    let engine: Engine

    var timestamp: String { engine == .postgres ? "TIMESTAMPTZ" : "REAL" }
    var boolean: String { "BOOLEAN" }
    var bigint: String { "BIGINT" }
    var double: String { engine == .postgres ? "DOUBLE PRECISION" : "REAL" }
    var text: String { "TEXT" }
    var blob: String { engine == .postgres ? "BYTEA" : "BLOB" }
}

extension SQLDatabase {
    /// Runs several DDL statements written in plain SQL, one at a time.
    func run(_ statements: [String]) async throws {
        for statement in statements {
            try await raw("\(unsafeRaw: statement)").run()
        }
    }
}
