import Foundation
import SteunpuntDomain
import Testing
@testable import SteunpuntWeb

/// The error pattern of every form (issue 16, item 5): the browser never validates in its
/// own language, every field can show its problem, sentences say what to do, and the
/// summary lists problems in the order of the form.
@Suite("Form errors")
struct FormErrorTests {
    static let templates = WebResources.directory.appendingPathComponent("templates")
    static let dutch = CatalogueTests.catalogues[.dutch]!

    static func template(_ name: String) throws -> String {
        try String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8)
    }

    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: templates.path).filter { $0.hasSuffix(".mustache") }.sorted()
    }

    @Test("every form leaves checking to the server (novalidate)")
    func novalidate() throws {
        var without: [String] = []
        for name in try Self.names() {
            for match in try Self.template(name).matches(of: /<form\b[^>]*>/) where !match.output.contains("novalidate") {
                without.append("\(name): \(match.output.prefix(80))")
            }
        }
        #expect(without.isEmpty, "\(without)")
    }

    @Test("every field of a form that shows errors has its own error line, linked and marked invalid")
    func everyFieldHasItsErrorLine() throws {
        var missing: [String] = []
        var fields = 0
        for name in try Self.names() {
            let text = try Self.template(name)
            guard text.contains("{{> form-errors}}") || name == "request-step.mustache" else { continue }
            for match in text.matches(of: /<(input|select|textarea)\b[^>]*\bid="([A-Za-z][A-Za-z-]*)"[^>]*>/) {
                let tag = String(match.output.0), id = String(match.output.2)
                if ["hidden", "checkbox", "radio"].contains(where: { tag.contains("type=\"\($0)\"") }) { continue }
                fields += 1
                let line = "{{#page.errors.at.\(id)}}<p class=\"field-error\" id=\"\(id)-fout\">"
                if !text.contains(line) { missing.append("\(name): \(id) has no error line") }
                if !tag.contains("{{#page.errors.at.\(id)}} aria-invalid=\"true\"") { missing.append("\(name): \(id) is not marked invalid") }
                if !tag.contains("\(id)-fout") { missing.append("\(name): \(id) is not described by its error") }
            }
            for match in text.matches(of: /<fieldset\b[^>]*\bid="([A-Za-z][A-Za-z-]*)"[^>]*>\s*<legend>.*?<\/legend>/.dotMatchesNewlines()) {
                fields += 1
                let id = String(match.output.1)
                if !text.contains("{{#page.errors.at.\(id)}}<p class=\"field-error\" id=\"\(id)-fout\">") { missing.append("\(name): fieldset \(id) has no error line") }
            }
        }
        #expect(fields > 60)
        #expect(missing.isEmpty, "\(missing)")
    }

    @Test("a problem says what to do with the field's own words, else names the field")
    func sentences() {
        let t = Self.dutch
        #expect(FormErrors([FieldError(field: "titel", code: "required")], t).items.map(\.message) == ["Vul een titel in"])
        #expect(FormErrors([FieldError(field: "titel", code: "too_long")], t).items.map(\.message) == ["Titel is te lang"])
        // A sentence that stands on its own is not prefixed.
        #expect(FormErrors([FieldError(field: "wachtrij", code: "invalid_queue")], t).items.map(\.message) == [t.error("invalid_queue")])
        // Two forms on one page that both ask a reason: the element's id decides.
        let step = FormErrors([FieldError(field: "reden", code: "required")], t, at: RequestForm.step("wachten-op-aanvrager").elementID)
        #expect(step.items.map(\.field) == ["reden-wachten-op-aanvrager"])
        #expect(step.at["reden-wachten-op-aanvrager"] == "Schrijf uw vraag aan de aanvrager")
        #expect(FormErrors([FieldError(field: "reden", code: "required")], t, at: RequestForm.step("weigeren").elementID).items.map(\.message) == ["Geef een reden"])
    }

    @Test("the summary lists problems in the order of the fields on the page, whoever found them")
    func order() {
        let html = """
        <div class="error-summary"><ul class="error-list">
        <li data-field="sluit"><a href="#sluit">S</a></li>
        <li data-field="vragenlijst"><a href="#vragenlijst">V</a></li>
        <li data-field="actie"><a href="#actie">A</a></li>
        <li data-field="titel"><a href="#titel">T</a></li>
        </ul></div>
        <form><input id="titel"><select id="vragenlijst"></select><input id="opent"><input id="sluit"></form>
        """
        let ordered = ErrorSummaryOrder.apply(html)
        let fields = ordered.matches(of: /data-field="([a-z]+)"/).map { String($0.output.1) }
        // A problem without a field on the page (the step as a whole) comes last.
        #expect(fields == ["titel", "vragenlijst", "sluit", "actie"])
        #expect(ErrorSummaryOrder.apply("<p>no errors</p>") == "<p>no errors</p>")
    }
}
