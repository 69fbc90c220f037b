import SQLKit
import SteunpuntDomain

/// Full-text matching with the engine's own index: SQLite FTS5, PostgreSQL `tsvector`.
/// Both index text made of `SearchKey.terms` (folded words joined by spaces) and match
/// every word of the query as a whole word, or as a word's beginning when the user ends
/// it with `*` (`sleutelfig*`), so both engines give the same hits. Whole words keep a
/// common word cheap: a prefix makes the index merge every word it starts.
enum FullText {
    struct Term: Equatable {
        let text: String
        let isPrefix: Bool
    }

    /// The words of a query; a chunk ending in `*` makes its last word a prefix.
    static func terms(_ text: String) -> [Term] {
        text.split(whereSeparator: \.isWhitespace).flatMap { chunk -> [Term] in
            let words = SearchKey.terms(String(chunk))
            let prefix = chunk.hasSuffix("*")
            return words.enumerated().map { Term(text: $1, isPrefix: prefix && $0 == words.count - 1) }
        }
    }

    /// The engine's query for `text`: all its words; nil without words.
    static func query(_ text: String, engine: Engine) -> String? {
        let terms = terms(text)
        guard !terms.isEmpty else { return nil }
        // Terms hold letters and digits only, so quoting them is enough.
        switch engine {
        case .sqlite: return terms.map { "\"\($0.text)\"" + ($0.isPrefix ? "*" : "") }.joined(separator: " AND ")
        case .postgres: return terms.map { "'\($0.text)'" + ($0.isPrefix ? ":*" : "") }.joined(separator: " & ")
        }
    }
}
