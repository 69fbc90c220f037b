import Foundation

/// PostgreSQL's client tools (`pg_dump`, `pg_restore`) for backups: found on the PATH or
/// in Debian's `/usr/lib/postgresql/<version>/bin` (the newest), run with the connection
/// in the environment (the password never on the command line), their output kept for the
/// error when they fail.
enum PostgresTools {
    static func find(_ tool: String) throws -> URL {
        let fileManager = FileManager.default
        let versions = (try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        let debian = versions.compactMap { Int($0) }.sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin/\(tool)" }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(tool)" }
        // Debian's own folders first: /usr/bin/pg_dump there is a wrapper that needs a cluster configured.
        guard let found = (debian + path).first(where: { fileManager.isExecutableFile(atPath: $0) }) else { throw BackupError.toolMissing(tool) }
        return URL(fileURLWithPath: found)
    }

    static func run(_ tool: URL, _ arguments: [String], location: DatabaseURL.PostgresLocation) async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["PGHOST"] = location.host
        environment["PGPORT"] = String(location.port)
        environment["PGUSER"] = location.username
        environment["PGPASSWORD"] = location.password
        environment["PGSSLMODE"] = location.tls.rawValue
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("steunpunt-\(tool.lastPathComponent)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let log = try FileHandle(forWritingTo: output)
        defer { try? log.close() }
        let child = try ChildProcess(tool.path, arguments + (tool.lastPathComponent == "pg_restore" ? ["--dbname=\(location.database)"] : [location.database]),
                                     environment: environment, input: .null, output: .descriptor(log.fileDescriptor), error: .descriptor(log.fileDescriptor))
        let status = await child.exit()
        guard status == 0 else {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            throw BackupError.toolFailed(tool.lastPathComponent, text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
