import Foundation
import Hummingbird
import SteunpuntDomain
import ZIPFoundation

/// An OpenDocument Text file (ODF 1.3, on the Dutch list of open standards), written from
/// parts the caller adds in reading order: a title, headings (outline levels, so a table of
/// contents and a reader's navigation find them), paragraphs, tables with a header row that
/// repeats on every page, and SVG pictures with their title and description as text
/// alternative. The package is made with ZIPFoundation: `mimetype` first and stored, then
/// the manifest, meta, styles and content. A4, page numbers in the footer ("3 / 12"). Every
/// text is escaped here, once: a caller adds words, never markup.
struct ODTDocument {
    let title: String
    let language: Language
    let created: Date
    private var body = ""
    private var pictures: [(path: String, bytes: Data)] = []
    private var tables = 0

    init(title: String, language: Language, created: Date) {
        self.title = title
        self.language = language
        self.created = created
    }

    static let mediaType = "application/vnd.oasis.opendocument.text"

    // MARK: Parts

    mutating func title(_ text: String) { body += "<text:p text:style-name=\"Title\">\(Self.inline(text))</text:p>" }

    mutating func subtitle(_ text: String) { body += "<text:p text:style-name=\"Subtitle\">\(Self.inline(text))</text:p>" }

    /// A heading at `level` (1 to 3); `newPage` starts it on a page of its own.
    mutating func heading(_ text: String, level: Int, newPage: Bool = false) {
        let style = newPage ? "H\(level)_page" : "Heading_20_\(level)"
        body += "<text:h text:style-name=\"\(style)\" text:outline-level=\"\(level)\">\(Self.inline(text))</text:h>"
    }

    mutating func paragraph(_ text: String, hint: Bool = false) {
        body += "<text:p text:style-name=\"\(hint ? "Hint" : "Text_20_body")\">\(Self.inline(text))</text:p>"
    }

    /// Typed text: a blank line starts a paragraph, a line break stays one.
    mutating func prose(_ text: String) {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
        for part in normalised.components(separatedBy: "\n\n") where !part.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            paragraph(part)
        }
    }

    /// A table of contents of the given entries, as they stand (LibreOffice adds page numbers when it updates the index).
    mutating func contents(_ heading: String, entries: [String]) {
        let name = Self.escape(heading)
        body += "<text:table-of-content text:name=\"\(name)\" text:protected=\"true\"><text:table-of-content-source text:outline-level=\"1\">"
        body += "<text:index-title-template text:style-name=\"Contents_20_Heading\">\(name)</text:index-title-template>"
        body += "<text:table-of-content-entry-template text:outline-level=\"1\" text:style-name=\"Contents_20_1\"><text:index-entry-text/>"
        body += "<text:index-entry-tab-stop style:type=\"right\" style:leader-char=\".\"/><text:index-entry-page-number/></text:table-of-content-entry-template>"
        body += "</text:table-of-content-source><text:index-body><text:index-title text:name=\"\(name)_kop\">"
        body += "<text:p text:style-name=\"Contents_20_Heading\">\(name)</text:p></text:index-title>"
        for entry in entries { body += "<text:p text:style-name=\"Contents_20_1\">\(Self.inline(entry))</text:p>" }
        body += "</text:index-body></text:table-of-content>"
    }

    /// A table with its caption above it; the header row repeats on each page; the first
    /// column of each row is set as a heading when `rowHeadings`.
    mutating func table(caption: String, header: [String], rows: [[String]], rowHeadings: Bool = true) {
        tables += 1
        body += "<text:p text:style-name=\"Table_20_caption\">\(Self.inline(caption))</text:p>"
        body += "<table:table table:name=\"Tabel\(tables)\" table:style-name=\"Table\"><table:table-column table:number-columns-repeated=\"\(header.count)\"/>"
        body += "<table:table-header-rows><table:table-row>"
        for cell in header { body += "<table:table-cell office:value-type=\"string\"><text:p text:style-name=\"Table_20_Heading\">\(Self.inline(cell))</text:p></table:table-cell>" }
        body += "</table:table-row></table:table-header-rows>"
        for row in rows {
            body += "<table:table-row>"
            for (index, cell) in row.enumerated() {
                let style = rowHeadings && index == 0 ? "Table_20_Heading" : "Table_20_Contents"
                body += "<table:table-cell office:value-type=\"string\"><text:p text:style-name=\"\(style)\">\(Self.inline(cell))</text:p></table:table-cell>"
            }
            body += "</table:table-row>"
        }
        body += "</table:table>"
    }

    /// An SVG picture `width` centimetres wide (its height from its view box), with its title and description for readers who do not see it.
    mutating func picture(svg: String, viewBox: (width: Double, height: Double), width: Double, title: String, description: String) {
        let path = "Pictures/\(pictures.count + 1).svg"
        pictures.append((path, Data(svg.utf8)))
        let height = width * viewBox.height / max(viewBox.width, 1)
        // A frame's name is unique in the file; what it shows is in its title and description.
        body += "<text:p text:style-name=\"Text_20_body\"><draw:frame draw:name=\"Afbeelding\(pictures.count)\" text:anchor-type=\"as-char\" "
        body += "svg:width=\"\(Self.cm(width))\" svg:height=\"\(Self.cm(height))\"><draw:image xlink:href=\"\(path)\" xlink:type=\"simple\" xlink:show=\"embed\" "
        body += "xlink:actuate=\"onLoad\" draw:mime-type=\"image/svg+xml\"/><svg:title>\(Self.escape(title))</svg:title><svg:desc>\(Self.escape(description))</svg:desc>"
        body += "</draw:frame></text:p>"
    }

    // MARK: The file

    /// The file as a download.
    static func response(_ data: Data, filename: String) -> Response {
        Response(status: .ok, headers: [.contentType: mediaType, .contentDisposition: "attachment; filename=\"\(filename)\""],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Whether an API client asks for the file rather than JSON (`Accept: application/vnd.oasis.opendocument.text`).
    static func isAsked(_ request: Request) -> Bool {
        request.headers[.accept]?.lowercased().contains(mediaType) == true
    }

    /// The package's bytes.
    func data() throws -> Data {
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ bytes: Data, compressed: Bool = true) throws {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: created,
                                 compressionMethod: compressed ? .deflate : .none) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        // The first entry, stored: a reader knows the kind of file from its first bytes.
        try add("mimetype", Data(Self.mediaType.utf8), compressed: false)
        try add("META-INF/manifest.xml", Data(manifest.utf8))
        try add("meta.xml", Data(meta.utf8))
        try add("styles.xml", Data(styles.utf8))
        try add("content.xml", Data(content.utf8))
        for picture in pictures { try add(picture.path, picture.bytes) }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    private static let namespaces = """
        xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" \
        xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
        xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" \
        xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" \
        xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" \
        office:version="1.3"
        """

    private static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    private var manifest: String {
        var xml = Self.declaration + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
        xml += "<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\" manifest:media-type=\"\(Self.mediaType)\"/>"
        for part in ["content.xml", "styles.xml", "meta.xml"] { xml += "<manifest:file-entry manifest:full-path=\"\(part)\" manifest:media-type=\"text/xml\"/>" }
        for picture in pictures { xml += "<manifest:file-entry manifest:full-path=\"\(picture.path)\" manifest:media-type=\"image/svg+xml\"/>" }
        return xml + "</manifest:manifest>"
    }

    private var meta: String {
        let created = ISO8601DateFormatter().string(from: self.created)
        return Self.declaration + "<office:document-meta \(Self.namespaces)><office:meta><meta:generator>Steunpunt</meta:generator>"
            + "<dc:title>\(Self.escape(title))</dc:title><dc:language>\(language.rawValue)</dc:language>"
            + "<meta:creation-date>\(created)</meta:creation-date><dc:date>\(created)</dc:date></office:meta></office:document-meta>"
    }

    private var content: String {
        Self.declaration + "<office:document-content \(Self.namespaces)><office:automatic-styles>"
            + "<style:style style:name=\"H1_page\" style:family=\"paragraph\" style:parent-style-name=\"Heading_20_1\"><style:paragraph-properties fo:break-before=\"page\"/></style:style>"
            + "<style:style style:name=\"H2_page\" style:family=\"paragraph\" style:parent-style-name=\"Heading_20_2\"><style:paragraph-properties fo:break-before=\"page\"/></style:style>"
            + "<style:style style:name=\"Table\" style:family=\"table\"><style:table-properties style:width=\"17cm\" table:align=\"margins\" fo:margin-bottom=\"0.4cm\"/></style:style>"
            + "</office:automatic-styles><office:body><office:text>\(body)</office:text></office:body></office:document-content>"
    }

    private var styles: String {
        let country = language == .dutch ? "NL" : "GB"
        func paragraph(_ name: String, display: String, parent: String? = nil, next: String? = nil, outline: Int? = nil, paragraph: String = "", text: String = "") -> String {
            var xml = "<style:style style:name=\"\(name)\" style:display-name=\"\(display)\" style:family=\"paragraph\""
            if let parent { xml += " style:parent-style-name=\"\(parent)\"" }
            if let next { xml += " style:next-style-name=\"\(next)\"" }
            if let outline { xml += " style:default-outline-level=\"\(outline)\"" }
            xml += ">"
            if !paragraph.isEmpty { xml += "<style:paragraph-properties \(paragraph)/>" }
            if !text.isEmpty { xml += "<style:text-properties \(text)/>" }
            return xml + "</style:style>"
        }
        var xml = Self.declaration + "<office:document-styles \(Self.namespaces)><office:font-face-decls>"
        xml += "<style:font-face style:name=\"Liberation Sans\" svg:font-family=\"'Liberation Sans'\" style:font-family-generic=\"swiss\"/></office:font-face-decls><office:styles>"
        xml += "<style:default-style style:family=\"paragraph\"><style:text-properties style:font-name=\"Liberation Sans\" fo:font-size=\"10.5pt\" "
        xml += "fo:language=\"\(language.rawValue)\" fo:country=\"\(country)\" fo:color=\"#1f2937\"/></style:default-style>"
        xml += paragraph("Standard", display: "Standard")
        xml += paragraph("Text_20_body", display: "Text body", parent: "Standard", paragraph: "fo:margin-top=\"0cm\" fo:margin-bottom=\"0.25cm\" fo:line-height=\"135%\"")
        xml += paragraph("Hint", display: "Hint", parent: "Text_20_body", text: "fo:font-size=\"9pt\" fo:color=\"#4b5563\"")
        xml += paragraph("Title", display: "Title", parent: "Standard", next: "Subtitle", paragraph: "fo:margin-bottom=\"0.3cm\"",
                         text: "fo:font-size=\"22pt\" fo:font-weight=\"bold\" fo:color=\"#154273\"")
        xml += paragraph("Subtitle", display: "Subtitle", parent: "Standard", next: "Text_20_body", paragraph: "fo:margin-bottom=\"0.6cm\"", text: "fo:font-size=\"13pt\"")
        xml += paragraph("Heading", display: "Heading", parent: "Standard", next: "Text_20_body", paragraph: "fo:margin-top=\"0.5cm\" fo:margin-bottom=\"0.2cm\" fo:keep-with-next=\"always\"",
                         text: "fo:font-weight=\"bold\" fo:color=\"#154273\"")
        xml += paragraph("Heading_20_1", display: "Heading 1", parent: "Heading", outline: 1, text: "fo:font-size=\"16pt\"")
        xml += paragraph("Heading_20_2", display: "Heading 2", parent: "Heading", outline: 2, text: "fo:font-size=\"12.5pt\"")
        xml += paragraph("Heading_20_3", display: "Heading 3", parent: "Heading", outline: 3, text: "fo:font-size=\"11pt\" fo:color=\"#1f2937\"")
        xml += paragraph("Table_20_Contents", display: "Table Contents", parent: "Standard", paragraph: "fo:padding=\"0.08cm\"")
        xml += paragraph("Table_20_Heading", display: "Table Heading", parent: "Table_20_Contents", text: "fo:font-weight=\"bold\"")
        xml += paragraph("Table_20_caption", display: "Table caption", parent: "Standard", paragraph: "fo:margin-top=\"0.3cm\" fo:margin-bottom=\"0.15cm\" fo:keep-with-next=\"always\"",
                         text: "fo:font-style=\"italic\"")
        xml += paragraph("Contents_20_Heading", display: "Contents Heading", parent: "Heading", text: "fo:font-size=\"16pt\"")
        xml += paragraph("Contents_20_1", display: "Contents 1", parent: "Standard", paragraph: "fo:margin-bottom=\"0.1cm\"")
        xml += paragraph("Footer", display: "Footer", parent: "Standard", paragraph: "fo:text-align=\"center\"", text: "fo:font-size=\"9pt\"")
        xml += "</office:styles><office:automatic-styles><style:page-layout style:name=\"A4\"><style:page-layout-properties fo:page-width=\"21cm\" "
        xml += "fo:page-height=\"29.7cm\" style:print-orientation=\"portrait\" fo:margin-top=\"2cm\" fo:margin-bottom=\"1.5cm\" fo:margin-left=\"2cm\" fo:margin-right=\"2cm\"/>"
        xml += "<style:footer-style><style:header-footer-properties fo:min-height=\"0.6cm\" fo:margin-top=\"0.4cm\"/></style:footer-style></style:page-layout>"
        xml += "</office:automatic-styles><office:master-styles><style:master-page style:name=\"Standard\" style:page-layout-name=\"A4\"><style:footer>"
        xml += "<text:p text:style-name=\"Footer\"><text:page-number text:select-page=\"current\">1</text:page-number><text:s/>/<text:s/><text:page-count>1</text:page-count></text:p>"
        xml += "</style:footer></style:master-page></office:master-styles></office:document-styles>"
        return xml
    }

    // MARK: Text

    /// Text for XML: the five markup characters escaped, characters XML does not allow dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Text inside a paragraph: escaped, a line break kept as one, a tab as one, runs of spaces kept.
    static func inline(_ text: String) -> String {
        escape(text.replacingOccurrences(of: "\r\n", with: "\n"))
            .replacingOccurrences(of: "\n", with: "<text:line-break/>")
            .replacingOccurrences(of: "\t", with: "<text:tab/>")
            .replacingOccurrences(of: "  ", with: " <text:s/>")
    }

    private static func cm(_ value: Double) -> String { String(format: "%.2fcm", value) }
}
