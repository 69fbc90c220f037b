/// An identifier that checks its own form when made from text (`GM0363`, `szw-ess`), and
/// so also when decoded: a wrong one never gets into a record.
public protocol CheckedIdentifier: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    var rawValue: String { get }
    init?(_ text: String)
}

extension CheckedIdentifier {
    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a valid \(Self.self)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The one rule for the slugs identifiers are made of: lower-case ASCII letters, digits
/// and hyphens, not starting or ending with a hyphen. Checked on the UTF-8 bytes: it runs
/// for every identifier of every row read, so it must not go through `Character`'s
/// Unicode properties.
public enum Slug {
    public static func isValid(_ text: String, length: ClosedRange<Int>, doubleHyphens: Bool = true) -> Bool {
        let hyphen = UInt8(ascii: "-")
        let utf8 = text.utf8
        guard length.contains(utf8.count), utf8.first != hyphen, utf8.last != hyphen else { return false }
        var previous: UInt8 = 0
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): break
            case hyphen where doubleHyphens || previous != hyphen: break
            default: return false
            }
            previous = byte
        }
        return true
    }
}
