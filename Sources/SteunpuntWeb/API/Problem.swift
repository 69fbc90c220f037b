import Foundation
import Hummingbird
import SteunpuntDomain

/// An error answer of the API, as `application/problem+json` (RFC 9457), with every
/// invalid parameter listed (`invalidParams`, NL API Design Rules).
struct Problem: Encodable, Sendable {
    struct InvalidParam: Encodable, Sendable, Equatable {
        let name: String
        let code: String
        let reason: String
    }

    var type: String = "about:blank"
    let title: String
    let status: Int
    let detail: String?
    let instance: String?
    var code: String?
    var invalidParams: [InvalidParam]?

    static let mediaType = "application/problem+json"

    func response(headers: HTTPFields = [:]) -> Response {
        let data = (try? StreamingJSONEncoder().encode(self)) ?? Array("{\"status\":\(status)}".utf8)
        var fields = headers
        fields[.contentType] = Self.mediaType
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
