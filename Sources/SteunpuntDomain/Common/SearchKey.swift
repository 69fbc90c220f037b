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

    /// The words of `text` for a full-text index: folded, split at everything that is
    /// not a letter or digit (`HV-2026-00012` → `hv`, `2026`, `00012`). Stored joined by
    /// single spaces, the text tokenises alike on SQLite FTS5 and PostgreSQL.
    public static func terms(_ text: String) -> [String] {
        fold(text).split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
