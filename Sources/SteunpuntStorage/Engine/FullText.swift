import SQLKit
import SteunpuntDomain

/// Full-text matching with the engine's own index: SQLite FTS5, PostgreSQL `tsvector`.
/// Both index text made of `SearchKey.terms` (folded words joined by spaces) and match
/// every word of the query as a whole word, or as a word's beginning when the user ends
/// it with `*` (`sleutelfig*`), so both engines give the same hits. Whole words keep a
/// common word cheap: a prefix makes the index merge every word it starts.
enum FullText {
    /// The engine's query for `text`: all its words (`SearchText.queryTerms`); nil without words.
    static func query(_ text: String, engine: Engine) -> String? {
        let terms = SearchText.queryTerms(text, stemmed: false)
        guard !terms.isEmpty else { return nil }
        // Terms hold letters and digits only, so quoting them is enough.
        switch engine {
        case .sqlite: return terms.map { "\"\($0.text)\"" + ($0.isPrefix ? "*" : "") }.joined(separator: " AND ")
        case .postgres: return terms.map { "'\($0.text)'" + ($0.isPrefix ? ":*" : "") }.joined(separator: " & ")
        }
    }
}
