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

    /// The guard a setting asks for (`STEUNPUNT_PRIVACY_REFUSE`: kinds separated by commas;
    /// a BSN is refused whatever it says), and the names it did not know.
    public static func parse(_ setting: String) -> (guard: PrivacyGuard, unknown: [String]) {
        var refused: Set<IdentifierKind> = [.bsn]
        var unknown: [String] = []
        for name in setting.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
            if let kind = IdentifierKind(rawValue: name) { refused.insert(kind) } else { unknown.append(name) }
        }
        return (PrivacyGuard(refused: refused), unknown)
    }

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
        case .bsn: bsnCandidates(in: text).contains(where: ElevenTest.passes)
        case .iban: ibanCandidates(in: text).contains(where: IBAN.isValid)
        case .email: text.contains(where: { $0 == "@" }) && text.split(whereSeparator: { $0.isWhitespace || ",;<>()[]".contains($0) }).contains { EmailAddress.isValid(String($0).trimmingCharacters(in: .punctuationCharacters.subtracting(["@"]))) }
        }
    }

    /// Every nine-digit number the text could be hiding: within each chain of digit runs
    /// (runs joined by up to three separator characters: spaces of any kind, dots, hyphens
    /// and dashes), every stretch of whole runs that holds exactly nine digits. So a BSN is
    /// found whether it stands alone (`123456782`), is written in groups (`123 456 782`,
    /// `1234.56.782`) or sits beside another number (`dossier 2024 123456782`,
    /// `123456782 3 keer`), while a ten-digit telephone number or a year is not read as one.
    /// Digits of any script count; invisible format characters (zero-width space, soft
    /// hyphen) are skipped.
    static func bsnCandidates(in text: String) -> [[Int]] {
        var candidates: [[Int]] = []
        for chain in digitChains(in: text) {
            for start in chain.indices {
                var digits: [Int] = []
                for run in chain[start...] {
                    digits += run
                    if digits.count >= 9 { break }
                }
                if digits.count == 9 { candidates.append(digits) }
            }
        }
        return candidates
    }

    /// The text's digit runs, grouped into chains of runs that separators join.
    static func digitChains(in text: String) -> [[[Int]]] {
        var chains: [[[Int]]] = []
        var chain: [[Int]] = []
        var run: [Int] = []
        var gap = 0
        func close() {
            if !run.isEmpty { chain.append(run) }
            if !chain.isEmpty { chains.append(chain) }
            chain = []
            run = []
            gap = 0
        }
        for character in text {
            if isInvisible(character) { continue }
            if let digit = decimalDigit(character) {
                if gap > 0 {
                    chain.append(run)
                    run = []
                    gap = 0
                }
                run.append(digit)
            } else if !run.isEmpty, isSeparator(character), gap < 3 {
                gap += 1
            } else {
                close()
            }
        }
        close()
        return chains
    }

    /// A decimal digit of any script (`٣`, `３`), not a numeral like `½` or `Ⅻ`.
    static func decimalDigit(_ character: Character) -> Int? {
        // A combining mark on a digit (`1\u{0301}`) does not hide it.
        guard let scalar = character.unicodeScalars.first, scalar.properties.numericType == .decimal,
              character.unicodeScalars.dropFirst().allSatisfy({ [.nonspacingMark, .enclosingMark, .spacingMark].contains($0.properties.generalCategory) }),
              let value = scalar.properties.numericValue.map(Int.init), (0...9).contains(value) else { return nil }
        return value
    }

    /// Spaces of every kind but line breaks, dots, and hyphens and dashes of every kind.
    static func isSeparator(_ character: Character) -> Bool {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else { return false }
        if character == "." { return true }
        if scalar.properties.generalCategory == .dashPunctuation || scalar == "\u{2212}" { return true }
        return scalar.properties.isWhitespace && !character.isNewline
    }

    /// Format characters (zero-width space and joiners, soft hyphen, direction marks) that
    /// show nothing and so must not break a number in two.
    static func isInvisible(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .format || $0 == "\u{200B}" }
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
