import SQLKit
import SteunpuntDomain

/// The one way Steunpunt matches typed text against a stored name: the folded
/// `search_key` contains the folded text (case and diacritics ignored), or an
/// identifier column starts with it. `LIKE` wildcards typed by the user match literally.
enum TextMatch {
    static func predicate(text: String, keyColumn: String = "search_key", identifierColumn: String? = nil) -> SQLQueryString {
        predicate(text: text, key: SQLIdentifier(keyColumn), identifierColumn: identifierColumn)
    }

    /// The same, against any key expression (a table-qualified column in a join).
    static func predicate(text: String, key: any SQLExpression, identifierColumn: String? = nil) -> SQLQueryString {
        let pattern = "%" + escape(SearchKey.fold(text)) + "%"
        var predicate: SQLQueryString = "(\(key) LIKE \(bind: pattern) ESCAPE '\\'"
        if let identifierColumn {
            let prefix = escape(text) + "%"
            predicate = predicate + " OR UPPER(\(ident: identifierColumn)) LIKE UPPER(\(bind: prefix)) ESCAPE '\\'"
        }
        return predicate + ")"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
