import Foundation

/// Keeps personal identifiers out of free text. Steunpunt supports organisations, not
/// persons at risk: a citizen service number (BSN) in a description means casework about a
/// person has ended up where it does not belong. Every free-text field is checked here,
/// and what is refused is never stored or logged (the finding names the kind, not the value).
public struct PrivacyGuard: Sendable, Equatable {
    /// The kinds of identifier the guard can refuse.
    public enum IdentifierKind: String, CaseIterable, Sendable {
        /// Burgerservicenummer: nine digits passing the eleven-test, also written with spaces or dots.
        case bsn
        /// A Dutch IBAN (NL + check digits + bank code + ten digits) passing the mod-97 check.
        case iban
        /// An e-mail address (of a third party: the platform has its own field for contacts).
        case email
    }

    public var refused: Set<IdentifierKind>

    /// Refuses a BSN; more kinds by configuration.
    public init(refused: Set<IdentifierKind> = [.bsn]) {
        self.refused = refused
    }

    public static let standard = PrivacyGuard()

    /// The kinds of refused identifier found in `text`, in a stable order.
    public func findings(in text: String) -> [IdentifierKind] {
        IdentifierKind.allCases.filter { refused.contains($0) && Self.contains($0, in: text) }
    }

    /// Records `personal_identifier_<kind>` on `field` for each identifier found.
    public func check(_ text: String?, field: String, into validator: inout Validator) {
        guard let text, !text.isEmpty else { return }
        for kind in findings(in: text) { validator.add(field, "personal_identifier_\(kind.rawValue)") }
    }

    static func contains(_ kind: IdentifierKind, in text: String) -> Bool {
        switch kind {
        case .bsn: digitGroups(in: text).contains { $0.count == 9 && ElevenTest.passes($0) }
        case .iban: ibanCandidates(in: text).contains(where: IBAN.isValid)
        case .email: text.contains(where: { $0 == "@" }) && text.split(whereSeparator: { $0.isWhitespace || ",;<>()[]".contains($0) }).contains { EmailAddress.isValid(String($0).trimmingCharacters(in: .punctuationCharacters.subtracting(["@"]))) }
        }
    }

    /// Runs of digits in which single spaces, dots or hyphens may stand between digits
    /// (`123 456 782`, `1234.56.782`), each returned as its digits only.
    static func digitGroups(in text: String) -> [[Int]] {
        var groups: [[Int]] = []
        var current: [Int] = []
        var pendingSeparator = false
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                current.append(digit)
                pendingSeparator = false
            } else if !current.isEmpty, !pendingSeparator, character == " " || character == "." || character == "-" {
                pendingSeparator = true
            } else {
                if !current.isEmpty { groups.append(current) }
                current = []
                pendingSeparator = false
            }
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }

    static func ibanCandidates(in text: String) -> [String] {
        let compact = text.uppercased().filter { !$0.isWhitespace }
        var result: [String] = []
        var index = compact.startIndex
        while let range = compact.range(of: "NL", range: index..<compact.endIndex) {
            let candidate = String(compact[range.lowerBound...].prefix(18))
            if candidate.count == 18 { result.append(candidate) }
            index = range.upperBound
        }
        return result
    }
}

/// The eleven-test (elfproef) of a Dutch citizen service number: the digits weighted
/// 9, 8, …, 2 and the last one −1 sum to a multiple of 11.
public enum ElevenTest {
    public static func passes(_ digits: [Int]) -> Bool {
        guard digits.count == 9, digits.contains(where: { $0 != 0 }) else { return false }
        var sum = 0
        for (index, digit) in digits.enumerated() {
            sum += index == 8 ? -digit : digit * (9 - index)
        }
        return sum % 11 == 0
    }
}

/// Dutch IBANs: `NL`, two check digits, four letters (bank), ten digits; mod-97 equals 1.
enum IBAN {
    static func isValid(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count == 18, text.hasPrefix("NL"),
              characters[2...3].allSatisfy({ $0.isASCII && $0.isNumber }),
              characters[4...7].allSatisfy({ $0.isASCII && $0.isLetter }),
              characters[8...].allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        let rearranged = characters[4...] + characters[0...3]
        var remainder = 0
        for character in rearranged {
            let value = character.isNumber ? Int(String(character))! : Int(character.asciiValue! - 55)
            for digit in String(value) { remainder = (remainder * 10 + Int(String(digit))!) % 97 }
        }
        return remainder == 1
    }
}
