import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request whose head is over the decoder's limits with `431 Request Header
/// Fields Too Large` (RFC 6585), instead of a bare 400 or a dropped connection, and
/// closes the connection: what follows the oversized head cannot be read as HTTP.
final class HeaderLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    /// The largest single header field and the largest head, in bytes.
    static let maxFieldSize = 16 * 1024
    static let maxHeadSize = 32 * 1024

    private var answered = false

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError, parserError == .headerOverflow, !answered else {
            context.fireErrorCaught(error)
            return
        }
        answered = true
        let body = "Request header fields too large\n"
        let head = HTTPResponse(status: .init(code: 431, reasonPhrase: "Request Header Fields Too Large"),
                                headerFields: [.contentType: "text/plain; charset=utf-8", .contentLength: String(body.utf8.count), .connection: "close"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(string: body))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
