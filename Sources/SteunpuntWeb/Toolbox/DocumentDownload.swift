import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain

/// The answer to a document download, the same for the pages and the API: the format's
/// media type, `attachment` with the file name (ASCII and UTF-8), the SHA-256 as `ETag`
/// and `Repr-Digest` (RFC 9530), a sandboxing content security policy, and no caching of
/// restricted documents (public ones revalidate by `ETag`, answered with 304).
enum DocumentDownload {
    /// The file of the document at `{slug}/…/{id}`, the current one or `version`.
    static func serve(_ service: ToolboxService, version: Int?, request: Request, context: AppContext) async throws -> Response {
        let result = try await service.download(try context.parameters.require("slug"), try context.parameters.require("id"), version: version,
                                                by: context.user, actor: context.actor)
        return response(file: result.file, content: result.content, restricted: result.restricted, request: request)
    }

    static func response(file: DocumentFile, content: Data, restricted: Bool, request: Request) -> Response {
        let etag = "\"\(file.sha256)\""
        var headers: HTTPFields = [
            .contentType: file.format.mediaType,
            .contentDisposition: contentDisposition(file.fileName),
            .eTag: etag,
            .contentSecurityPolicy: "sandbox; default-src 'none'",
            .cacheControl: restricted ? "private, no-store" : "public, no-cache",
        ]
        headers[.reprDigest] = "sha-256=:\(Data(hex: file.sha256).base64EncodedString()):"
        if !restricted, let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(content.count)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: content)))
    }

    /// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII stand-in for old
    /// clients, the exact name percent-encoded for the rest.
    static func contentDisposition(_ name: String) -> String {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}

extension Data {
    /// Bytes from lowercase or uppercase hex digits (a digest); invalid pairs are skipped.
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex), index != hex.endIndex {
            if let byte = UInt8(hex[index..<next], radix: 16) { bytes.append(byte) }
            index = next
        }
        self.init(bytes)
    }
}

extension DocumentDraft {
    /// A document upload from a form or the API: `bestand`, `titel`, `zichtbaarheid`.
    init(_ form: MultipartForm) {
        self.init(title: form.value("titel"), visibility: form.value("zichtbaarheid"),
                  file: form.file("bestand").map { UploadedFile(fileName: $0.fileName ?? "", bytes: $0.body) })
    }
}

extension EvidenceDraft {
    /// An evidence document from a form or the API: `bestand`, `titel`.
    init(_ form: MultipartForm) {
        self.init(title: form.value("titel"), file: form.file("bestand").map { UploadedFile(fileName: $0.fileName ?? "", bytes: $0.body) })
    }
}
