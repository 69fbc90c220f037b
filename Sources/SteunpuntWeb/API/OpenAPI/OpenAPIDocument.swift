import Foundation
import Hummingbird

/// The hand-kept OpenAPI 3 document (`Resources/openapi.json`), served as it is at
/// `/api/v1/openapi.json`. A test checks that it lists exactly the registered routes.
struct OpenAPIDocument {
    let directory: URL

    var url: URL { directory.appendingPathComponent("openapi.json") }

    /// Reads the document once, at start-up: a build without it fails to start.
    func register(on routes: inout APIRoutes) throws {
        let data = try Data(contentsOf: url)
        routes.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=300"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
