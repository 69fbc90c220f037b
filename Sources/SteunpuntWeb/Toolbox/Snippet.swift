import SteunpuntDomain

/// A passage of a hit's text around the first word that matched the query, with the
/// matching words marked. Matching is the index's own: folded, stemmed words, or a word's
/// beginning for a query word ending in `*`. Parts are plain text; the template escapes
/// them and wraps matches in `<mark>`.
struct Snippet {
    struct Part { let text: String; let isMatch: Bool }

    let parts: [Part]
    /// Whether any word of the text matched.
    let matched: Bool

    init(text: String, query: String, radius: Int = 14) {
        let wanted = SearchText.queryTerms(query, stemmed: true)
        func matches(_ word: Substring) -> Bool {
            guard let folded = SearchKey.terms(String(word)).first else { return false }
            let stem = DutchStemmer.stem(folded)
            return wanted.contains { $0.isPrefix ? folded.hasPrefix($0.text) : stem == $0.text }
        }
        let words = text.split(whereSeparator: \.isWhitespace)
        let found = words.firstIndex(where: matches)
        matched = found != nil
        let first = found ?? 0
        let start = max(0, first - radius / 2)
        let end = min(words.count, start + radius * 2)
        var parts: [Part] = []
        if start > 0 { parts.append(Part(text: "… ", isMatch: false)) }
        for (offset, word) in words[start..<end].enumerated() {
            let separator = offset == 0 ? "" : " "
            if matches(word) {
                parts.append(Part(text: separator, isMatch: false))
                parts.append(Part(text: String(word), isMatch: true))
            } else {
                parts.append(Part(text: separator + word, isMatch: false))
            }
        }
        if end < words.count { parts.append(Part(text: " …", isMatch: false)) }
        self.parts = parts
    }
}
