import Foundation
import Hummingbird
import SteunpuntDomain

/// One validation problem as a form's summary shows it: the sentence, linked to its field.
struct FormErrorModel {
    let field: String
    let message: String
}

/// The problems of a submitted form, shown as the NL Design System's (and GOV.UK's) error
/// pattern asks: a summary at the top that links each problem to its field (`items`, in
/// the order the form asks them), and the same sentence at the field itself
/// (`at[field]`, read by templates as `page.errors.at.<field>`). Every form words its
/// problems here, so none can word them differently:
/// - a sentence of its own for the field when the catalogue has one
///   (`error_<code>_<field>`: "Vul een titel in"; the element's id before the field's
///   name, where one form of several asks the field: `error_required_antwoord-tekst`);
/// - else the field's label followed by the code's sentence ("Titel is te lang");
/// - a sentence that stands on its own (it starts with a capital) as it is.
struct FormErrors {
    let items: [FormErrorModel]
    let at: [String: String]
    let any: Bool

    static let none = FormErrors(items: [])

    /// `at` gives the id of the field's element where a form's ids differ from the
    /// names of its fields (two forms on one page that both ask a reason).
    init(_ errors: [FieldError], _ t: Catalogue, at element: (String) -> String = { $0 }) {
        self.init(items: errors.map { error in
            let id = element(error.field)
            return FormErrorModel(field: id, message: t.strings["error_\(error.code)_\(id)"] ?? Self.sentence(error, t))
        })
    }

    /// Problems whose sentences a page words itself (the quickscan names the question).
    /// `lines` replaces what a field's own error line says (an uploaded file with many
    /// problems: the summary lists each, the field says nothing was saved).
    init(items: [FormErrorModel], lines: [String: String] = [:]) {
        self.items = items
        at = Dictionary(items.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first }).merging(lines) { _, line in line }
        any = !items.isEmpty
    }

    /// The problems of a form of rows (`stap-2-titel`, `mijlpaal-2-datum`): a row's problem
    /// says which row it is about (`row`: "Stap 2: vul een titel in"), worded as its
    /// field's would be; the others as every form words them.
    static func rows(_ errors: [FieldError], prefix: String, row key: String, _ t: Catalogue) -> FormErrors {
        FormErrors(items: errors.map { error in
            let parts = error.field.split(separator: "-", maxSplits: 2).map(String.init)
            guard parts.count == 3, parts[0] == prefix, let row = Int(parts[1]) else {
                return FormErrorModel(field: error.field, message: sentence(error, t))
            }
            let sentence = sentence(FieldError(field: parts[2], code: error.code), t)
            return FormErrorModel(field: error.field, message: t.text(key, ["row": String(row), "problem": sentence]))
        })
    }

    static func sentence(_ error: FieldError, _ t: Catalogue) -> String {
        if let own = t.strings["error_\(error.code)_\(error.field)"] { return own }
        let message = t.error(error.code)
        if message.first?.isUppercase == true { return message }
        return "\(t.text("field_name_\(error.field)")) \(message)"
    }
}

/// An option of a select list.
struct OptionModel {
    let value: String
    let label: String
    let selected: Bool
}

/// Previous/next links that keep the list's filters.
struct PaginationModel {
    let previous: String?
    let next: String?
    let label: String

    init?<T>(_ page: Page<T>, request: Request, catalogue: Catalogue) {
        guard page.pageCount > 1 else { return nil }
        func link(_ number: Int) -> String {
            Query.link(request, dropping: ["pagina"], adding: [("pagina", String(number))])
        }
        previous = page.hasPrevious ? link(page.request.number - 1) : nil
        next = page.hasNext ? link(page.request.number + 1) : nil
        label = catalogue.text("page_of", ["page": String(page.request.number), "pages": String(page.pageCount)])
    }
}

/// Whole numbers with thousands grouped as each language writes them: `1.234.567` in
/// Dutch, `1,234,567` in English. (Done by hand: a NumberFormatter per figure cost more
/// than rendering the rest of a page, measured in docs/benchmarks.md.)
enum NumberText {
    static func format(_ value: Int, _ language: Language) -> String {
        let separator: Character = language == .dutch ? "." : ","
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(separator) }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// `87 %` (Dutch) or `87%` (English), whole percents of a share 0…1.
    static func percent(_ share: Double, _ language: Language) -> String {
        let value = Int((share * 100).rounded())
        return language == .dutch ? "\(value) %" : "\(value)%"
    }

    /// A difference of two shares in whole percentage points, with its sign (a true minus):
    /// "+5 procentpunt", "−3 procentpunt", "0 procentpunt".
    static func percentagePoints(_ difference: Double, _ t: Catalogue) -> String {
        let points = Int((difference * 100).rounded())
        return t.text("percentage_points", ["value": points > 0 ? "+\(points)" : points < 0 ? "\u{2212}\(-points)" : "0"])
    }

    /// A number with `digits` decimals, the decimal separator as the language writes it:
    /// `2,5` in Dutch, `2.5` in English (thousands grouped as in `format`).
    static func decimal(_ value: Double, digits: Int = 1, _ language: Language) -> String {
        let text = String(format: "%.\(digits)f", value.magnitude)
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        let whole = format(Int(parts[0]) ?? 0, language)
        let sign = value < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" : ""
        guard parts.count == 2 else { return sign + whole }
        return sign + whole + (language == .dutch ? "," : ".") + parts[1]
    }

    /// A page's total, with "+" when counting stopped there ("1.000+").
    static func total<T>(_ page: Page<T>, _ language: Language) -> String {
        format(page.total, language) + (page.totalIsLowerBound ? "+" : "")
    }
}

/// Dates and times as pages show them: `DateText` (domain) in a page's language.
extension DateText {
    static func shown(_ date: Date, _ language: Language) -> String { shown(date, language: language.rawValue) }
    static func shownWithTime(_ date: Date, _ language: Language) -> String { shownWithTime(date, language: language.rawValue) }
}

extension Catalogue {
    /// A date as people read it in this catalogue's language.
    func date(_ date: Date) -> String { DateText.shown(date, language) }
    /// A date and time (to the minute) as people read them in this catalogue's language.
    func dateTime(_ date: Date) -> String { DateText.shownWithTime(date, language) }
}

extension Request {
    /// Reads the body of a form post (already collected by the CSRF check).
    mutating func form(_ context: AppContext) async throws -> FormData {
        FormData(try await collectBody(upTo: context.maxUploadSize))
    }
}

extension AppContext {
    /// The signed-in user of a page, or a redirect to the sign-in page.
    func requireUser() throws -> User {
        guard let user = session?.user else { throw DomainError.unauthenticated }
        return user
    }
}

/// A path to return to after signing in: only a local path, never another site.
enum ReturnPath {
    static func safe(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"), !text.contains("\n") else { return "/dashboard" }
        return text
    }
}

extension ReturnPath {
    /// A path as the value of a `terug=` query parameter (RFC 3986 unreserved kept as is).
    static func queryValue(_ path: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? "/"
    }
}

/// From knowing to asking: where "ask a question about this" leads. Someone who may file
/// gets the request form filled in with what is known (`values`, such as the offering or
/// the words searched for); a visitor signs in first and comes back to it; someone whose
/// role does not file requests gets no link.
enum AskLink {
    static func href(for user: User?, _ values: [(name: String, value: String)]) -> String? {
        let form = "/hulpvragen/nieuw" + (values.isEmpty ? "" : "?" + Query.encode(values))
        guard let user else { return "/inloggen?terug=" + ReturnPath.queryValue(form) }
        return RequestPolicy.mayFile(user) ? form : nil
    }
}
