import Foundation
import SteunpuntStorage
import SteunpuntTestSupport

/// A real peer of the tests, written in Python, in a subprocess: it is given a folder of
/// its own, says `ready PORT` once it listens, and ends when its standard input closes.
final class PythonPeer: @unchecked Sendable {
    let port: Int
    let folder: URL
    private let process: ChildProcess

    /// Starts `script` (a path from the repository's root) with a fresh folder.
    init(script: String, name: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("steunpunt-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process = try ChildProcess("/usr/bin/env", ["python3", root.appendingPathComponent(script).path, folder.path], input: .pipe, output: .pipe,
                                   error: .inherit)
        var line = ""
        while !line.contains("\n") {
            let data = process.output.map(ChildProcess.readSome) ?? Data()
            if data.isEmpty {
                process.terminate()
                throw PeerError("\(script) did not start (are its packages installed? scripts/install-test-deps)")
            }
            line += String(decoding: data, as: UTF8.self)
        }
        guard line.hasPrefix("ready "), let port = Int(line.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw PeerError("\(script) said: \(line)")
        }
        self.port = port
    }

    func stop() {
        process.close(process.input)
        process.terminate()
        process.wait()
        try? FileManager.default.removeItem(at: folder)
    }

    struct PeerError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// The real SMTP peer of the mail tests: `tests/smtp/sink.py` (aiosmtpd), storing what it
/// accepts as files in a folder of its own.
final class SMTPSink: @unchecked Sendable {
    private let peer: PythonPeer
    var port: Int { peer.port }
    var folder: URL { peer.folder }

    init() throws {
        peer = try PythonPeer(script: "tests/smtp/sink.py", name: "smtp")
    }

    /// The messages received, once there are at least `count` (or after `seconds`): the
    /// application's own sender may be handing a message over at the same moment.
    func messages(atLeast count: Int, seconds: Double = 10) async throws -> [String] {
        let end = Date().addingTimeInterval(seconds)
        while true {
            let received = try messages()
            if received.count >= count || Date() > end { return received }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The messages received so far, as raw text, oldest first.
    func messages() throws -> [String] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.creationDateKey])
            .filter { $0.pathExtension == "eml" }
            .sorted { ((try? $0.resourceValues(forKeys: [.creationDateKey]).creationDate) ?? .distantPast) < ((try? $1.resourceValues(forKeys: [.creationDateKey]).creationDate) ?? .distantPast) }
            .map { try String(contentsOf: $0, encoding: .utf8) }
    }

    func stop() { peer.stop() }

    /// Runs `body` with a fresh sink, stopping it afterwards.
    static func with<R>(_ body: (SMTPSink) async throws -> R) async throws -> R {
        // Starting the peer waits for its first line: off the cooperative threads.
        let sink = try await offThePool { try SMTPSink() }
        defer { sink.stop() }
        return try await body(sink)
    }
}

/// A received message: headers and the decoded (base64) body.
struct ReceivedMail {
    let headers: [String: String]
    let body: String

    init(_ raw: String) {
        let parts = raw.components(separatedBy: "\r\n\r\n")
        var headers: [String: String] = [:]
        for line in parts[0].components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        self.headers = headers
        let encoded = parts.dropFirst().joined(separator: "\r\n\r\n").filter { !$0.isWhitespace }
        body = Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
