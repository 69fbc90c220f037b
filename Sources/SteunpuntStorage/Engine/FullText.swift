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

    /// The words of a query; a chunk ending in `*` makes its last word a prefix. With
    /// `stemmed`, whole words become their Dutch stem (`SearchText`), as the index holds them.
    static func terms(_ text: String, stemmed: Bool = false) -> [Term] {
        text.split(whereSeparator: \.isWhitespace).flatMap { chunk -> [Term] in
            let words = SearchKey.terms(String(chunk))
            let prefix = chunk.hasSuffix("*")
            return words.enumerated().map { index, word in
                let isPrefix = prefix && index == words.count - 1
                return Term(text: stemmed && !isPrefix ? DutchStemmer.stem(word) : word, isPrefix: isPrefix)
            }
        }
    }

    /// The engine's query for `text`: all its words; nil without words.
    static func query(_ text: String, engine: Engine, stemmed: Bool = false) -> String? {
        let terms = terms(text, stemmed: stemmed)
        guard !terms.isEmpty else { return nil }
        // Terms hold letters and digits only, so quoting them is enough.
        switch engine {
        case .sqlite: return terms.map { "\"\($0.text)\"" + ($0.isPrefix ? "*" : "") }.joined(separator: " AND ")
        case .postgres: return terms.map { "'\($0.text)'" + ($0.isPrefix ? ":*" : "") }.joined(separator: " & ")
        }
    }
}
