import Foundation

/// The interface strings of one language, loaded from `Resources/i18n/<code>.json`.
/// Templates read them as `{{t.key}}`; code reads them with `text(_:)`. Every string a
/// user sees lives here, none inline.
public struct Catalogue: Sendable {
    public let language: Language
    public let strings: [String: String]

    public init(language: Language, strings: [String: String]) {
        self.language = language
        self.strings = strings
    }

    /// The string for `key`, with `{name}` placeholders filled from `values`. A missing
    /// key shows as itself, so a gap is visible instead of blank (and a test fails).
    public func text(_ key: String, _ values: [String: String] = [:]) -> String {
        var result = strings[key] ?? key
        for (name, value) in values { result = result.replacingOccurrences(of: "{\(name)}", with: value) }
        return result
    }

    /// The title of a problem with `code`: its own (`problem_<code>`), else the sentence
    /// for the code (`error_<code>`: a conflict such as `request_changed`), else the
    /// general one for a conflict.
    public func problemTitle(_ code: String) -> String {
        strings["problem_\(code)"] ?? strings["error_\(code)"] ?? text("problem_conflict")
    }

    /// The user-facing sentence for a validation code (`error.<code>` in the catalogue).
    public func error(_ code: String) -> String { text("error_\(code)") }

    /// The shipped Dutch catalogue, loaded once: the words of the files the API gives out
    /// (a CSV sheet, an ODT report), which are the Dutch pages' own.
    static let shippedDutch: Catalogue = (try? load(from: WebResources.directory.appendingPathComponent("i18n")))?[.dutch]
        ?? Catalogue(language: .dutch, strings: [:])

    static func load(from directory: URL) throws -> [Language: Catalogue] {
        var result: [Language: Catalogue] = [:]
        for language in Language.allCases {
            let data = try Data(contentsOf: directory.appendingPathComponent("\(language.rawValue).json"))
            let strings = try JSONDecoder().decode([String: String].self, from: data)
            result[language] = Catalogue(language: language, strings: strings)
        }
        return result
    }
}
