/// The readable text of a document. `extract` gives what the search index keeps (plain
/// text, the paragraphs of an ODT's `content.xml` or a DOCX's `word/document.xml`, at most
/// `maximumCharacters`); `all` gives every text the document carries, for the privacy
/// check: the whole of a text file; in a DOCX the body, headers, footers, footnotes,
/// endnotes, comments and the document properties; in an ODT the content, the styles
/// (where headers and footers live) and the metadata; in a PDF the strings its content
/// streams show (`PDFText`). See `docs/security.md` for what is not read.
public enum DocumentText {
    /// At most this many characters of a document are indexed.
    public static let maximumCharacters = 200_000
    /// An office document's text part may unpack to at most this many bytes.
    static let maximumUnpacked = 32 * 1024 * 1024

    public static func extract(_ format: DocumentFormat, from bytes: [UInt8]) -> String? {
        let text: String?
        switch format {
        case .pdf: text = nil
        case .text: text = plain(bytes)
        case .odt: text = xmlParts(["content.xml"], of: bytes, limit: 4 * maximumCharacters)
        case .docx: text = xmlParts(["word/document.xml"], of: bytes, limit: 4 * maximumCharacters)
        }
        return text.map { String($0.prefix(maximumCharacters)) }
    }

    /// Every text the document carries, however long (a PDF's as `PDFText` reads it).
    public static func all(_ format: DocumentFormat, from bytes: [UInt8]) -> String? {
        switch format {
        case .pdf: return PDFText.extract(bytes)
        case .text: return plain(bytes)
        case .odt: return xmlParts(["content.xml", "styles.xml", "meta.xml"], of: bytes, limit: .max)
        case .docx:
            guard let archive = try? ZipArchive(bytes) else { return nil }
            let names = archive.entries.map(\.name).filter(isDocxText).sorted()
            return xmlParts(names, of: bytes, limit: .max)
        }
    }

    /// The parts of a DOCX that hold text a reader sees or a property a program shows.
    static func isDocxText(_ name: String) -> Bool {
        guard name.hasSuffix(".xml") else { return false }
        if name.hasPrefix("docProps/") { return true }
        guard name.hasPrefix("word/"), !name.dropFirst(5).contains("/") else { return false }
        let file = name.dropFirst(5)
        return ["document", "header", "footer", "footnotes", "endnotes", "comments"].contains { file.hasPrefix($0) }
    }

    private static func plain(_ bytes: [UInt8]) -> String? {
        String(validating: bytes, as: UTF8.self).map { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 }
    }

    private static func xmlParts(_ names: [String], of bytes: [UInt8], limit: Int) -> String? {
        guard let archive = try? ZipArchive(bytes) else { return nil }
        var texts: [String] = []
        for name in names {
            guard let entry = archive.entry(name) else { continue }
            guard let data = try? archive.read(entry, limit: maximumUnpacked) else { return nil }
            texts.append(XMLText.text(of: data, breaksAfter: ["text:p", "text:h", "w:p"], limit: limit))
        }
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
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
