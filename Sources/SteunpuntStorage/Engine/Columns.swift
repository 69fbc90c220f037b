import Foundation
import PostgresKit
import SQLKit
import SQLiteKit

/// A row's columns read as plain values, for the rows a list reads by the hundred
/// (issue 17). Through `SQLRow.decode(column:as:)` every column takes the drivers' generic
/// `Decodable` path: a protocol cast and, on PostgreSQL, a coding key formatted as text
/// per column, which made decoding a quarter of the time of a page of 100 requests there.
/// Here a column goes straight to the driver's own conversion of its native value
/// (`SQLiteDataConvertible`, `PostgresDecodable`), the conversions that generic path ends
/// in, so a value reads the same either way.
///
/// Both drivers keep their native row inside a private wrapper; it is found by
/// reflection once per row. A driver version that wraps it differently falls back to
/// the generic path, still correct, and `ColumnsTests` fails so that it gets noticed.
struct Columns {
    private enum Source {
        case sqlite(SQLiteRow)
        case postgres(PostgresRandomAccessRow)
        case generic(any SQLRow)
    }

    private let source: Source
    private let row: any SQLRow
    /// The table and key named when a value does not convert (`StorageError.corruptRow`).
    private let table: String

    init(_ row: any SQLRow, table: String) {
        self.table = table
        self.row = row
        for child in Mirror(reflecting: row).children {
            if let native = child.value as? SQLiteRow { source = .sqlite(native); return }
            if let native = child.value as? PostgresRandomAccessRow { source = .postgres(native); return }
        }
        source = .generic(row)
    }

    /// Reads through `SQLRow.decode(column:as:)` alone (for `ColumnsTests`).
    init(generic row: any SQLRow, table: String) {
        self.table = table
        self.row = row
        source = .generic(row)
    }

    /// Whether the driver's native row was reached (for `ColumnsTests`).
    var isNative: Bool { if case .generic = source { false } else { true } }

    func isNull(_ column: String) throws -> Bool {
        switch source {
        case .sqlite(let row):
            guard let value = row.column(column) else { throw missing(column) }
            return value == .null
        case .postgres(let row):
            guard row.contains(column) else { throw missing(column) }
            return row[column].bytes == nil
        case .generic(let row):
            return try row.decodeNil(column: column)
        }
    }

    func string(_ column: String) throws -> String { try value(column, String.self) }
    func int(_ column: String) throws -> Int { try value(column, Int.self) }
    func double(_ column: String) throws -> Double { try value(column, Double.self) }
    func bool(_ column: String) throws -> Bool { try value(column, Bool.self) }
    func date(_ column: String) throws -> Date { try value(column, Date.self) }

    func string(ifPresent column: String) throws -> String? { try isNull(column) ? nil : string(column) }
    func date(ifPresent column: String) throws -> Date? { try isNull(column) ? nil : date(column) }

    private func value<T: Decodable & SQLiteDataConvertible & PostgresDecodable>(_ column: String, _ type: T.Type) throws -> T {
        switch source {
        case .sqlite(let row):
            guard let data = row.column(column) else { throw missing(column) }
            guard let value = T(sqliteData: data) else { throw StorageError.corruptRow(table: table, key: column) }
            return value
        case .postgres(let native):
            guard native.contains(column) else { throw missing(column) }
            let cell = native[column]
            // A `numeric` read as a number is converted by PostgresKit alone.
            if cell.dataType == .numeric { return try row.decode(column: column, as: T.self) }
            return try cell.decode(T.self, context: .default)
        case .generic(let row):
            return try row.decode(column: column, as: T.self)
        }
    }

    private func missing(_ column: String) -> any Error { StorageError.corruptRow(table: table, key: "missing column \(column)") }
}
