import SQLKit
import SteunpuntDomain

/// Full-text matching with the engine's own index: SQLite FTS5, PostgreSQL `tsvector`.
/// Both index text made of `SearchKey.terms` (folded words joined by spaces) and match
/// every word of the query as a word prefix, so both engines give the same hits.
enum FullText {
    /// The engine's query for `text`: all its words, each as a prefix; nil without words.
    static func query(_ text: String, engine: Engine) -> String? {
        let terms = SearchKey.terms(text)
        guard !terms.isEmpty else { return nil }
        // Terms hold letters and digits only, so quoting them is enough.
        switch engine {
        case .sqlite: return terms.map { "\"\($0)\"*" }.joined(separator: " AND ")
        case .postgres: return terms.map { "'\($0)':*" }.joined(separator: " & ")
        }
    }
}
