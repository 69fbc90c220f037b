import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SteunpuntDomain
import SteunpuntStorage

/// Sends one event to one receiver over HTTP(S): `POST` with the CloudEvents body
/// (`application/cloudevents+json`, structured mode), the subscription's `Authorization`
/// value and the three signature headers (`WebhookSignature`). Redirects are never
/// followed (a callback is the address an administrator registered, nothing else); the
/// answer's body is read and dropped, never stored.
package struct WebhookTransport: Sendable {
    /// How long one attempt may take in all (connecting, sending, the answer).
    package static let timeout: TimeAmount = .seconds(10)
    package static let contentType = "application/cloudevents+json"

    /// One client for the process: a pool of connections per receiver, never shut down.
    private static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                timeout: .init(connect: .seconds(5), read: timeout),
                                                decompression: .disabled))

    package init() {}

    /// The event as sent: JSON with sorted keys, the same text on every attempt.
    package static func body(of event: WebhookEvent) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(event)
    }

    /// Posts `event` to `callback` and says how it ended (never throws: a failure is an outcome).
    package func send(_ event: WebhookEvent, to callback: URL, authorization: String?, secret: String, at now: Date) async -> WebhookDeliveryPolicy.Outcome {
        do {
            let body = try Self.body(of: event)
            var request = HTTPClientRequest(url: callback.absoluteString)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: Self.contentType)
            request.headers.add(name: "User-Agent", value: "Steunpunt-Webhooks/1")
            if let authorization { request.headers.add(name: "Authorization", value: authorization) }
            for header in WebhookSignature.headers(id: event.id, timestamp: now, body: body, secret: secret) {
                request.headers.add(name: header.name, value: header.value)
            }
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await Self.client.execute(request, timeout: Self.timeout)
            // Read what the receiver says, up to a limit, and let it go: the connection is reused.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return .answered(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"))
        } catch {
            return .noAnswer(Self.describe(error))
        }
    }

    /// A short, stable description of a failure to reach a receiver (kept in the delivery log).
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "timeout"
            case .remoteConnectionClosed: return "connection closed"
            default: return String(describing: error)
            }
        }
        return String(describing: error)
    }
}
