import Foundation
@testable import SteunpuntDomain
import SteunpuntTestSupport
import Testing

@Suite("Toolbox documents: content checks, ZIP and DEFLATE reading, text for the index")
struct DocumentTests {
    static let offering = Offering(id: UUID(), slug: OfferingSlug("handreiking")!, kind: .guide, title: "Handreiking", summary: "S", body: "",
                                   audiences: [.municipalities], needs: [], provider: OrganisationID("nctv")!, contact: "", status: .available,
                                   expectedOn: nil, visibility: .signedIn, createdAt: Date(), updatedAt: Date())

    func validate(_ name: String, _ bytes: [UInt8], limit: Int = 10_000, title: String? = nil, visibility: String? = nil) throws(DomainError) -> DocumentDraft.Valid {
        try DocumentDraft(title: title, visibility: visibility, file: UploadedFile(fileName: name, bytes: bytes))
            .validated(for: Self.offering, sizeLimit: limit)
    }

    @Test("DEFLATE: stored, fixed and dynamic blocks made by zlib come back byte for byte")
    func inflate() throws {
        #expect(try Inflate.decompress(DocumentFixtures.longDynamic[...], limit: 1 << 20) == DocumentFixtures.longText, "dynamic")
        #expect(try Inflate.decompress(DocumentFixtures.longStored[...], limit: 1 << 20) == DocumentFixtures.longText, "stored")
        #expect(try Inflate.decompress(DocumentFixtures.shortFixed[...], limit: 100) == DocumentFixtures.shortText)
        #expect(throws: Inflate.Failure.tooLarge) { try Inflate.decompress(DocumentFixtures.longDynamic[...], limit: 1000) }
        #expect(DocumentFixtures.longDynamic.count > 1000)
        #expect(throws: Inflate.Failure.invalid) { try Inflate.decompress(DocumentFixtures.longDynamic.prefix(1000), limit: 1 << 20) }
        #expect(throws: Inflate.Failure.invalid) { try Inflate.decompress([0xFF, 0xFF][...], limit: 100) }
    }

    @Test("formats are told by content: PDF, ODT, DOCX, text; executables, other archives and truncated PDFs are none")
    func detection() {
        #expect(DocumentFormat.detected(in: DocumentFixtures.pdf) == .pdf)
        #expect(DocumentFormat.detected(in: DocumentFixtures.odt) == .odt)
        #expect(DocumentFormat.detected(in: DocumentFixtures.docx) == .docx)
        #expect(DocumentFormat.detected(in: Array("Gewone tekst\r\nmet ë en tab\t.".utf8)) == .text)
        #expect(DocumentFormat.detected(in: DocumentFixtures.truncatedPDF) == nil)
        #expect(DocumentFormat.detected(in: DocumentFixtures.windowsExecutable) == nil)
        #expect(DocumentFormat.detected(in: DocumentFixtures.elfExecutable) == nil)
        #expect(DocumentFormat.detected(in: DocumentFixtures.otherZip) == nil)
        #expect(DocumentFormat.detected(in: [0x50, 0x4B, 0x03, 0x04, 0x00]) == nil)
        #expect(DocumentFormat.detected(in: [0xC3, 0x28]) == nil)
        #expect(DocumentFormat.announced(by: "Gids.PDF") == .pdf)
        #expect(DocumentFormat.announced(by: "notities.md") == .text)
        #expect(DocumentFormat.announced(by: "setup.exe") == nil)
    }

    @Test("the text of ODT and DOCX paragraphs, entities decoded, for the search index")
    func text() throws {
        let odt = try #require(DocumentText.extract(.odt, from: DocumentFixtures.odt))
        #expect(odt == "Titel\n" + DocumentFixtures.paragraphs.joined(separator: "\n") + "\nTab\ten spatie é€\n")
        let docx = try #require(DocumentText.extract(.docx, from: DocumentFixtures.docx))
        #expect(docx == DocumentFixtures.paragraphs.map { $0 + "\n" }.joined())
        #expect(DocumentText.extract(.text, from: Array("\u{FEFF}Hallo".utf8)) == "Hallo")
        #expect(DocumentText.extract(.pdf, from: DocumentFixtures.pdf) == nil)
        let archive = try ZipArchive(DocumentFixtures.docx)
        let entry = try #require(archive.entry("word/document.xml"))
        #expect(throws: ZipArchive.Failure.tooLarge) { try archive.read(entry, limit: 20) }
    }

    @Test("uploads are refused when empty, too large, of another type, or when the content does not match the name")
    func refusals() throws {
        func codes(_ name: String, _ bytes: [UInt8], limit: Int = 10_000) -> [String] {
            do { _ = try validate(name, bytes, limit: limit); return [] } catch { if case .invalid(let errors) = error { return errors.map(\.code) }; return ["?"] }
        }
        #expect(codes("gids.pdf", DocumentFixtures.windowsExecutable) == ["content_mismatch"])
        #expect(codes("gids.pdf", DocumentFixtures.elfExecutable) == ["content_mismatch"])
        #expect(codes("gids.odt", DocumentFixtures.docx) == ["content_mismatch"])
        #expect(codes("gids.docx", DocumentFixtures.otherZip) == ["content_mismatch"])
        #expect(codes("setup.exe", DocumentFixtures.windowsExecutable) == ["unsupported_file_type"])
        #expect(codes("gids.pdf", DocumentFixtures.pdf, limit: 20) == ["file_too_large"])
        #expect(codes("gids.pdf", []) == ["file_required"])
        #expect(throws: DomainError.invalid([FieldError(field: "bestand", code: "personal_identifier_bsn"), FieldError(field: "bestand", code: "personal_identifier_bsn"),
                                             FieldError(field: "titel", code: "personal_identifier_bsn")])) {
            _ = try validate("notitie 111222333.txt", Array("BSN 123456782 hoort hier niet".utf8))
        }
        #expect(throws: DomainError.invalid([FieldError(field: "bestand", code: "file_required"), FieldError(field: "titel", code: "required"),
                                             FieldError(field: "zichtbaarheid", code: "visibility_below_offering")])) {
            _ = try DocumentDraft(visibility: "openbaar", file: nil).validated(for: Self.offering, sizeLimit: 100)
        }
    }

    @Test("a valid upload keeps its cleaned name and format; the title defaults to the name, visibility to the offering's")
    func accepted() throws {
        let valid = try validate("C:\\Users\\x\\Handreiking \"2015\".odt", DocumentFixtures.odt)
        #expect(valid.fileName == "Handreiking 2015.odt")
        #expect(valid.title == "Handreiking 2015")
        #expect(valid.format == .odt)
        #expect(valid.visibility == .signedIn)
        #expect(valid.text?.contains("tienpuntenplan") == true)
        let unit = try validate("gids.pdf", DocumentFixtures.pdf, title: "De gids", visibility: "unit")
        #expect(unit.title == "De gids" && unit.visibility == .unitOnly && unit.text == nil)
        let long = DocumentDraft.cleanFileName(String(repeating: "a", count: 300) + ".docx")
        #expect(long.count == 120 && long.hasSuffix(".docx"))
        #expect(DocumentDraft.cleanFileName("../..") == "")
    }

    @Test("every text a document carries is checked: a DOCX's header, footnotes and comments, an ODT's footer, a text file past the index limit")
    func hiddenText() throws {
        for (name, bytes) in [("notitie.docx", DocumentFixtures.docxHidden), ("notitie.odt", DocumentFixtures.odtHidden),
                              ("notitie.txt", DocumentFixtures.textBSNAtTheEnd)] {
            #expect(throws: DomainError.invalid([FieldError(field: "bestand", code: "personal_identifier_bsn")]), "\(name)") {
                _ = try validate(name, bytes, limit: 1_000_000)
            }
        }
        #expect(DocumentFixtures.textBSNAtTheEnd.count > DocumentText.maximumCharacters, "the BSN stands past what the index keeps")
        #expect(DocumentText.extract(.docx, from: DocumentFixtures.docxHidden)?.contains("111") == false, "the index keeps the body only")
        let all = try #require(DocumentText.all(.docx, from: DocumentFixtures.docxHidden))
        #expect(all.contains("Dossier 111 222 333") && all.contains("Zie 111222333.") && all.contains("111-222-333"))
        #expect(DocumentText.isDocxText("word/header2.xml") && DocumentText.isDocxText("docProps/core.xml")
                && !DocumentText.isDocxText("word/theme/theme1.xml") && !DocumentText.isDocxText("word/media/image1.xml"))
    }

    @Test("a PDF's text is checked: plain and compressed content streams, strings split over operators, glyph codes through a ToUnicode map")
    func pdfText() throws {
        for (label, bytes) in [("plain", DocumentFixtures.pdfPlainBSN), ("split and compressed", DocumentFixtures.pdfSplitBSN),
                               ("CID font", DocumentFixtures.pdfCIDBSN)] {
            #expect(throws: DomainError.invalid([FieldError(field: "bestand", code: "personal_identifier_bsn")]), "\(label)") {
                _ = try validate("verslag.pdf", bytes)
            }
        }
        let split = PDFText.extract(DocumentFixtures.pdfSplitBSN)
        #expect(split.contains("111 222") && split.contains("(met haakjes)"), "\(split)")
        #expect(PDFText.extract(DocumentFixtures.pdfCIDBSN).contains("111 222 333"))
        let clean = try validate("verslag.pdf", DocumentFixtures.pdfClean)
        #expect(clean.format == .pdf)
        #expect(PDFText.extract(DocumentFixtures.pdfClean).contains("48 van de 49 sleutelfiguren"))
        // An image's bytes are no text, even when they happen to look like a string.
        let image = Array("%PDF-1.7\n5 0 obj << /Type /XObject /Subtype /Image /Length 13 >>\nstream\n(111222333) \nendstream\nendobj\n%%EOF\n".utf8)
        #expect(PDFText.extract(image).isEmpty)
    }
}
