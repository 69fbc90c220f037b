import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HTTPTypes
import HummingbirdTesting
import NIOCore
@testable import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

/// The progress report as an OpenDocument Text file (issue 22, part 7): read back with the
/// domain's own ZIP reader (not the library that wrote it) and Foundation's XML parser, and
/// opened by LibreOffice, which turns it into a PDF whose text poppler's `pdftotext` reads.
@Suite("The progress report as an ODT file, and as PDF by LibreOffice")
struct ReportODTTests {
    /// The parts of an ODT file by name, read with the domain's bounds-checked ZIP reader.
    static func parts(_ bytes: [UInt8]) throws -> (names: [String], text: [String: String]) {
        let archive = try ZipArchive(bytes)
        var text: [String: String] = [:]
        for entry in archive.entries { text[entry.name] = String(decoding: try archive.read(entry, limit: 10_000_000), as: UTF8.self) }
        return (archive.entries.map(\.name), text)
    }

    static func wellFormed(_ xml: String) -> Bool { XMLParser(data: Data(xml.utf8)).parse() }

    @Test("""
        a published report's file: mimetype first and stored, every part well-formed XML, the manifest naming each picture, the report's words escaped \\
        (a title with & and <), a typed blank line two paragraphs, each measure and figure; the same bytes on every download and from the API; a draft's \\
        file for its readers only
        """, arguments: TestEngine.available)
    func file(engine: TestEngine) async throws {
        try await TestApp.with(engine, clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in  // 29 November 2026
            func caller(_ email: String, _ organisation: String, _ role: Role) async throws -> PlanAPITests.Caller {
                let user = try await TestApp.user(database, email: email, organisation: organisation, role: role)
                return PlanAPITests.Caller(client: client, auth: try await TestApp.bearer(database, user: user, scopes: [.read, .write]))
            }
            let unit = try await caller("carla@ess.example", "szw-ess", .unitCoordinator)
            let anouk = try await caller("anouk@nctv.example", "nctv", .nationalAnalyst)
            let bram = try await caller("bram@nctv.example", "nctv", .nationalAnalyst)
            #expect(try await unit.post("/maatregelen", #"{"nummer":"25","titel":"Expertise-unit <sociale> stabiliteit","status":"lopend","mijlpalen":[{"titel":"Start","datum":"2026-02-01","stand":"behaald","behaaldOp":"2026-02-01"}]}"#).status == .created)
            var headers: HTTPFields = [.authorization: unit.auth, .contentType: "application/json"]
            _ = try await client.executeRequest(uri: "/api/v1/maatregelen/25/voortgang/2026-K3", method: .put, headers: headers,
                                                body: ByteBuffer(string: #"{"tekst":"Eerste alinea.\n\nTweede alinea."}"#))
            #expect(try await anouk.post("/voortgangsrapportages", #"{"periode":"2026-K3","titel":"Rijk & gemeenten <samen>","inleiding":"Hierbij."}"#).status == .created)
            headers[.authorization] = anouk.auth
            _ = try await client.executeRequest(uri: "/api/v1/voortgangsrapportages/2026-K3/indiening", method: .post, headers: headers, body: ByteBuffer(string: "{}"))
            #expect(try await bram.post("/indicatoren/vaststellingen", #"{"periode":"2026-K3"}"#).status == .created)
            headers[.authorization] = bram.auth
            let published = try await client.executeRequest(uri: "/api/v1/voortgangsrapportages/2026-K3/publicatie", method: .post, headers: headers,
                                                            body: ByteBuffer(string: "{}"))
            #expect(published.status == .ok)

            var visitor = Browser(client)
            let download = try await visitor.get("/voortgangsrapportages/2026-K3/rapportage.odt")
            let bytes = Array(buffer: download.body)
            #expect(download.status == .ok && download.headers[.contentType] == "application/vnd.oasis.opendocument.text"
                    && download.headers[.contentDisposition] == "attachment; filename=\"voortgangsrapportage-2026-K3.odt\"")
            // The first entry is `mimetype`, stored, its content right after its 38-byte header: how readers know the kind of file.
            #expect(Array(bytes[30..<38]) == Array("mimetype".utf8) && Array(bytes[38..<77]) == Array("application/vnd.oasis.opendocument.text".utf8))
            let (names, text) = try Self.parts(bytes)
            #expect(names.first == "mimetype" && ["META-INF/manifest.xml", "meta.xml", "styles.xml", "content.xml"].allSatisfy(names.contains), "\(names)")
            for name in names where name.hasSuffix(".xml") || name.hasSuffix(".svg") { #expect(Self.wellFormed(text[name] ?? ""), "\(name) is well-formed XML") }
            let manifest = text["META-INF/manifest.xml"] ?? ""
            for picture in names where picture.hasPrefix("Pictures/") { #expect(manifest.contains("manifest:full-path=\"\(picture)\"")) }
            let content = text["content.xml"] ?? ""
            #expect(content.contains("Rijk &amp; gemeenten &lt;samen&gt;") && !content.contains("Rijk & gemeenten"))
            #expect(content.contains("Maatregel 25: Expertise-unit &lt;sociale&gt; stabiliteit")
                    && content.contains(">Eerste alinea.</text:p><text:p text:style-name=\"Text_20_body\">Tweede alinea.</text:p>"))
            #expect(content.contains("Gemeenten geadviseerd: 0") && content.contains("Bijlage: overzicht van maatregelen en acties"))
            let sha = try #require((try published.json())["sha256"] as? String)
            #expect(content.contains(sha), "the file names the SHA-256 of the published report")
            #expect((text["meta.xml"] ?? "").contains("<dc:title>Rijk &amp; gemeenten &lt;samen&gt;</dc:title>"))

            #expect(Array(buffer: try await visitor.get("/voortgangsrapportages/2026-K3/rapportage.odt").body) == bytes, "the same bytes on every download")
            let api = try await client.executeRequest(uri: "/api/v1/voortgangsrapportages/2026-K3", method: .get,
                                                      headers: [.authorization: unit.auth, .accept: "application/vnd.oasis.opendocument.text"], body: nil)
            #expect(api.status == .ok && Array(buffer: api.body) == bytes, "the API gives the same file")
            #expect(try await visitor.get("/voortgangsrapportages/2026-K2/rapportage.odt").status == .notFound)

            // A draft: its readers, composed now.
            #expect(try await anouk.post("/voortgangsrapportages", #"{"periode":"2026-K4","titel":"Derde","inleiding":"Concept."}"#).status == .created)
            let signedOut = try await visitor.get("/programma/rapportages/2026-K4/rapportage.odt")
            #expect(signedOut.status == .found && signedOut.headers[.location]?.hasPrefix("/inloggen?terug=") == true, "a draft's file: signed in only")
            var reader = Browser(client)
            try await reader.signIn("carla@ess.example")
            let draft = try await reader.get("/programma/rapportages/2026-K4/rapportage.odt")
            let draftContent = try Self.parts(Array(buffer: draft.body)).text["content.xml"] ?? ""
            #expect(draft.status == .ok && draftContent.contains("Concept. Samengesteld uit de gegevens op"))
        }
    }

    static let soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/lib/libreoffice/program/soffice"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let pdftotext = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first { FileManager.default.isExecutableFile(atPath: $0) }

    struct ToolMissing: Error, CustomStringConvertible {
        let tool: String
        var description: String { "\(tool) is not installed (apt-get install libreoffice-writer-nogui poppler-utils); scripts/test installs it" }
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = directory.path
        let result = try ChildProcess.run(tool, arguments, environment: environment, directory: directory.path, error: .output)
        return (result.status, String(decoding: result.output, as: UTF8.self))
    }

    @Test("LibreOffice opens the file and turns it into a PDF of A4 pages that holds the report's words, its figures, its annex and page numbers")
    func pdf() async throws {
        guard let soffice = Self.soffice else { throw ToolMissing(tool: "LibreOffice (soffice)") }
        guard let pdftotext = Self.pdftotext else { throw ToolMissing(tool: "pdftotext") }
        let at = Date(timeIntervalSince1970: 1_796_000_000)
        let figure = ReportSnapshot.Figure(
            code: "gemeenten-geadviseerd", definitionVersion: 1, aggregate: "units", breakdown: "provincie", period: "2026-K3", value: 12, restsOn: 31,
            readAt: at, closed: true,
            cells: [.init(key: "Zuid-Holland", label: nil, value: 7), .init(key: "Noord-Holland", label: nil, value: 5), .init(key: "Zeeland", label: nil, value: nil)], target: 48)
        let snapshot = ReportSnapshot(
            period: "2026-K3", title: "Tweede voortgangsrapportage", introduction: "Gemeenten hebben de regie.\n\nHet Rijk ondersteunt.", composedAt: at,
            sections: [.init(number: "25", title: "Expertise-unit Sociale Stabiliteit", status: "lopend", owner: "Expertise-unit", milestonesReached: 1,
                             milestonesTotal: 1, milestones: [.init(title: "Quickscan uitgezet", dueOn: "2026-09-01", state: "behaald", reachedOn: "2026-08-28")],
                             progress: "Een aantal gemeenten is geadviseerd.", figures: [figure])],
            annex: [.init(number: "25", title: "Expertise-unit Sociale Stabiliteit", status: "lopend", owner: "Expertise-unit", ministry: "SZW",
                          startsOn: "2026-02-01", endsOn: "", milestonesReached: 1, milestonesTotal: 1)])
        let report = ProgressReport(period: PlanQuarter("2026-K3")!, title: snapshot.title, introduction: snapshot.introduction, status: .published, version: 4,
                                    updatedBy: UUID(), updatedAt: at, publishedBy: UUID(), publishedAt: at, sha256: String(repeating: "ab", count: 32))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("odt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try ReportODT.document(snapshot, report: report, .shippedDutch).write(to: directory.appendingPathComponent("rapportage.odt"))

        // A profile of its own: conversions running side by side do not share one.
        // LibreOffice takes seconds: run it off the cooperative threads.
        let converted = try await offThePool {
            try Self.run(soffice, ["-env:UserInstallation=file://\(directory.path)/profiel", "--headless", "--convert-to", "pdf",
                                   "--outdir", directory.path, "rapportage.odt"], in: directory)
        }
        let pdf = directory.appendingPathComponent("rapportage.pdf")
        let pdfBytes = (try? Data(contentsOf: pdf)) ?? Data()
        #expect(converted.status == 0 && pdfBytes.starts(with: Array("%PDF-".utf8)), "\(converted.output)")
        let text = try Self.run(pdftotext, ["-layout", "rapportage.pdf", "-"], in: directory).output
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("Tweede voortgangsrapportage") && words.contains("Voortgangsrapportage 3e kwartaal 2026"), "\(words.prefix(300))")
        #expect(words.contains("Het Rijk ondersteunt.") && words.contains("Maatregel 25: Expertise-unit Sociale Stabiliteit")
                && words.contains("Een aantal gemeenten is geadviseerd."))
        #expect(words.contains("Gemeenten geadviseerd: 12 (streefwaarde 48)") && words.contains("Zuid-Holland 7") && words.contains("Quickscan uitgezet"),
                "\(words)")
        #expect(words.contains("Bijlage: overzicht van maatregelen en acties") && words.contains(String(repeating: "ab", count: 32)))
        let pages = text.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.count
        // The footer's "1 / 4" (pdftotext does not see the narrow spaces around the slash).
        let footers = text.components(separatedBy: "\u{0C}").compactMap { page in
            page.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?.replacingOccurrences(of: " ", with: "")
        }
        #expect(pages >= 3 && footers.prefix(pages) == ArraySlice((1...pages).map { "\($0)/\(pages)" }), "a page number and the count on each page: \(footers)")
        let info = try Self.run("/usr/bin/pdfinfo", ["rapportage.pdf"], in: directory).output
        #expect(info.contains("(A4)"), "A4: \(info)")
    }
}
