import Foundation
import SteunpuntTestSupport

/// The real HTTP receiver of the webhook tests: `tests/webhooks/receiver.py`, which checks
/// every delivery as a subscriber would (the CloudEvents attributes, the Authorization
/// header, the signature) and answers what a receiver's plan says.
final class HTTPReceiver: @unchecked Sendable {
    private let peer: PythonPeer

    init() throws {
        peer = try PythonPeer(script: "tests/webhooks/receiver.py", name: "webhooks")
    }

    /// The callback URL of the receiver named `name`.
    func url(_ name: String) -> String { "http://127.0.0.1:\(peer.port)/\(name)/events" }

    /// What `name` answers next, one status per delivery ("500 429:7 410"); 204 after.
    func plan(_ name: String, _ statuses: String) throws {
        try statuses.write(to: peer.folder.appendingPathComponent("\(name).plan"), atomically: true, encoding: .utf8)
    }

    /// The Authorization value and signing secret `name` checks deliveries against.
    func expect(_ name: String, authorization: String?, secret: String?) throws {
        if let authorization { try authorization.write(to: peer.folder.appendingPathComponent("\(name).auth"), atomically: true, encoding: .utf8) }
        if let secret { try secret.write(to: peer.folder.appendingPathComponent("\(name).secret"), atomically: true, encoding: .utf8) }
    }

    struct Delivery: Decodable {
        let headers: [String: String]
        let event: Event?
        let status: Int
        let problems: [String]

        struct Event: Decodable {
            let id: String
            let type: String
            let subject: String
            let source: String
            let dataref: String
            let data: [String: String]
        }
    }

    /// What `name` received, in arrival order, once there are at least `count` (or after `seconds`).
    func received(_ name: String, atLeast count: Int = 0, seconds: Double = 10) async throws -> [Delivery] {
        let end = Date().addingTimeInterval(seconds)
        while true {
            let folder = peer.folder.appendingPathComponent(name)
            let files = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
                .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
            if files.count >= count || Date() > end {
                return try files.map { try JSONDecoder().decode(Delivery.self, from: Data(contentsOf: $0)) }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func stop() { peer.stop() }

    /// Runs `body` with a fresh receiver, stopping it afterwards.
    static func with<R>(_ body: (HTTPReceiver) async throws -> R) async throws -> R {
        // Starting the peer waits for its first line: off the cooperative threads.
        let receiver = try await offThePool { try HTTPReceiver() }
        defer { receiver.stop() }
        return try await body(receiver)
    }
}
