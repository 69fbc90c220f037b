import Foundation
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

/// Walks the page forms as their users see them, so that a text field added to any of
/// them is checked without anyone remembering to: a BSN typed into any one text field is
/// refused with that field named, and no table holds it afterwards.
@Suite("Free text in the pages: every text field of every form refuses a BSN")
struct PageFormGuardTests {
    static let bsn = "123456782"
    static let bsnText = "Zie dossier 2024 123456782"

    /// A post form as the page renders it: where it goes, every field with the value it
    /// would send, and which fields take free text.
    struct Form {
        let action: String
        var fields: [(name: String, value: String)]
        let textFields: [String]
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        guard let range = tag.range(of: " \(name)=\"") else { return nil }
        return String(tag[range.upperBound...].prefix { $0 != "\"" })
            .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators, .caseInsensitive])
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

    /// Every `method="post"` form of `html` that is not a file upload.
    static func forms(in html: String) -> [Form] {
        matches(#"<form\b[^>]*method="post"[^>]*>.*?</form>"#, in: html).compactMap { block in
            let open = String(block.prefix { $0 != ">" })
            guard let action = attribute("action", in: open), !open.contains("multipart/form-data") else { return nil }
            var fields: [(String, String)] = []
            var text: [String] = []
            for tag in matches(#"<input\b[^>]*>"#, in: block) {
                guard let name = attribute("name", in: tag) else { continue }
                let type = attribute("type", in: tag)?.lowercased() ?? "text"
                if ["checkbox", "radio"].contains(type) && !tag.contains(" checked") { continue }
                if ["submit", "button", "file"].contains(type) { continue }
                fields.append((name, attribute("value", in: tag) ?? ""))
                if ["text", "search"].contains(type) { text.append(name) }
            }
            for tag in matches(#"<textarea\b[^>]*>.*?</textarea>"#, in: block) {
                guard let name = attribute("name", in: String(tag.prefix { $0 != ">" })) else { continue }
                let content = tag.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }
                fields.append((name, String(content)))
                text.append(name)
            }
            for tag in matches(#"<select\b[^>]*>.*?</select>"#, in: block) {
                guard let name = attribute("name", in: String(tag.prefix { $0 != ">" })) else { continue }
                let options = matches(#"<option\b[^>]*>"#, in: tag)
                let chosen = options.first { $0.contains(" selected") } ?? options.first { attribute("value", in: $0)?.isEmpty == false } ?? options.first
                fields.append((name, chosen.flatMap { attribute("value", in: $0) } ?? ""))
            }
            return Form(action: action, fields: fields, textFields: text)
        }
    }

    /// Every text field of every post form on `path`, each filled with the BSN alone in
    /// turn; the paths of fields that let it through.
    static func probe(_ browser: inout Browser, _ path: String) async throws -> (checked: Int, passed: [String]) {
        var checked = 0
        var passed: [String] = []
        let count = forms(in: try await browser.get(path).text).count
        for index in 0..<count {
            let fields = forms(in: try await browser.get(path).text)[index].textFields
            for field in fields where field != "_csrf" {
                let form = forms(in: try await browser.get(path).text)[index]
                let sent = form.fields.filter { $0.name != "_csrf" }.map { ($0.name, $0.name == field ? bsnText : $0.value) }
                let response = try await browser.post(form.action, form: sent)
                checked += 1
                let refused = response.status != .seeOther && response.status != .found && response.status.code < 500
                // The problem links to the field: its name, or its id where two forms on a page share the name ("reden-weigeren").
                let linked = response.text.contains("href=\"#\(field)\"") || response.text.contains("href=\"#\(field)-")
                if !refused || !linked { passed.append("\(path) → \(form.action) [\(field)] \(response.status.code)") }
            }
        }
        return (checked, passed)
    }

    /// Every text value in every table, searched for `needle`.
    static func tablesHolding(_ needle: String, in database: Database, engine: TestEngine) async throws -> [String] {
        let tables = try await database.sql.raw(engine == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
            .all().map { try $0.decode(column: "name", as: String.self) }
        var holding: [String] = []
        for table in tables {
            for row in try await database.sql.raw("SELECT * FROM \(ident: table)").all() {
                if row.allColumns.contains(where: { (try? row.decode(column: $0, as: String.self))?.contains(needle) == true }) {
                    holding.append(table)
                    break
                }
            }
        }
        return holding
    }

    @Test("each text field of the request, toolbox, meeting, quickscan, administration and account forms", arguments: TestEngine.available)
    func everyTextField(engine: TestEngine) async throws {
        try await TestApp.with(engine, maxBodyBytes: 65_536) { client, database in
            try await AccessMatrixTests.seed(database)
            let advisor = try await TestApp.user(database, email: "ahmed@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let ids = try await RequestAccessMatrixTests.seedRequests(database, advisor: advisor)
            try await TestApp.user(database, email: "d@vng.example", organisation: "vng-loket", role: .deskAgent)
            try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            try await TestApp.user(database, email: "beheer@nctv.example", organisation: "nctv", role: .administrator)
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let a = ids["A"]!.uuidString.lowercased(), d = ids["D"]!.uuidString.lowercased()
            let visits: [(String, [String])] = [
                ("d@vng.example", ["/hulpvragen/nieuw", "/hulpvragen/\(a)"]),
                ("ahmed@ess.example", ["/hulpvragen/\(d)", "/aanbod/nieuw", "/bijeenkomsten/nieuw"]),
                ("c@ess.example", ["/quickscans/rondes/nieuw"]),
                ("beheer@nctv.example", ["/beheer/organisaties/nieuw", "/beheer/gebruikers/nieuw", "/beheer/behoeften"]),
                ("gina@zoetermeer.example", ["/mijn-account", "/hulpvragen/\(d)"]),
            ]
            var checked = 0
            var passed: [String] = []
            for (email, paths) in visits {
                var browser = Browser(client)
                try await browser.signIn(email)
                for path in paths {
                    let result = try await Self.probe(&browser, path)
                    checked += result.checked
                    passed += result.passed
                }
            }
            #expect(passed.isEmpty, "\(passed.joined(separator: "\n"))")
            #expect(checked >= 25, "text fields tried: \(checked)")
            #expect(try await Self.tablesHolding(Self.bsn, in: database, engine: engine).isEmpty)
        }
    }
}
