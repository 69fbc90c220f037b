import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import Logging
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

/// A plain TCP connection to the server under test, for what an HTTP client library would
/// not send: half a request head, a head over the limit, a connection left idle.
final class RawConnection: @unchecked Sendable {  // one test uses each; the socket is only read and written
    let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(socket) }

    func send(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.send(socket, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
    }

    /// What arrives within `seconds`; empty when the server closed the connection; nil when
    /// nothing came. The wait blocks a dispatch thread, never one of the few threads Swift's
    /// tasks share (the server under test answers on those).
    func receive(within seconds: Int) async -> String? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: self.blockingReceive(within: seconds)) }
        }
    }

    /// Whether the server closes the connection within `seconds`, whatever it sends before.
    func closes(within seconds: Int) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            switch await receive(within: 1) {
            case "": return true
            default: continue
            }
        }
        return false
    }

    private func blockingReceive(within seconds: Int) -> String? {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(socket, &buffer, buffer.count, 0)
        if count < 0 { return nil }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
    }
}

@Suite("Connections: idle and slow ones are closed, a head over the limit is 431, the connection limit holds and is logged")
struct ConnectionLimitsTests {
    /// Runs the server as `serve` does (on 127.0.0.1, a port the system picks), for `body`.
    static func withServer(idle: Duration = .seconds(30), maxConnections: Int = 512, capture: LogCapture? = nil,
                           _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await TestDatabase.with(.sqlite) { database, url async throws in
            var configuration = try TestApp.configuration(url)
            configuration.port = 0
            configuration.idleTimeout = idle
            configuration.maxConnections = maxConnections
            let logger = capture.map { capture in Logger(label: "capture") { _ in LogCapture.Handler(capture: capture) } } ?? TestDatabase.logger
            let port = Shared<Int?>(nil)
            let app = try await buildApplication(AppEnvironment(configuration: configuration, database: database, logger: logger)) { channel in
                port.update { $0 = channel.localAddress?.port }
            }
            let server = Task { try await app.runService(gracefulShutdownSignals: []) }
            defer { server.cancel() }
            let deadline = ContinuousClock.now + .seconds(20)
            while port.get() == nil && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            try await body(try #require(port.get()))
            server.cancel()
            _ = await server.result
        }
    }

    @Test("a request head over 32 KiB is answered 431 and the connection closed")
    func oversizedHead() async throws {
        try await Self.withServer { port in
            let connection = try RawConnection(port: port)
            connection.send("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Groot: \(String(repeating: "a", count: 40_000))\r\n\r\n")
            let answer = await connection.receive(within: 5) ?? ""
            #expect(answer.hasPrefix("HTTP/1.1 431"), "\(answer.prefix(60))")
            let ordinary = try RawConnection(port: port)
            ordinary.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await ordinary.receive(within: 5)?.hasPrefix("HTTP/1.1 200") == true, "other clients are served")
        }
    }

    @Test("a connection that sends half a head, or nothing after its answer, is closed after the idle timeout")
    func idleAndSlow() async throws {
        try await Self.withServer(idle: .seconds(1)) { port in
            let slow = try RawConnection(port: port)
            slow.send("GET /health/live HTTP/1.1\r\nHost: x\r\n")
            let start = ContinuousClock.now
            #expect(await slow.receive(within: 5) == "", "closed, not answered")
            #expect(ContinuousClock.now - start < .seconds(4))
            let idle = try RawConnection(port: port)
            idle.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await idle.receive(within: 5)?.hasPrefix("HTTP/1.1 200") == true)
            #expect(await idle.closes(within: 6), "the kept-alive connection is closed once idle")
        }
    }

    @Test("past the connection limit a new client waits until a connection closes, and reaching the limit is logged")
    func limit() async throws {
        let capture = LogCapture()
        try await Self.withServer(idle: .seconds(1), maxConnections: 4, capture: capture) { port in
            let held = try (0..<4).map { _ in try RawConnection(port: port) }
            try await Task.sleep(for: .milliseconds(300))
            let waiting = try RawConnection(port: port)
            waiting.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n")
            let start = ContinuousClock.now
            #expect(await waiting.receive(within: 6)?.hasPrefix("HTTP/1.1 200") == true, "served once the idle ones are closed")
            #expect(ContinuousClock.now - start > .milliseconds(300), "it waited for a free connection")
            _ = held
        }
        #expect(capture.lines.withLock { $0 }.contains { $0.hasPrefix("connection limit reached") })
    }
}
