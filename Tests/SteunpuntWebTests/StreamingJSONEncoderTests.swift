import Foundation
import SteunpuntDomain
import Testing
@testable import SteunpuntWeb

/// The API's JSON writer against Foundation's `JSONEncoder` (ISO 8601 dates, slashes not
/// escaped): the same bytes where order is fixed (arrays, scalars, sorted dictionaries),
/// the same JSON where only member order may differ.
@Suite("The streaming JSON encoder writes what JSONEncoder writes")
struct StreamingJSONEncoderTests {
    func foundation(_ value: some Encodable, sorted: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = sorted ? [.sortedKeys, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func streamed(_ value: some Encodable) throws -> String {
        String(decoding: try StreamingJSONEncoder().encode(value), as: UTF8.self)
    }

    /// Both parsed and written again with sorted keys, so member order does not matter.
    func sameJSON(_ value: some Encodable) throws -> Bool {
        func normalised(_ text: String) throws -> Data {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        }
        return try normalised(streamed(value)) == normalised(foundation(value))
    }

    @Test("every ASCII character, escapes, slashes and non-ASCII text, byte for byte")
    func strings() throws {
        let ascii = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        let texts = ascii + ["", "Zoetermeer/Den Haag", "café ‘quote’ “dubbel” – ĳ", "🇳🇱 emoji 👩‍👩‍👧", "tab\tnew\nline\r\u{0}\u{1F}\u{7F}", "\"\\\"\\"]
        #expect(try streamed(texts) == foundation(texts))
    }

    @Test("numbers of every kind, byte for byte")
    func numbers() throws {
        let doubles: [Double] = [0, -0.0, 1, -1, 0.1, 1.5, 2.25, 1e20, 1e21, 1e-7, 123_456_789.125, .pi, 2.5e300, -7.75, 100]
        #expect(try streamed(doubles) == foundation(doubles))
        let floats: [Float] = [0, 1, 0.1, 1.5, 3.25e10, -2]
        #expect(try streamed(floats) == foundation(floats))
        let integers: [Int] = [0, 1, -1, Int.max, Int.min, 342]
        #expect(try streamed(integers) == foundation(integers))
        #expect(try streamed([Int8.min, 0, Int8.max]) == foundation([Int8.min, 0, Int8.max]))
        #expect(try streamed([UInt64.max, 0]) == foundation([UInt64.max, 0]))
        #expect(try streamed([Int32.min]) == foundation([Int32.min]))
        #expect(try streamed([Decimal(string: "12.50")!, Decimal(3)]) == foundation([Decimal(string: "12.50")!, Decimal(3)]))
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode([Double.infinity]) }
    }

    @Test("dates as ISO 8601 in UTC, whole seconds, byte for byte, fractions and summer time included")
    func dates() throws {
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_774_746_000), Date(timeIntervalSince1970: 1_774_745_999.999),
                     Date(timeIntervalSince1970: 4_102_444_800), Date(timeIntervalSince1970: 951_782_400), Date(timeIntervalSince1970: 1_798_761_599.5)]
        var state: UInt64 = 42
        for _ in 0..<500 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            dates.append(Date(timeIntervalSince1970: Double(state % 4_102_444_800) + Double(state % 1000) / 1000))
        }
        #expect(try streamed(dates) == foundation(dates))
    }

    @Test("the values JSONEncoder writes itself: optional, UUID, URL, Data, booleans")
    func specialValues() throws {
        let uuid = UUID()
        #expect(try streamed([uuid]) == foundation([uuid]))
        let urls = [URL(string: "https://steunpunt.example/api/v1/hulpvragen?pagina=2")!]
        #expect(try streamed(urls) == foundation(urls))
        let data = [Data([0, 1, 2, 250, 255]), Data()]
        #expect(try streamed(data) == foundation(data))
        let optionals: [String?] = ["a", nil, "b"]
        #expect(try streamed(optionals) == foundation(optionals))
        #expect(try streamed([true, false]) == foundation([true, false]))
        #expect(try streamed("alleen") == foundation("alleen"))
        #expect(try streamed([[Int]]()) == foundation([[Int]]()))
        #expect(try streamed([[1, 2], [], [3]]) == foundation([[1, 2], [], [3]]))
    }

    @Test("a dictionary's keys sorted, byte for byte, whatever the hash order")
    func dictionaries() throws {
        let dictionary = Dictionary(uniqueKeysWithValues: (0..<40).map { ("sleutel\($0)", $0) })
        #expect(try streamed(dictionary) == foundation(dictionary))
        let nested: [String: [String: [Int]]] = ["b": ["y": [1], "x": []], "a": [:]]
        #expect(try streamed(nested) == foundation(nested))
    }

    struct Sorted: Encodable {
        let a: Int
        let b: String?
        let c: [Sorted]
        let d: Date
    }

    @Test("a structure whose members are declared in sorted order, byte for byte; nil members left out")
    func sortedStructure() throws {
        let date = Date(timeIntervalSince1970: 1_764_771_078)
        let value = Sorted(a: 1, b: nil, c: [Sorted(a: 2, b: "twee", c: [], d: date), Sorted(a: 3, b: nil, c: [], d: date)], d: date)
        #expect(try streamed(value) == foundation(value))
    }

    /// Nested containers, a super encoder, a container asked for twice and a value that
    /// encodes nothing: the paths synthesized code does not take.
    final class Handwritten: Encodable {
        enum Keys: String, CodingKey { case kop, lijst, genest, ouder, leeg, laatste }
        struct Nothing: Encodable { func encode(to encoder: any Encoder) throws {} }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode("kop", forKey: .kop)
            var list = container.nestedUnkeyedContainer(forKey: .lijst)
            try list.encode(1)
            var inner = list.nestedContainer(keyedBy: Keys.self)
            try inner.encode(true, forKey: .kop)
            try list.encodeNil()
            var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .genest)
            try nested.encode([1.5, 2], forKey: .lijst)
            try nested.encodeNil(forKey: .leeg)
            try Sorted(a: 9, b: "x", c: [], d: Date(timeIntervalSince1970: 0)).encode(to: container.superEncoder(forKey: .ouder))
            try container.encode(Nothing(), forKey: .leeg)
            var again = encoder.container(keyedBy: Keys.self)
            try again.encode(UInt8(7), forKey: .laatste)
        }
    }

    @Test("hand-written encoders: nested containers, a super encoder, a container asked for twice, an empty value")
    func handwritten() throws {
        #expect(try sameJSON(Handwritten()))
        #expect(try sameJSON([Handwritten(), Handwritten()]))
        #expect(try streamed(Handwritten()).hasPrefix("{\"kop\":\"kop\",\"lijst\":[1,{\"kop\":true},null],\"genest\":{"))
    }

    @Test("the API's own shapes: a support request, a problem with every invalid parameter")
    func apiShapes() throws {
        let calendar = DutchCalendar()
        let created = Date(timeIntervalSince1970: 1_764_771_078.25)
        let request = SupportRequest(id: UUID(), number: "HV-2026-00001", title: "Brede aanpak \"nu\"", description: "Hoe beginnen we?\nRegel twee / drie",
                                     requester: OrganisationID("gm0637")!, municipality: MunicipalityCode("GM0637")!, needs: [.preventiveApproach],
                                     channel: .vngDesk, urgency: .normal, preferredContact: "", desk: .vngDesk, holder: .vngDesk, createdBy: UUID(),
                                     createdAt: created, updatedAt: created, firstResponseDue: calendar.addingWorkingDays(3, to: created),
                                     resolutionDue: calendar.addingWorkingDays(10, to: created))
        let dto = SupportRequestDTO(request, requesterName: "Gemeente Zoetermeer", municipalityName: nil, deadline: .onTime)
        #expect(try sameJSON(dto))
        #expect(try sameJSON([dto, dto]))
        let problem = Problem(title: "Ongeldige invoer", status: 400, detail: nil, instance: "/api/v1/hulpvragen", code: "invalid",
                              invalidParams: [.init(name: "titel", code: "required", reason: "Vul een titel in.")])
        #expect(try sameJSON(problem))
    }
}
