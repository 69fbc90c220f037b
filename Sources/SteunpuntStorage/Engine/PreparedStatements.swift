import Logging
import PostgresKit
import SQLKit
import Synchronization

/// Named prepared statements on PostgreSQL (issue 17). PostgresNIO sends every query as an
/// unnamed statement, which the server parses and plans again on every call (about 0.4 ms
/// for a page of requests, 0.13 ms for the token lookup of every API call). A statement
/// sent here under a name is parsed once per connection, and after five executions the
/// server may keep a generic plan, so a statement that runs on every request stops paying
/// for its own planning.
///
/// PostgresNIO names a prepared statement by a static property only; `NamedStatement`
/// reads its name and text from a task-local value set around the call, which PostgresNIO
/// reads when the call is made.
///
/// Bounds, so that a connection never holds an unbounded number of statements:
/// - only `SELECT`, `WITH`, `INSERT`, `UPDATE` and `DELETE` of at most 64 bound values,
///   whose every value PostgresNIO encodes natively (the same fast path postgres-kit takes),
///   and never one that selects `*` (`isPreparable`); everything else goes the unnamed way,
///   unchanged;
/// - at most `StatementNames.limit` distinct statements in the process (a statement is its
///   text and the types of its bound values, since a prepared statement's parameter types
///   are fixed when it is prepared), each kept from the second time it is seen;
/// - PostgresNIO remembers a statement that failed to prepare as failed for the life of the
///   connection, so an error that can come from preparing (an aborted transaction, an
///   unknown column) moves that connection to a new generation of names; after
///   `StatementNames.generations` of them the connection sends unnamed statements only.
final class StatementNames: Sendable {
    static let limit = 1_000
    static let generations = 3
    static let maximumBinds = 64

    /// How many statements seen once are remembered (each with its text, so a few MB at
    /// most); past it, the memory starts again.
    static let seenLimit = 2_000

    private struct State {
        var numbers: [Key: Int] = [:]
        var seen: Set<Key> = []
        var generation: [PostgresConnection.ID: Int] = [:]
    }

    struct Key: Hashable {
        let sql: String
        let types: [UInt32]
    }

    private let state = Mutex(State())

    /// The name for `key` on `connection`, or nil when the statement goes unnamed: the
    /// first time the process sees a statement (a page chosen by number has its own text,
    /// and one seen once is not worth keeping), past the limit, or past the generations.
    func name(for key: Key, on connection: PostgresConnection.ID) -> String? {
        state.withLock { state in
            let generation = state.generation[connection, default: 0]
            guard generation < Self.generations else { return nil }
            let number: Int
            if let known = state.numbers[key] {
                number = known
            } else {
                guard state.numbers.count < Self.limit else { return nil }
                guard state.seen.remove(key) != nil else {
                    if state.seen.count >= Self.seenLimit { state.seen.removeAll(keepingCapacity: true) }
                    state.seen.insert(key)
                    return nil
                }
                number = state.numbers.count
                state.numbers[key] = number
            }
            return "steunpunt_\(generation)_\(number)"
        }
    }

    /// After an error with SQLSTATE `sqlState` (nil: not the server's) on `connection`: a
    /// new generation of names when the error may have come from preparing the statement.
    func failed(sqlState: String?, on connection: PostgresConnection.ID) {
        guard Self.mayComeFromPreparing(sqlState: sqlState) else { return }
        state.withLock { $0.generation[connection, default: 0] += 1 }
    }

    /// Errors of execution leave a prepared statement prepared: bad data (class 22),
    /// constraints (23), serialization and deadlocks (40), locks (55), cancellation and
    /// shutdown (57), raised by a function (P0). Every other error may have come from
    /// preparing (an aborted transaction, 25P02; an undefined column, 42703) and moves on.
    static func mayComeFromPreparing(sqlState: String?) -> Bool {
        guard let sqlState else { return true }
        return !["22", "23", "40", "55", "57", "P0"].contains(String(sqlState.prefix(2)))
    }

    /// The SQLSTATE of a server's error.
    static func sqlState(of error: any Error) -> String? {
        guard let error = error as? PSQLError, error.code == .server else { return nil }
        return error.serverInfo?[.sqlState]
    }

    static let preparedVerbs: [Substring] = ["SELECT", "WITH", "INSERT", "UPDATE", "DELETE"]

    /// Whether `sql` may be kept prepared: its first word is one of `preparedVerbs`, and it
    /// has no `*` but in `COUNT(*)`. A prepared statement's result columns are fixed when it
    /// is prepared; a `SELECT *` (or `t.*`) prepared before a migration adds a column would
    /// fail once on every connection of an instance still running ("cached plan must not
    /// change result type").
    static func isPreparable(_ sql: String) -> Bool {
        let verb = sql.prefix { $0 != " " && $0 != "\n" && $0 != "(" }
        guard preparedVerbs.contains(verb) else { return false }
        return !sql.replacingOccurrences(of: "(*)", with: "").contains("*")
    }
}

/// A statement whose name and text come from the task that runs it (see `StatementNames`).
struct NamedStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow

    struct Current: Sendable {
        var name = ""
        var sql = ""
    }

    @TaskLocal static var current = Current()

    static var name: String { current.name }
    static var sql: String { current.sql }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

extension OpenConnectionOnly {
    /// Runs `query` as a named statement when `StatementNames` allows it; false when it
    /// did not run (the caller sends it unnamed).
    func executePrepared(_ query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws -> Bool {
        guard let names else { return false }
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        let sql = serializer.sql
        guard serializer.binds.count <= StatementNames.maximumBinds, StatementNames.isPreparable(sql) else { return false }
        var bindings = PostgresBindings(capacity: serializer.binds.count)
        var types: [UInt32] = []
        types.reserveCapacity(serializer.binds.count)
        for bind in serializer.binds {
            guard let type = try Self.append(bind, to: &bindings) else { return false }
            types.append(type)
        }
        guard let name = names.name(for: .init(sql: sql, types: types), on: connection.id) else { return false }
        if let level = queryLogLevel {
            logger.log(level: level, "Executing query", metadata: ["sql": .string(sql), "statement": .string(name), "binds": .array(serializer.binds.map { .string("\($0)") })])
        }
        do {
            try await NamedStatement.$current.withValue(.init(name: name, sql: sql)) {
                let rows = try await connection.execute(NamedStatement(bindings: bindings), logger: logger)
                for try await row in rows { onRow(row.sql()) }
            }
        } catch {
            names.failed(sqlState: StatementNames.sqlState(of: error), on: connection.id)
            throw error
        }
        return true
    }

    /// Appends `value` as postgres-kit does for the values PostgresNIO encodes itself: such
    /// a value as that (a text, number, truth value, time, UUID, bytes), an optional one as
    /// its value or as a NULL of its type. Answers the type's number, or nil for any other
    /// value (postgres-kit's slower paths), so that the statement goes unnamed.
    static func append<T: Encodable>(_ value: T, to bindings: inout PostgresBindings) throws -> UInt32? {
        if let optional = value as? any OptionalBind {
            if let wrapped = optional.wrappedBind { return try append(wrapped, to: &bindings) }
            guard let type = Swift.type(of: optional).nullType else { return nil }
            bindings.append(PostgresData(type: type, value: nil))
            return type.rawValue
        }
        guard let native = value as? any PostgresThrowingDynamicTypeEncodable else { return nil }
        try bindings.append(native, context: .default)
        return native.psqlType.rawValue
    }
}

/// An optional bound value: its value, or the type of its NULL (postgres-kit sends a NULL
/// with the type of what it stands for).
protocol OptionalBind {
    var wrappedBind: (any Encodable)? { get }
    static var nullType: PostgresDataType? { get }
}

extension Optional: OptionalBind where Wrapped: Encodable {
    var wrappedBind: (any Encodable)? { self }
    static var nullType: PostgresDataType? { (Wrapped.self as? any PostgresEncodable.Type)?.psqlType }
}
