import Foundation
import SteunpuntDomain
import Testing

@Suite("Webhook events: the NL GOV profile for CloudEvents, minimal data; subscriptions checked as a whole")
struct WebhookEventTests {
    static let request = SupportRequest(
        id: UUID(uuidString: "3F2504E0-4F89-41D3-9A0C-0305E82C3301")!, number: "HV-2026-00004", title: "Spanning rond de moskee",
        description: "Vertrouwelijke uitleg over een persoon", requester: OrganisationID("GM0637")!, municipality: MunicipalityCode("GM0637")!,
        needs: [], channel: .vngDesk, urgency: .normal, preferredContact: "06-12345678", desk: .vngDesk, holder: .expertiseUnit,
        createdBy: UUID(), createdAt: Date(), updatedAt: Date(), firstResponseDue: Date(), resolutionDue: Date())

    @Test("the required attributes, a reverse-DNS type with one version, a urn:nld source, identifiers and dataref only")
    func attributes() throws {
        let time = Date(timeIntervalSince1970: 1_796_000_000.25)
        let event = try #require(WebhookEvent(kind: .referred, request: Self.request, id: UUID(uuidString: "A1B2C3D4-0000-4000-8000-000000000001")!,
                                              time: time, source: WebhookEvent.source(oin: "00000001234567890000"), api: "https://steunpunt.example/api/v1"))
        #expect(event.specversion == "1.0" && event.id == "a1b2c3d4-0000-4000-8000-000000000001")
        #expect(event.type == "nl.steunpunt.hulpvraag.doorverwezen.v1" && event.source == "urn:nld:oin:00000001234567890000:systeem:steunpunt")
        #expect(event.time == "2026-11-30T00:53:20.250Z" && event.subject == "HV-2026-00004" && event.datacontenttype == "application/json")
        #expect(event.dataref == "https://steunpunt.example/api/v1/hulpvragen/3f2504e0-4f89-41d3-9a0c-0305e82c3301")
        let json = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        for secret in ["Vertrouwelijke", "06-12345678", "Spanning rond de moskee"] { #expect(!json.contains(secret), "no contents: \(secret)") }
        #expect(WebhookEvent.source(oin: nil) == "urn:nld:steunpunt" && WebhookEvent.source(oin: "123") == "urn:nld:steunpunt")
        #expect(WebhookEvent(kind: .mailUndelivered, request: Self.request, id: UUID(), time: time, source: "urn:nld:steunpunt", api: "") == nil)
        let pattern = /^nl\.steunpunt\.hulpvraag\.[a-z-]+\.v1$/
        #expect(WebhookEvent.requestTypes.count == 12 && WebhookEvent.requestTypes.allSatisfy { $0.wholeMatch(of: pattern) != nil })
    }

    @Test("HTTPS only (plain HTTP where the operator allows it), no credentials in the URL, known types, every problem at once")
    func subscriptions() throws {
        let valid = try WebhookSubscriptionDraft(organisation: "GM0637", callback: "https://zaken.zoetermeer.example/hooks/steunpunt",
                                                 types: ["nl.steunpunt.hulpvraag.afgesloten.v1", "nl.steunpunt.hulpvraag.afgesloten.v1"],
                                                 municipalities: ["gm0637"], authorization: "Bearer abc").validated()
        #expect(valid.types == ["nl.steunpunt.hulpvraag.afgesloten.v1"] && valid.municipalities == [MunicipalityCode("GM0637")!] && valid.authorization == "Bearer abc")
        #expect(throws: DomainError.invalid([FieldError(field: "callbackUrl", code: "callback_not_https"), FieldError(field: "typen", code: "required")])) {
            _ = try WebhookSubscriptionDraft(organisation: "GM0637", callback: "http://zaken.example/hook", types: []).validated()
        }
        #expect(try WebhookSubscriptionDraft(organisation: "GM0637", callback: "http://127.0.0.1:9000/hook", types: WebhookEvent.requestTypes).validated(allowPlainHTTP: true).types.count == 12)
        #expect(throws: DomainError.invalid([FieldError(field: "callbackUrl", code: "credentials_in_url"), FieldError(field: "typen", code: "unknown_event_type"),
                                             FieldError(field: "gemeenten", code: "invalid_municipality_code"),
                                             FieldError(field: "authorization", code: "invalid_header_value")])) {
            _ = try WebhookSubscriptionDraft(organisation: "GM0637", callback: "https://zaken.example/hook?token=geheim", types: ["nl.steunpunt.iets.v1"],
                                             municipalities: ["Zoetermeer"], authorization: "Bearer a\r\nX-Evil: 1").validated()
        }
    }

    @Test("the organisation is required and must be an organisation's code, with every other problem")
    func organisation() {
        #expect(throws: DomainError.invalid([FieldError(field: "organisatie", code: "required"), FieldError(field: "typen", code: "required")])) {
            _ = try WebhookSubscriptionDraft(organisation: " ", callback: "https://zaken.example/hook", types: []).validated()
        }
        #expect(throws: DomainError.invalid([FieldError(field: "organisatie", code: "unknown_organisation")])) {
            _ = try WebhookSubscriptionDraft(organisation: "geen code!", callback: "https://zaken.example/hook", types: WebhookEvent.requestTypes).validated()
        }
    }

    @Test("the handshake event names only the subscription, in the profile's shape")
    func handshake() {
        let subscription = UUID(uuidString: "0BADC0DE-0000-4000-8000-000000000002")!
        let event = WebhookEvent.handshake(id: UUID(), subscription: subscription, time: Date(), source: "urn:nld:steunpunt", api: "https://s.example/api/v1")
        #expect(event.type == WebhookEvent.handshakeType && event.subject == "0badc0de-0000-4000-8000-000000000002")
        #expect(event.dataref == "https://s.example/api/v1/abonnementen/0badc0de-0000-4000-8000-000000000002" && event.data == ["abonnement": event.subject])
    }

    @Test("any 2xx is delivered, 410 ends, 429 waits for Retry-After (seconds or a date, at least the backoff, at most a day), others back off, then give up")
    func deliveryPolicy() {
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        typealias P = WebhookDeliveryPolicy
        for status in [200, 201, 202, 204, 299] { #expect(P.decide(.answered(status: status, retryAfter: nil), attempts: 3, now: now) == .delivered) }
        #expect(P.decide(.answered(status: 410, retryAfter: nil), attempts: 0, now: now) == .endSubscription)
        #expect(P.decide(.answered(status: 500, retryAfter: nil), attempts: 0, now: now) == .retry(at: now.addingTimeInterval(10)))
        #expect(P.decide(.answered(status: 301, retryAfter: nil), attempts: 1, now: now) == .retry(at: now.addingTimeInterval(60)), "a redirect is not followed")
        #expect(P.decide(.noAnswer("timeout"), attempts: 2, now: now) == .retry(at: now.addingTimeInterval(300)))
        #expect(P.decide(.answered(status: 429, retryAfter: "120"), attempts: 0, now: now) == .retry(at: now.addingTimeInterval(120)))
        #expect(P.decide(.answered(status: 429, retryAfter: "1"), attempts: 1, now: now) == .retry(at: now.addingTimeInterval(60)), "never sooner than the backoff")
        #expect(P.decide(.answered(status: 429, retryAfter: "9999999"), attempts: 0, now: now) == .retry(at: now.addingTimeInterval(24 * 3600)))
        // 1_796_000_000 is Mon, 30 Nov 2026 00:53:20 GMT; an hour later as an HTTP date.
        #expect(P.seconds("Mon, 30 Nov 2026 01:53:20 GMT", now: now) == 3600 && P.seconds("morgen", now: now) == nil)
        #expect(P.decide(.answered(status: 503, retryAfter: nil), attempts: P.backoff.count, now: now) == .giveUp)
        #expect(P.backoff.reduce(0, +) > 20 * 3600, "about a day of trying before giving up")
    }
}
