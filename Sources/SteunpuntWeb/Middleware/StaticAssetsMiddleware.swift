import Crypto
import Foundation
import Hummingbird

/// Serves the few static files (`Resources/public/static`) from memory, before any
/// session lookup, with an ETag so browsers revalidate cheaply. Only files that exist at
/// start-up are served: no path from a request ever reaches the file system.
struct StaticAssetsMiddleware<Context: RequestContext>: RouterMiddleware {
    struct Asset: Sendable {
        let body: ByteBuffer
        let contentType: String
        let etag: String
    }

    let assets: [String: Asset]

    init(directory: URL) throws {
        var assets: [String: Asset] = [:]
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        for file in files {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            let digest = Insecure.SHA1.hash(data: data).prefix(8).map { String(format: "%02x", $0) }.joined()
            assets["/static/" + file] = Asset(body: ByteBuffer(bytes: data), contentType: Self.contentType(of: file), etag: "\"\(digest)\"")
        }
        self.assets = assets
    }

    static func contentType(of file: String) -> String {
        switch file.split(separator: ".").last {
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        default: "application/octet-stream"
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head, let asset = assets[request.uri.path] else {
            return try await next(request, context)
        }
        var headers: HTTPFields = [.eTag: asset.etag, .cacheControl: "public, max-age=3600, must-revalidate"]
        if request.headers[.ifNoneMatch] == asset.etag {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: request.method == .head ? ByteBuffer() : asset.body))
    }
}
