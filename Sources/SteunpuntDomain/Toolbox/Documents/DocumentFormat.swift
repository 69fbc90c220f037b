/// The kinds of document the toolbox accepts. The wire identifier is the usual extension.
public enum DocumentFormat: String, CaseIterable, Codable, Sendable {
    case pdf
    case odt
    case docx
    case text = "txt"

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .text: "text/plain; charset=utf-8"
        }
    }

    /// The file name extensions that announce this format.
    public var extensions: [String] {
        switch self {
        case .pdf: ["pdf"]
        case .odt: ["odt"]
        case .docx: ["docx"]
        case .text: ["txt", "text", "md"]
        }
    }

    /// Whether its text can be read for the search index.
    public var hasReadableText: Bool { self != .pdf }

    /// The format a file name announces, by its extension.
    public static func announced(by fileName: String) -> DocumentFormat? {
        guard let dot = fileName.lastIndex(of: ".") else { return nil }
        let ext = fileName[fileName.index(after: dot)...].lowercased()
        return allCases.first { $0.extensions.contains(ext) }
    }

    /// The format the content itself shows, or nil when it is none of the accepted ones
    /// (an executable, an image, a ZIP archive that is no office document, binary data).
    public static func detected(in bytes: [UInt8]) -> DocumentFormat? {
        if bytes.starts(with: Array("%PDF-".utf8)) {
            // A complete PDF ends with an end-of-file marker in its last kilobyte.
            let tail = bytes.suffix(1024)
            return tail.firstRange(of: Array("%%EOF".utf8)) == nil ? nil : .pdf
        }
        if ZipArchive.isZip(bytes) {
            guard let archive = try? ZipArchive(bytes) else { return nil }
            if let mimetype = archive.entry("mimetype"), let data = try? archive.read(mimetype, limit: 256),
               String(decoding: data, as: UTF8.self) == "application/vnd.oasis.opendocument.text", archive.entry("content.xml") != nil {
                return .odt
            }
            if archive.entry("[Content_Types].xml") != nil, archive.entry("word/document.xml") != nil { return .docx }
            return nil
        }
        return PlainText.isText(bytes) ? .text : nil
    }
}

/// What counts as plain text: valid UTF-8 without control characters other than tab,
/// line feed, carriage return and form feed (a byte-order mark is allowed).
enum PlainText {
    static func isText(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty, let text = String(validating: bytes, as: UTF8.self) else { return false }
        return !text.unicodeScalars.contains { scalar in
            (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" && scalar != "\u{0C}") || scalar.value == 0x7F
        }
    }
}
