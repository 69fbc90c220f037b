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
}
