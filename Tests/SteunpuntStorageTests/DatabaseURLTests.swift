import Testing
@testable import SteunpuntStorage

@Suite("Database URLs")
struct DatabaseURLTests {
    @Test("sqlite URLs take relative and absolute paths")
    func sqlite() throws {
        #expect(try DatabaseURL.parse("sqlite:var/steunpunt.sqlite") == .sqlite(path: "var/steunpunt.sqlite"))
        #expect(try DatabaseURL.parse("sqlite:///srv/data/steunpunt.sqlite") == .sqlite(path: "/srv/data/steunpunt.sqlite"))
        #expect(throws: DatabaseURL.ParseError.missingPath) { try DatabaseURL.parse("sqlite:") }
    }

    @Test("postgres URLs carry user, password, host, port, database and TLS mode")
    func postgres() throws {
        guard case .postgres(let location) = try DatabaseURL.parse("postgres://steun%40punt:ge%2Fheim@db.example:6543/steunpunt?sslmode=require") else {
            Issue.record("not parsed as postgres")
            return
        }
        #expect(location.username == "steun@punt")
        #expect(location.password == "ge/heim")
        #expect(location.host == "db.example")
        #expect(location.port == 6543)
        #expect(location.database == "steunpunt")
        #expect(location.tls == .require)
        guard case .postgres(let defaults) = try DatabaseURL.parse("postgresql://u@localhost/db") else { return }
        #expect(defaults.port == 5432 && defaults.tls == .disable && defaults.password == nil)
    }

    @Test("the printable form never shows the password")
    func hidesPassword() throws {
        let url = try DatabaseURL.parse("postgres://u:topsecret@h:5432/d")
        #expect(!url.description.contains("topsecret"))
    }

    @Test("bad URLs say what is wrong", arguments: [
        ("mysql://u@h/d", "unsupported scheme"), ("postgres://u@h", "database name"), ("postgres://h/d", "user name"),
        ("postgres://u@h/d?sslmode=maybe", "sslmode"),
    ])
    func badURLs(text: String, message: String) {
        do {
            _ = try DatabaseURL.parse(text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.description.contains(message))
        }
    }
}
