import Foundation
import SQLKit
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("What logs say about errors")
struct LoggedErrorTests {
    @Test("a PostgreSQL error is logged with its SQLSTATE and names, never with the values that caused it")
    func postgresValuesStayOut() async throws {
        guard TestEngine.available.contains(.postgres) else { return }
        try await TestDatabase.with(.postgres, referenceData: false) { database, _ in
            try await database.sql.raw("CREATE TABLE people (email TEXT CONSTRAINT people_email_unique UNIQUE)").run()
            try await database.sql.raw("INSERT INTO people (email) VALUES (\(bind: "j.jansen@example.nl"))").run()
            do {
                try await database.sql.raw("INSERT INTO people (email) VALUES (\(bind: "j.jansen@example.nl"))").run()
                Issue.record("a second equal address was stored")
            } catch {
                let logged = LoggedError.description(of: error)
                #expect(String(reflecting: error).contains("j.jansen@example.nl"), "the debug description holds the value: this test would see a leak")
                #expect(!logged.contains("j.jansen"), "\(logged)")
                #expect(logged.contains("SQLSTATE 23505") && logged.contains("people_email_unique") && logged.contains("table people"), "\(logged)")
            }
            do {
                _ = try await database.sql.raw("SELECT CAST(\(bind: "Jansen") AS integer) AS n").all()
                Issue.record("text was read as a number")
            } catch {
                let logged = LoggedError.description(of: error)
                #expect(String(reflecting: error).contains("Jansen"))
                #expect(!logged.contains("Jansen") && logged.contains("SQLSTATE 22P02"), "\(logged)")
            }
        }
    }

    @Test("other errors are logged by their description")
    func others() {
        #expect(LoggedError.description(of: StorageError.unavailable("no connection within 2 s")) == "the database is not available now: no connection within 2 s")
    }

    @Test("every log of an error goes through LoggedError: no error's debug description or bare interpolation in a log line")
    func everyLogSiteUsesIt() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        var found: [String] = []
        var logLines = 0
        let enumerator = FileManager.default.enumerator(atPath: sources.path)!
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("String(reflecting: error)") || line.contains("\"error\": \"\\(error)\"") || (line.contains("logger.") && line.contains("\"\\(error)\"")) {
                found.append("\(path): \(line.trimmingCharacters(in: .whitespaces))")
            }
            logLines += text.components(separatedBy: "LoggedError.description(of: error)").count - 1
        }
        #expect(found.isEmpty, "\(found)")
        #expect(logLines >= 5, "the scan reads the sources")
    }
}
