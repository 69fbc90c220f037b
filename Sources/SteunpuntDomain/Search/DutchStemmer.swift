/// The Snowball stemmer for Dutch (snowballstem.org/algorithms/dutch/stemmer.html),
/// on folded words (`SearchKey.terms`): `trainingen` → `training`, `scholen` and `school`
/// → `schol`, `gemeenten` → `gemeent`. Search indexes and queries both store stems, so
/// singular and plural find each other on every engine alike.
public enum DutchStemmer {
    public static func stem(_ word: String) -> String {
        var w = Array(word)
        guard w.count > 2, w.allSatisfy({ $0.isASCII && $0.isLetter }) else { return word }
        // Plurals in -ën lose their diaeresis when folded (moskeeën → moskeeen, knieën →
        // knieen); Snowball keeps them apart from the singular, so they are cut here first.
        if w.count > 5, ends(w, "eeen") || ends(w, "ieen") { w.removeLast(2) }
        markConsonantVowels(&w)
        let r1 = max(3, region(after: 0, in: w))
        let r2 = region(after: r1, in: w)
        var removedE = false
        step1(&w, r1: r1)
        removedE = step2(&w, r1: r1)
        step3(&w, r1: r1, r2: r2, removedE: removedE)
        step4(&w)
        return String(w.map { $0 == "I" ? "i" : $0 == "Y" ? "y" : $0 })
    }

    private static func isVowel(_ c: Character) -> Bool { "aeiouyè".contains(c) }

    /// Initial y, y after a vowel, and i between vowels act as consonants (upper case here).
    private static func markConsonantVowels(_ w: inout [Character]) {
        for i in w.indices {
            if w[i] == "y", i == 0 || isVowel(w[i - 1]) { w[i] = "Y" }
            if w[i] == "i", i > 0, i < w.count - 1, isVowel(w[i - 1]), isVowel(w[i + 1]) { w[i] = "I" }
        }
    }

    /// The start of the region after the first non-vowel that follows a vowel, from `start`.
    private static func region(after start: Int, in w: [Character]) -> Int {
        var i = start
        while i < w.count - 1 {
            if isVowel(w[i]) && !isVowel(w[i + 1]) { return i + 2 }
            i += 1
        }
        return w.count
    }

    private static func ends(_ w: [Character], _ suffix: String) -> Bool {
        w.count >= suffix.count && String(w[(w.count - suffix.count)...]) == suffix
    }

    private static func undouble(_ w: inout [Character]) {
        if ends(w, "kk") || ends(w, "dd") || ends(w, "tt") { w.removeLast() }
    }

    /// A valid en-ending: a non-vowel before it, and not `gem`.
    private static func validEn(_ w: [Character], before index: Int) -> Bool {
        guard index > 0, !isVowel(w[index - 1]) else { return false }
        return !(index >= 3 && String(w[(index - 3)..<index]) == "gem")
    }

    private static func step1(_ w: inout [Character], r1: Int) {
        if ends(w, "heden") {
            if w.count - 5 >= r1 { w.removeLast(5); w += Array("heid") }
        } else if ends(w, "ene") || ends(w, "en") {
            let length = ends(w, "ene") ? 3 : 2
            let start = w.count - length
            if start >= r1, validEn(w, before: start) {
                w.removeLast(length)
                undouble(&w)
            }
        } else if ends(w, "se") || ends(w, "s") {
            let length = ends(w, "se") ? 2 : 1
            let start = w.count - length
            if start >= r1, start > 0, !isVowel(w[start - 1]), w[start - 1] != "j" { w.removeLast(length) }
        }
    }

    @discardableResult
    private static func step2(_ w: inout [Character], r1: Int) -> Bool {
        let start = w.count - 1
        guard ends(w, "e"), start >= r1, start > 0, !isVowel(w[start - 1]) else { return false }
        w.removeLast()
        undouble(&w)
        return true
    }

    private static func step3(_ w: inout [Character], r1: Int, r2: Int, removedE: Bool) {
        if ends(w, "heid"), w.count - 4 >= r2, w.count > 4, w[w.count - 5] != "c" {
            w.removeLast(4)
            let start = w.count - 2
            if ends(w, "en"), start >= r1, validEn(w, before: start) {
                w.removeLast(2)
                undouble(&w)
            }
        }
        if ends(w, "end") || ends(w, "ing") {
            guard w.count - 3 >= r2 else { return }
            w.removeLast(3)
            if ends(w, "ig"), w.count - 2 >= r2, !(w.count > 2 && w[w.count - 3] == "e") {
                w.removeLast(2)
            } else {
                undouble(&w)
            }
        } else if ends(w, "ig") {
            if w.count - 2 >= r2, !(w.count > 2 && w[w.count - 3] == "e") { w.removeLast(2) }
        } else if ends(w, "lijk") {
            if w.count - 4 >= r2 {
                w.removeLast(4)
                step2(&w, r1: r1)
            }
        } else if ends(w, "baar") {
            if w.count - 4 >= r2 { w.removeLast(4) }
        } else if ends(w, "bar") {
            if w.count - 3 >= r2, removedE { w.removeLast(3) }
        }
    }

    /// A double a, e, o or u between a non-vowel and a final non-vowel (not I) loses one.
    private static func step4(_ w: inout [Character]) {
        guard w.count >= 4 else { return }
        let n = w.count
        let c = w[n - 4], v1 = w[n - 3], v2 = w[n - 2], d = w[n - 1]
        if !isVowel(c), v1 == v2, "aeou".contains(v1), !isVowel(d), d != "I" {
            w.remove(at: n - 2)
        }
    }
}

/// The text a Dutch full-text index stores and a query asks for: folded words, stemmed.
public enum SearchText {
    /// `Trainingen voor sleutelfiguren` → `training voor sleutelfigur`.
    public static func stems(_ text: String) -> [String] {
        SearchKey.terms(text).map(DutchStemmer.stem)
    }

    public static func indexed(_ text: String) -> String { stems(text).joined(separator: " ") }

    /// One word of a query: its folded (and, when asked, stemmed) text, or a word's
    /// beginning when the user ended it with `*`.
    public struct Term: Equatable, Sendable {
        public let text: String
        public let isPrefix: Bool

        public init(text: String, isPrefix: Bool) {
            self.text = text
            self.isPrefix = isPrefix
        }
    }

    /// The words of a query, the one rule for matching and for marking matches: a chunk
    /// ending in `*` makes its last word a prefix; with `stemmed`, other words become their
    /// Dutch stem, as a stemmed index holds them.
    public static func queryTerms(_ text: String, stemmed: Bool) -> [Term] {
        text.split(whereSeparator: \.isWhitespace).flatMap { chunk -> [Term] in
            let words = SearchKey.terms(String(chunk))
            let prefix = chunk.hasSuffix("*")
            return words.enumerated().map { index, word in
                let isPrefix = prefix && index == words.count - 1
                return Term(text: stemmed && !isPrefix ? DutchStemmer.stem(word) : word, isPrefix: isPrefix)
            }
        }
    }
}
