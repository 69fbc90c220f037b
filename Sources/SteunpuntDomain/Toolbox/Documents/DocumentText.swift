/// The readable text of a document, for the search index and the search snippets: plain
/// text as it is, the paragraphs of an ODT (`content.xml`) or DOCX (`word/document.xml`).
/// PDF text is not read (that needs a PDF interpreter); such documents are found by title.
public enum DocumentText {
    /// At most this many characters of a document are indexed.
    public static let maximumCharacters = 200_000
    /// An office document's text part may unpack to at most this many bytes.
    static let maximumUnpacked = 32 * 1024 * 1024

    public static func extract(_ format: DocumentFormat, from bytes: [UInt8]) -> String? {
        let text: String?
        switch format {
        case .pdf: text = nil
        case .text: text = String(validating: bytes, as: UTF8.self).map { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 }
        case .odt: text = xmlPart("content.xml", of: bytes, paragraphEnd: "text:p", headingEnd: "text:h")
        case .docx: text = xmlPart("word/document.xml", of: bytes, paragraphEnd: "w:p", headingEnd: nil)
        }
        return text.map { String($0.prefix(maximumCharacters)) }
    }

    private static func xmlPart(_ name: String, of bytes: [UInt8], paragraphEnd: String, headingEnd: String?) -> String? {
        guard let archive = try? ZipArchive(bytes), let entry = archive.entry(name),
              let data = try? archive.read(entry, limit: maximumUnpacked) else { return nil }
        return XMLText.text(of: data, breaksAfter: [paragraphEnd, headingEnd].compactMap { $0 })
    }
}

/// The character data of an XML document: tags dropped, a line break after the elements
/// named, tabs and line breaks of the office formats kept, the five predefined entities
/// and numeric references decoded. Works on bytes and stops after `limit` bytes of text.
enum XMLText {
    static func text(of xml: [UInt8], breaksAfter elements: [String], limit: Int = 4 * DocumentText.maximumCharacters) -> String {
        let closers = Set(elements.map { Array(("/" + $0).utf8) })
        var result: [UInt8] = []
        var index = 0
        while index < xml.count, result.count < limit {
            let byte = xml[index]
            if byte == UInt8(ascii: "<") {
                guard let close = xml[index...].firstIndex(of: UInt8(ascii: ">")) else { break }
                let tag = Array(xml[(index + 1)..<close])
                if closers.contains(tag) { result.append(0x0A) }
                let name = tag.prefix { $0 != 0x20 && $0 != UInt8(ascii: "/") }
                switch String(decoding: name, as: UTF8.self) {
                case "text:tab", "w:tab": result.append(0x09)
                case "text:line-break", "w:br": result.append(0x0A)
                case "text:s": result.append(0x20)
                default: break
                }
                index = close + 1
            } else if byte == UInt8(ascii: "&"), let semicolon = xml[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")),
                      let decoded = entity(String(decoding: xml[(index + 1)..<semicolon], as: UTF8.self)) {
                result.append(contentsOf: decoded.utf8)
                index = semicolon + 1
            } else {
                result.append(byte)
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    static func entity(_ name: String) -> String? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            let value = name.hasPrefix("#x") ? UInt32(name.dropFirst(2), radix: 16) : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
    }
}
