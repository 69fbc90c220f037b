import Foundation
import SteunpuntStorage
import Testing

@Suite("Webhook signatures: the Standard Webhooks scheme")
struct WebhookSignatureTests {
    @Test("matches the scheme's published example; a receiver accepts it, refuses a changed body, another key or an old timestamp")
    func scheme() throws {
        // The example of the Standard Webhooks specification (and its reference libraries).
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let body = Data(#"{"test": 2432232314}"#.utf8)
        #expect(WebhookSignature.sign(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", body: body, secret: secret)
                == "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        let now = Date(timeIntervalSince1970: 1_614_265_330)
        let headers = Dictionary(uniqueKeysWithValues: WebhookSignature.headers(id: "evt", timestamp: now, body: body, secret: secret).map { ($0.name, $0.value) })
        #expect(headers["webhook-id"] == "evt" && headers["webhook-timestamp"] == "1614265330" && headers["webhook-signature"]?.hasPrefix("v1,") == true)
        let signature = try #require(headers["webhook-signature"])
        #expect(WebhookSignature.verify(id: "evt", timestamp: "1614265330", signatures: "v1,bm9wZQ== " + signature, body: body, secret: secret, now: now))
        #expect(!WebhookSignature.verify(id: "evt", timestamp: "1614265330", signatures: signature, body: Data("{}".utf8), secret: secret, now: now))
        #expect(!WebhookSignature.verify(id: "evt", timestamp: "1614265330", signatures: signature, body: body, secret: WebhookSignature.newSecret(), now: now))
        #expect(!WebhookSignature.verify(id: "evt", timestamp: "1614265330", signatures: signature, body: body, secret: secret, now: now.addingTimeInterval(301)))
        #expect(WebhookSignature.newSecret().hasPrefix("whsec_") && WebhookSignature.newSecret() != WebhookSignature.newSecret())
    }
}
