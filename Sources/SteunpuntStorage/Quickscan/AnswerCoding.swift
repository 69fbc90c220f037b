import Foundation
import SteunpuntDomain

/// How an answer is stored: the JSON `JSONEncoder` writes for `AnswerValue`
/// (`{"scale":{"_0":4}}`, `{"needs":{"_0":["…"]}}`). Reading a round's answers decodes
/// tens of thousands of them, and `JSONDecoder` costs about ten microseconds each, so the
/// shapes it writes are read directly; anything else (a text with an escape in it) goes
/// through `JSONDecoder`, which remains the reference.
enum AnswerCoding {
    static func encode(_ value: AnswerValue) throws -> String {
        String(decoding: try JSONEncoder.snapshots.encode(value), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> AnswerValue {
        if let value = fast(text) { return value }
        return try JSONDecoder().decode(AnswerValue.self, from: Data(text.utf8))
    }

    /// `{"<case>":{"_0":<value>}}` without escapes; nil for anything else.
    static func fast(_ text: String) -> AnswerValue? {
        guard !text.utf8.contains(UInt8(ascii: "\\")), text.hasPrefix("{\""), text.hasSuffix("}}"),
              let nameEnd = text.dropFirst(2).firstIndex(of: "\"") else { return nil }
        let name = text[text.index(text.startIndex, offsetBy: 2)..<nameEnd]
        let rest = text[nameEnd...]
        guard rest.hasPrefix("\":{\"_0\":") else { return nil }
        let value = rest.dropFirst(8).dropLast(2)
        func string() -> String? {
            guard value.count >= 2, value.first == "\"", value.last == "\"" else { return nil }
            let inner = value.dropFirst().dropLast()
            return inner.contains("\"") ? nil : String(inner)
        }
        func strings() -> [String]? {
            guard value.first == "[", value.last == "]" else { return nil }
            let inner = value.dropFirst().dropLast()
            if inner.isEmpty { return [] }
            var result: [String] = []
            for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
                guard part.count >= 2, part.first == "\"", part.last == "\"" else { return nil }
                result.append(String(part.dropFirst().dropLast()))
            }
            return result
        }
        switch name {
        case "choice": return string().map { .choice($0) }
        case "text": return string().map { .text($0) }
        case "choices": return strings().map { .choices($0) }
        case "needs":
            guard let codes = strings() else { return nil }
            let needs = codes.compactMap(NeedCode.init)
            return needs.count == codes.count ? .needs(needs) : nil
        case "scale": return Int(value).map { .scale($0) }
        case "number": return Double(value).map { .number($0) }
        case "yesNo": return value == "true" ? .yesNo(true) : value == "false" ? .yesNo(false) : nil
        default: return nil
        }
    }
}
