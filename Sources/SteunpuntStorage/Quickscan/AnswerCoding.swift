import Foundation
import SteunpuntDomain

/// How an answer is stored: the JSON `JSONEncoder` writes for `AnswerValue`
/// (`{"scale":{"_0":4}}`, `{"needs":{"_0":["…"]}}`). Reading a round's answers decodes
/// tens of thousands of them, and `JSONDecoder` (about ten microseconds each) and
/// character-wise string handling cost more than the query, so the shapes the encoder
/// writes are read byte by byte; anything else (a text with an escape in it) goes through
/// `JSONDecoder`, which remains the reference.
enum AnswerCoding {
    static func encode(_ value: AnswerValue) throws -> String {
        String(decoding: try JSONEncoder.snapshots.encode(value), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> AnswerValue {
        var text = text
        return try text.withUTF8 { try decode(bytes: $0[...]) }
    }

    static func fast(_ text: String) -> AnswerValue? {
        var text = text
        return text.withUTF8 { fast(bytes: $0[...]) }
    }

    static func decode(bytes: Slice<UnsafeBufferPointer<UInt8>>) throws -> AnswerValue {
        if let value = fast(bytes: bytes) { return value }
        return try JSONDecoder().decode(AnswerValue.self, from: Data(bytes))
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), backslash = UInt8(ascii: "\\")
    private static let middle = Array("\":{\"_0\":".utf8)

    /// Answers joined as the store reads them: `key␟json␞key␟json…` (unit and record
    /// separators, which JSON always escapes inside strings).
    static func answers(joined text: String) throws -> Answers {
        var text = text
        return try text.withUTF8 { buffer in
            var answers = Answers()
            answers.values.reserveCapacity(128)
            var start = buffer.startIndex
            var index = start
            func item(_ slice: Slice<UnsafeBufferPointer<UInt8>>) throws {
                guard let separator = slice.firstIndex(of: 0x1F) else { throw DomainError.invalid([]) }
                let key = String(decoding: slice[slice.startIndex..<separator], as: UTF8.self)
                answers.values[key] = try decode(bytes: slice[(separator + 1)...])
            }
            while index < buffer.endIndex {
                if buffer[index] == 0x1E {
                    if index > start { try item(buffer[start..<index]) }
                    start = index + 1
                }
                index += 1
            }
            if index > start { try item(buffer[start..<index]) }
            return answers
        }
    }

    /// `{"<case>":{"_0":<value>}}` without escapes; nil for anything else.
    static func fast(bytes: Slice<UnsafeBufferPointer<UInt8>>) -> AnswerValue? {
        let count = bytes.count
        guard count > 12, !bytes.contains(backslash), bytes[bytes.startIndex] == UInt8(ascii: "{"), bytes[bytes.startIndex + 1] == quote,
              bytes[bytes.endIndex - 1] == UInt8(ascii: "}"), bytes[bytes.endIndex - 2] == UInt8(ascii: "}") else { return nil }
        let nameStart = bytes.startIndex + 2
        guard let nameEnd = bytes[nameStart...].firstIndex(of: quote), nameEnd + middle.count <= bytes.endIndex - 2,
              bytes[nameEnd..<(nameEnd + middle.count)].elementsEqual(middle) else { return nil }
        let name = bytes[nameStart..<nameEnd]
        let value = bytes[(nameEnd + middle.count)..<(bytes.endIndex - 2)]
        func string(_ part: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
            guard part.count >= 2, part.first == quote, part.last == quote else { return nil }
            let inner = part.dropFirst().dropLast()
            return inner.contains(quote) ? nil : String(decoding: inner, as: UTF8.self)
        }
        func strings() -> [String]? {
            guard value.first == UInt8(ascii: "["), value.last == UInt8(ascii: "]") else { return nil }
            let inner = value.dropFirst().dropLast()
            if inner.isEmpty { return [] }
            var result: [String] = []
            for part in inner.split(separator: comma, omittingEmptySubsequences: false) {
                guard let text = string(part) else { return nil }
                result.append(text)
            }
            return result
        }
        func integer() -> Int? {
            var result = 0
            var negative = false
            for (offset, byte) in value.enumerated() {
                if offset == 0 && byte == UInt8(ascii: "-") { negative = true; continue }
                guard byte >= 0x30 && byte <= 0x39, result < Int.max / 10 - 10 else { return nil }
                result = result * 10 + Int(byte - 0x30)
            }
            return value.isEmpty ? nil : (negative ? -result : result)
        }
        switch String(decoding: name, as: UTF8.self) {
        case "choice": return string(value).map { .choice($0) }
        case "text": return string(value).map { .text($0) }
        case "choices": return strings().map { .choices($0) }
        case "needs":
            guard let codes = strings() else { return nil }
            let needs = codes.compactMap(NeedCode.init)
            return needs.count == codes.count ? .needs(needs) : nil
        case "scale": return integer().map { .scale($0) }
        case "number": return integer().map { .number(Double($0)) } ?? Double(String(decoding: value, as: UTF8.self)).map { .number($0) }
        case "yesNo":
            let word = String(decoding: value, as: UTF8.self)
            return word == "true" ? .yesNo(true) : word == "false" ? .yesNo(false) : nil
        default: return nil
        }
    }
}
