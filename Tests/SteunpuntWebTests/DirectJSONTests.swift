import Foundation
import Hummingbird
import SteunpuntDomain
import Testing
@testable import SteunpuntWeb

/// The shapes that write their own JSON (`DirectJSONEncodable`) against their `Encodable`
/// conformance, byte for byte: every member present and every optional absent, text that
/// needs escaping, and the list around them with and without its neighbouring pages. A
/// member added to a type and not to its `writeJSON` makes these fail.
@Suite("Shapes that write their own JSON write what their Encodable conformance writes")
struct DirectJSONTests {
    func viaEncodable(_ value: some Encodable) throws -> String {
        String(decoding: try StreamingJSONEncoder(direct: false).encode(value), as: UTF8.self)
    }

    func direct(_ value: some DirectJSONEncodable) throws -> String {
        String(decoding: try StreamingJSONEncoder().encode(value), as: UTF8.self)
    }

    func request(full: Bool, text: String) -> SupportRequest {
        let created = Date(timeIntervalSince1970: 1_774_745_999.75)
        return SupportRequest(
            id: UUID(), number: "2026-00042", title: "Titel \(text)", description: text, requester: OrganisationID("gemeente-zoetermeer")!,
            municipality: MunicipalityCode("GM0637")!, needs: full ? [NeedCode("training")!, NeedCode("advies")!] : [], channel: .vngDesk,
            urgency: .high, preferredContact: "mail \(text)", status: full ? .closed : .received, outcome: full ? .advised : nil,
            desk: .vngDesk, holder: .expertiseUnit, referredBy: full ? .vngDesk : nil, assignee: full ? UUID() : nil,
            statusBeforeWaiting: nil, createdBy: UUID(), createdAt: created, updatedAt: created.addingTimeInterval(3_600),
            firstResponseAt: full ? created.addingTimeInterval(86_400) : nil, closedAt: full ? created.addingTimeInterval(7 * 86_400) : nil,
            waitingSince: full ? created.addingTimeInterval(2 * 86_400) : nil, suspendedDays: 1,
            firstResponseDue: created.addingTimeInterval(3 * 86_400), resolutionDue: created.addingTimeInterval(20 * 86_400))
    }

    static let texts = ["gewoon", "", "aanhalingstekens \" en \\ en / schuin", "regels\nen\ttabs\r\u{0}\u{1F}", "café ‘quote’ – ĳ 🇳🇱"]

    @Test("a request, every member present or every optional absent, with text that needs escaping")
    func supportRequest() throws {
        for text in Self.texts {
            for full in [true, false] {
                let dto = SupportRequestDTO(request(full: full, text: text), requesterName: full ? "Gemeente \(text)" : nil,
                                            municipalityName: full ? "Zoetermeer \(text)" : nil, deadline: .overdue)
                let written = try direct(dto)
                #expect(written == (try viaEncodable(dto)))
                // Both ways left out what is absent, rather than writing nulls.
                #expect(written.contains("\"uitkomst\"") == full)
            }
        }
    }

    @Test("a page of requests, with and without previous and next pages, read by number and by key")
    func list() throws {
        let items = Self.texts.map { SupportRequestDTO(request(full: $0.count % 2 == 0, text: $0), deadline: .onTime) }
        let http = Request(head: .init(method: .get, scheme: "http", authority: "x", path: "/api/v1/hulpvragen?status=nieuw&zoek=a+b"),
                           body: .init(buffer: .init()))
        let pages = [
            Page(items: items, total: 5, request: PageRequest(number: 1, size: 20)),
            Page(items: items, total: 300, totalIsLowerBound: true, request: PageRequest(number: 2, size: 5), nextAfter: "c~41d9~ABC"),
            Page(items: items, total: 300, request: PageRequest(number: 3, size: 5)),
            Page(items: [SupportRequestDTO](), total: 0, request: PageRequest()),
        ]
        for page in pages {
            let response = ListResponse(page: page, request: http, items: page.items)
            let written = try direct(response)
            #expect(written == (try viaEncodable(response)))
            #expect(written.contains("\"prev\"") == page.hasPrevious)
            #expect(written.contains("\"next\"") == page.hasNext)
        }
    }
}
