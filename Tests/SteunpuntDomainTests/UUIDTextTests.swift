import Foundation
import Testing
@testable import SteunpuntDomain

@Suite("UUIDs as text without printf and scanf")
struct UUIDTextTests {
    @Test("writing and reading agree with Foundation for random UUIDs, in either case")
    func roundTrip() {
        for _ in 0..<2_000 {
            let uuid = UUID()
            #expect(uuid.lowercasedText == uuid.uuidString.lowercased())
            #expect(uuid.uppercasedText == uuid.uuidString)
            #expect(UUID(text: uuid.uuidString) == uuid)
            #expect(UUID(text: uuid.lowercasedText) == uuid)
        }
    }

    @Test("only 8-4-4-4-12 hex digits are read: every single-character change checked (stricter than Foundation's scanf, which reads a stray letter), other lengths, braces")
    func refusals() {
        let valid = "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"
        let replacements: [Character] = ["g", "G", "-", " ", "0", "a", "F", "é", "{", "٣"]
        var accepted = 0
        for (offset, index) in valid.indices.enumerated() {
            for replacement in replacements {
                var text = valid
                text.replaceSubrange(index...index, with: String(replacement))
                let isHyphenPlace = [8, 13, 18, 23].contains(offset)
                let wellFormed = isHyphenPlace ? replacement == "-" : replacement.isHexDigit && replacement.isASCII
                #expect((UUID(text: text) != nil) == wellFormed, "\(text)")
                if wellFormed {
                    #expect(UUID(text: text) == UUID(uuidString: text), "\(text)")
                    accepted += 1
                }
            }
        }
        #expect(accepted == 32 * 3 + 4)
        for text in ["", valid + "0", String(valid.dropLast()), "{\(valid)}", valid.replacingOccurrences(of: "-", with: ""), " \(valid)"] {
            #expect(UUID(text: text) == nil, "\(text)")
        }
    }
}
