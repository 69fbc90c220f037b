import Foundation

/// Folds text for matching the way a Dutch user types it: lower case, diacritics
/// removed (`Fryslân` → `fryslan`), apostrophes and hyphens kept. The folded form is
/// stored beside a name so the same `LIKE` query matches on SQLite and PostgreSQL.
public enum SearchKey {
    public static func fold(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            // Combining marks (U+0300–U+036F) carry the accents after decomposition.
            if (0x300...0x36F).contains(scalar.value) { continue }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
