import SteunpuntDomain
import Testing

@Suite("Dutch stemming for search")
struct DutchStemmerTests {
    @Test("singular and plural, and derived forms, share a stem", arguments: [
        ("trainingen", "training"), ("training", "training"),
        ("scholen", "schol"), ("school", "schol"),
        ("gemeenten", "gemeent"), ("gemeente", "gemeent"),
        ("jongeren", "jonger"), ("jongere", "jonger"),
        ("mogelijkheden", "mogelijk"), ("mogelijkheid", "mogelijk"),
        ("lichamelijk", "licham"), ("lichamelijke", "licham"),
        ("handreikingen", "handreik"), ("handreiking", "handreik"),
        ("moskeeen", "moskee"), ("moskee", "moskee"), ("ideeen", "idee"),
    ])
    func stems(word: String, stem: String) {
        #expect(DutchStemmer.stem(word) == stem)
    }

    @Test("short words, numbers and words with digits stay as they are")
    func untouched() {
        #expect(DutchStemmer.stem("en") == "en")
        #expect(DutchStemmer.stem("2026") == "2026")
        #expect(DutchStemmer.stem("25f") == "25f")
    }

    @Test("query words: folded, stemmed when asked, and a chunk ending in * makes its last word a beginning")
    func queryTerms() {
        #expect(SearchText.queryTerms("Trainingen jeugd*", stemmed: true) == [.init(text: "training", isPrefix: false), .init(text: "jeugd", isPrefix: true)])
        #expect(SearchText.queryTerms("HV-2026-00012", stemmed: false).map(\.text) == ["hv", "2026", "00012"])
        #expect(SearchText.queryTerms("\"' * -", stemmed: true).isEmpty)
    }
}
