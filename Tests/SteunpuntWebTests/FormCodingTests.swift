import Foundation
import Hummingbird
import Testing
@testable import SteunpuntWeb

/// The query string's byte decoder and escaper: the escaper against Foundation's
/// `addingPercentEncoding`, which it replaces; the decoder against Foundation where the
/// input is well formed, and against the WHATWG URL standard's form decoding where not.
@Suite("Query strings are decoded as forms are and escaped as Foundation does")
struct FormCodingTests {
    /// What `Query.pairs` did before, through `NSString`: nil where it gave up.
    func foundationDecode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    func foundationEscape(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    @Test("malformed input: a stray % stays, bytes that are not UTF-8 become U+FFFD, the rest is decoded")
    func malformed() {
        let cases = ["": "", "zonder": "zonder", "brede+aanpak": "brede aanpak", "1%2B1": "1+1", "%c3%ab": "ë", "%": "%", "%4": "%4",
                     "%4G": "%4G", "a%": "a%", "100%+zeker": "100% zeker", "a%2Bb%zz": "a+b%zz", "%FF": "\u{FFFD}", "%C3": "\u{FFFD}",
                     "%C3%28": "\u{FFFD}(", "%E2%82%AC+%": "€ %", "%00": "\u{0}", "ë+é": "ë é"]
        for (input, expected) in cases {
            #expect(FormCoding.decode(Substring(input)) == expected, "decoding \(input)")
            #expect(FormCoding.escape(input) == foundationEscape(input), "escaping \(input)")
        }
    }

    @Test("random input from an alphabet of the characters that matter: as Foundation wherever it decoded")
    func random() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = ["%", "+", "a", "Z", "0", "9", "f", "F", "g", "2", "B", "C", "3", "E", "é", " ", "~", "&", "=", "/", "€", "\u{1}"]
        var compared = 0
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...12, using: &generator)
            let input = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            #expect(FormCoding.escape(input) == foundationEscape(input), "escaping \(input)")
            guard let expected = foundationDecode(Substring(input)), !expected.contains("\u{FFFD}") else { continue }
            compared += 1
            #expect(FormCoding.decode(Substring(input)) == expected, "decoding \(input)")
        }
        #expect(compared > 1_000)
    }

    @Test("a link keeps the kept values once and adds the new ones after them")
    func links() throws {
        let request = Request(head: .init(method: .get, scheme: "http", authority: "x", path: "/api/v1/hulpvragen?status=nieuw&pagina=3&zoek=a+b"),
                              body: .init(buffer: .init()))
        let links = Query.Links(request, dropping: ["pagina"])
        #expect(links.link(adding: [("pagina", "4")]) == "/api/v1/hulpvragen?status=nieuw&zoek=a%20b&pagina=4")
        #expect(links.link(adding: []) == "/api/v1/hulpvragen?status=nieuw&zoek=a%20b")
        let bare = Query.Links(Request(head: .init(method: .get, scheme: "http", authority: "x", path: "/x?pagina=2"), body: .init(buffer: .init())),
                               dropping: ["pagina"])
        #expect(bare.link(adding: []) == "/x")
        #expect(bare.link(adding: [("pagina", "1")]) == "/x?pagina=1")
    }
}
