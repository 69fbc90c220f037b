import Foundation
import Logging
import SQLKit
import Testing
@testable import SteunpuntStorage

@Suite("The SQLite connection pool")
struct SQLiteConnectionPoolTests {
    /// A task cancelled while it holds a connection, with the pool shut down meanwhile:
    /// the connection is closed as it comes back. Before, the close was skipped for the
    /// cancelled task and sqlite-nio trapped when the connection was freed (CI, session
    /// 13: a background job cancelled at shutdown).
    @Test("a connection given back by a cancelled task after shutdown is still closed")
    func cancelledTaskClosesConnection() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pool-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let pool = SQLiteConnectionPool(path: path, maximum: 2, logger: Logger(label: "test"))
        let task = Task {
            try await pool.withConnection { database in
                let rows = try await database.raw("SELECT 1 AS one").all()
                await pool.shutdown()
                withUnsafeCurrentTask { $0?.cancel() }
                return try rows.first?.decode(column: "one", as: Int.self)
            }
        }
        let one = try await task.value
        #expect(one == 1)
        await #expect(throws: StorageError.self) {
            try await pool.withConnection { database in try await database.raw("SELECT 1").run() }
        }
    }
}
