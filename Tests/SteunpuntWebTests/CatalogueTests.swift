import Foundation
import SteunpuntDomain
import Testing
@testable import SteunpuntWeb

@Suite("Interface strings")
struct CatalogueTests {
    static let catalogues = try! Catalogue.load(from: WebResources.directory.appendingPathComponent("i18n"))

    @Test("Dutch and English have the same keys, none empty")
    func sameKeys() {
        let dutch = Self.catalogues[.dutch]!.strings, english = Self.catalogues[.english]!.strings
        #expect(Set(dutch.keys) == Set(english.keys))
        #expect(dutch.values.allSatisfy { !$0.isEmpty } && english.values.allSatisfy { !$0.isEmpty })
    }

    @Test("every {{t.key}} in a template is in the catalogue")
    func templateKeys() throws {
        let folder = WebResources.directory.appendingPathComponent("templates")
        let keys = Set(Self.catalogues[.dutch]!.strings.keys)
        var missing: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let regex = try Regex(#"\{\{t\.([a-z0-9_\-]+)\}\}"#)
            for match in text.matches(of: regex) {
                let key = String(match.output[1].substring ?? "")
                if !keys.contains(key) { missing.append("\(file): \(key)") }
            }
        }
        #expect(missing.isEmpty, "\(missing)")
    }

    @Test("every role, kind, population class and status has its label")
    func enumLabels() {
        let keys = Set(Self.catalogues[.dutch]!.strings.keys)
        let needed = Role.allCases.map { "role_\($0.rawValue)" } + Role.allCases.map { "dashboard_intro_\($0.rawValue)" }
            + OrganisationKind.allCases.map { "kind_\($0.rawValue)" } + PopulationClass.allCases.map { "population_class_\($0.rawValue)" }
            + ["problem_invalid_input", "problem_not_found", "problem_forbidden", "problem_unauthenticated", "problem_body_too_large",
               "problem_csrf_failed", "problem_method_not_allowed", "problem_malformed_body", "problem_internal_error"]
            + [400, 401, 403, 404, 405, 413, 500].map { "error_page_\($0)" }
            + PrivacyGuard.IdentifierKind.allCases.map { "error_personal_identifier_\($0.rawValue)" }
            + AuditEvent.Action.allCases.map { "action_" + $0.rawValue.replacingOccurrences(of: ".", with: "_") }
            + AuditEvent.Result.allCases.map { "result_\($0.rawValue)" }
            + RequestNotice.Kind.allCases.map { "notification_\($0.rawValue)" }
        #expect(needed.filter { !keys.contains($0) } == [])
    }

    @Test("every validation code the code can produce has a sentence and a field name")
    func validationCodes() throws {
        let keys = Set(Self.catalogues[.dutch]!.strings.keys)
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        var missing: Set<String> = []
        let enumerator = FileManager.default.enumerator(atPath: sources.path)!
        let fieldError = try Regex(#"FieldError\(field: "([A-Za-z]+)", code: "([a-z_]+)"\)"#)
        let validatorCall = try Regex(#"\.(?:add|check)\((?:[^,()]+, )?"([A-Za-z]+)", "([a-z_]+)"\)"#)
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            for regex in [fieldError, validatorCall] {
                for match in text.matches(of: regex) {
                    let field = String(match.output[1].substring ?? ""), code = String(match.output[2].substring ?? "")
                    if !keys.contains("error_\(code)") { missing.insert("error_\(code)") }
                    if !keys.contains("field_name_\(field)") { missing.insert("field_name_\(field)") }
                }
            }
        }
        #expect(missing.isEmpty, "\(missing.sorted())")
    }

    @Test("every kind of object the audit trail records has its name on the audit page (not the code's identifier)")
    func auditObjects() throws {
        let keys = Set(Self.catalogues[.dutch]!.strings.keys)
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        var found: Set<String> = []
        let enumerator = FileManager.default.enumerator(atPath: sources.path)!
        let objectType = try Regex(#"objectType: "([a-z_]+)""#)
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            for match in text.matches(of: objectType) { found.insert(String(match.output[1].substring ?? "")) }
        }
        #expect(found.count > 20 && found.contains("incident"))
        #expect(found.filter { !keys.contains("audit_object_\($0)") }.sorted() == [])
    }

    @Test("every conflict the code can raise has a sentence (its problem title and page heading), and no problem is titled in the code")
    func conflictCodes() throws {
        let catalogue = Self.catalogues[.dutch]!
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        var missing: Set<String> = []
        var found = 0
        let enumerator = FileManager.default.enumerator(atPath: sources.path)!
        let conflict = try Regex(#"conflict\("([a-z_]+)"\)"#)
        var written: [String] = []
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            // A problem's title comes from the catalogue (`ErrorMiddleware`), never from text in the code.
            if text.contains("Problem(title: \"") { written.append(path) }
            for match in text.matches(of: conflict) {
                let code = String(match.output[1].substring ?? "")
                found += 1
                if catalogue.strings["problem_\(code)"] == nil && catalogue.strings["error_\(code)"] == nil { missing.insert(code) }
            }
        }
        #expect(found > 10 && missing.isEmpty, "\(missing.sorted())")
        #expect(written.isEmpty, "problems titled in the code instead of the catalogue: \(written)")
        #expect(catalogue.problemTitle("request_changed") == catalogue.error("request_changed"))
        #expect(catalogue.problemTitle("not_found") == catalogue.text("problem_not_found"))
    }

    @Test("headings end without a full stop")
    func headings() throws {
        let folder = WebResources.directory.appendingPathComponent("templates")
        let strings = Self.catalogues[.dutch]!.strings
        var stops: [String] = []
        var found = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for heading in text.matches(of: /<h[1-4][^>]*>(.*?)<\/h[1-4]>/.dotMatchesNewlines()) {
                for key in heading.output.1.matches(of: /\{\{t\.([a-z0-9_\-]+)\}\}/) {
                    found += 1
                    if strings[String(key.output.1)]?.hasSuffix(".") == true { stops.append("\(file): \(key.output.1)") }
                }
            }
        }
        #expect(found > 50 && stops.isEmpty, "\(stops)")
        #expect(ErrorPage.heading("Niet gevonden.") == ("Niet gevonden", ""))
        #expect(ErrorPage.heading("Het formulier is verlopen. Laad de pagina opnieuw.") == ("Het formulier is verlopen", "Laad de pagina opnieuw."))
    }

    @Test("placeholders are filled and a missing key shows itself")
    func placeholders() {
        let dutch = Self.catalogues[.dutch]!
        #expect(dutch.text("page_of", ["page": "2", "pages": "5"]) == "Pagina 2 van 5")
        #expect(dutch.text("no_such_key") == "no_such_key")
    }
}

@Suite("Number formatting")
struct NumberTextTests {
    @Test("thousands are grouped as each language writes them", arguments: [
        (0, "0", "0"), (999, "999", "999"), (1_000, "1.000", "1,000"), (18_130_208, "18.130.208", "18,130,208"), (-12_345, "-12.345", "-12,345"),
    ])
    func grouping(value: Int, dutch: String, english: String) {
        #expect(NumberText.format(value, .dutch) == dutch)
        #expect(NumberText.format(value, .english) == english)
    }
}
