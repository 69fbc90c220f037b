import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Why a message was not handed over. `isPermanent` failures (a 5xx answer) are not retried.
public enum SMTPError: Error, Equatable, CustomStringConvertible {
    /// The server answered `code` where the client expected something else, at `stage`.
    case rejected(stage: String, code: Int, text: String)
    /// The connection closed, or an answer could not be read.
    case connectionLost(stage: String)
    case timedOut
    /// The message cannot be sent as given (an address SMTP cannot carry).
    case invalidMessage(String)

    public var isPermanent: Bool {
        switch self {
        case .rejected(_, let code, _): code >= 500
        case .invalidMessage: true
        case .connectionLost, .timedOut: false
        }
    }

    public var description: String {
        switch self {
        case .rejected(let stage, let code, let text): "the mail server refused \(stage): \(code) \(text)"
        case .connectionLost(let stage): "the connection to the mail server was lost at \(stage)"
        case .timedOut: "the mail server did not answer in time"
        case .invalidMessage(let reason): "the message cannot be sent: \(reason)"
        }
    }
}

/// A small SMTP client (RFC 5321) over SwiftNIO: one connection per message, `EHLO`,
/// optional `AUTH PLAIN` (only over TLS or to localhost, see `SMTPConfiguration`),
/// `MAIL FROM`, `RCPT TO`, `DATA`, `QUIT`. Enough for handing messages to a relay.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    let group: any EventLoopGroup
    let timeout: Duration

    public init(configuration: SMTPConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, timeout: Duration = .seconds(30)) {
        self.configuration = configuration
        self.group = group
        self.timeout = timeout
    }

    /// Hands `message` to the server; returns when the server has accepted it (250 after DATA).
    public func send(_ message: MailMessage, date: Date, messageID: String) async throws {
        guard MailMessage.isTransportable(message.from), MailMessage.isTransportable(message.to) else {
            throw SMTPError.invalidMessage("a sender or recipient address SMTP cannot carry")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await deliver(message, date: date, messageID: messageID) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw SMTPError.timedOut
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func deliver(_ message: MailMessage, date: Date, messageID: String) async throws {
        let configuration = self.configuration
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .connect(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if configuration.security == .tls {
                        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                        let isAddress = (try? SocketAddress(ipAddress: configuration.host, port: 0)) != nil
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : configuration.host))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var session = Conversation(replies: ReplyReader(inbound.makeAsyncIterator()), outbound: outbound)
            try await session.expect(220, stage: "greeting")
            try await session.command("EHLO \(configuration.heloName)", expect: 250, stage: "EHLO")
            if let user = configuration.username {
                let token = Data(([0] + Array(user.utf8) + [0] + Array((configuration.password ?? "").utf8))).base64EncodedString()
                try await session.command("AUTH PLAIN \(token)", expect: 235, stage: "AUTH")
            }
            try await session.command("MAIL FROM:<\(message.from)>", expect: 250, stage: "MAIL FROM")
            try await session.command("RCPT TO:<\(message.to)>", expect: 250, stage: "RCPT TO", alsoAccept: [251])
            try await session.command("DATA", expect: 354, stage: "DATA")
            let text = message.rendered(date: date, messageID: messageID)
            // Dot-stuffing (RFC 5321 4.5.2): a line starting with "." gets one more.
            let stuffed = text.split(separator: "\r\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
            try await session.command(stuffed + (stuffed.hasSuffix("\r\n") ? "" : "\r\n") + ".", expect: 250, stage: "message")
            try? await session.command("QUIT", expect: 221, stage: "QUIT")
        }
    }
}

/// One SMTP exchange: write a line, read the (possibly multi-line) reply.
private struct Conversation {
    var replies: ReplyReader
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    mutating func command(_ line: String, expect code: Int, stage: String, alsoAccept: Set<Int> = []) async throws {
        try await outbound.write(ByteBuffer(string: line + "\r\n"))
        try await expect(code, stage: stage, alsoAccept: alsoAccept)
    }

    mutating func expect(_ code: Int, stage: String, alsoAccept: Set<Int> = []) async throws {
        let (answer, text) = try await replies.next(stage: stage)
        guard answer == code || alsoAccept.contains(answer) else { throw SMTPError.rejected(stage: stage, code: answer, text: text) }
    }
}

/// Reads replies: lines `ddd-text` continue, `ddd text` ends a reply.
private struct ReplyReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = ""

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

    mutating func next(stage: String) async throws -> (Int, String) {
        var texts: [String] = []
        while true {
            let line = try await nextLine(stage: stage)
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw SMTPError.connectionLost(stage: stage) }
            texts.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] != "-" { return (code, texts.joined(separator: " ")) }
        }
    }

    private mutating func nextLine(stage: String) async throws -> String {
        while true {
            if let end = pending.range(of: "\r\n") ?? pending.range(of: "\n") {
                let line = String(pending[..<end.lowerBound])
                pending.removeSubrange(..<end.upperBound)
                return line
            }
            guard pending.utf8.count < 64 * 1024, var buffer = try await iterator.next() else { throw SMTPError.connectionLost(stage: stage) }
            pending += buffer.readString(length: buffer.readableBytes) ?? ""
        }
    }
}
