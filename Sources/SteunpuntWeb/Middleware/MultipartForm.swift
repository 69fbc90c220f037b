import Foundation
import Hummingbird
import SteunpuntDomain

/// A `multipart/form-data` body (RFC 7578), as forms with a file field send it. The
/// body is collected first (up to the document limit), so the parser works on bytes in
/// memory; a body that does not follow the format is refused as a whole.
struct MultipartForm: Sendable {
    struct Part: Sendable {
        let name: String
        let fileName: String?
        let contentType: String?
        let body: [UInt8]
    }

    enum Failure: Error { case malformed }

    let parts: [Part]

    /// The boundary of a `multipart/form-data` content type, or nil for any other type.
    static func boundary(of contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        return HeaderParameters.parse(contentType)["boundary"].flatMap { (1...70).contains($0.count) ? $0 : nil }
    }

    init(_ bytes: [UInt8], boundary: String) throws(Failure) {
        let delimiter = Array("--\(boundary)".utf8)
        let nextDelimiter = Array("\r\n--\(boundary)".utf8)
        let headerEnd = Array("\r\n\r\n".utf8)
        guard var position = Self.find(delimiter, in: bytes, from: 0) else { throw .malformed }
        position += delimiter.count
        var parts: [Part] = []
        while true {
            guard position + 2 <= bytes.count else { throw .malformed }
            if bytes[position] == UInt8(ascii: "-"), bytes[position + 1] == UInt8(ascii: "-") { break }
            guard bytes[position] == 0x0D, bytes[position + 1] == 0x0A else { throw .malformed }
            position += 2
            guard let headersEnd = Self.find(headerEnd, in: bytes, from: position) else { throw .malformed }
            let headers = String(decoding: bytes[position..<headersEnd], as: UTF8.self)
            let start = headersEnd + headerEnd.count
            guard let end = Self.find(nextDelimiter, in: bytes, from: start) else { throw .malformed }
            var name: String?
            var fileName: String?
            var contentType: String?
            for line in headers.split(separator: "\r\n") {
                guard let colon = line.firstIndex(of: ":") else { throw .malformed }
                let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if field == "content-disposition" {
                    let parameters = HeaderParameters.parse(value)
                    name = parameters["name"]
                    fileName = parameters["filename"]
                } else if field == "content-type" {
                    contentType = value
                }
            }
            guard let name else { throw .malformed }
            parts.append(Part(name: name, fileName: fileName, contentType: contentType, body: Array(bytes[start..<end])))
            position = end + nextDelimiter.count
        }
        self.parts = parts
    }

    /// The first text value of a field.
    func value(_ name: String) -> String? {
        parts.first { $0.name == name && $0.fileName == nil }.map { String(decoding: $0.body, as: UTF8.self) }
    }

    /// The first file of a field; a file input left empty sends a part without a name and bytes.
    func file(_ name: String) -> Part? {
        parts.first { $0.name == name && $0.fileName != nil && !($0.fileName!.isEmpty && $0.body.isEmpty) }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            guard let candidate = haystack[index...last].firstIndex(of: first) else { return nil }
            if haystack[candidate..<(candidate + needle.count)].elementsEqual(needle) { return candidate }
            index = candidate + 1
        }
        return nil
    }
}

/// `name=value` parameters of a header such as `Content-Disposition` or `Content-Type`,
/// values quoted or not (a quoted value may hold `;` and escaped quotes).
enum HeaderParameters {
    static func parse(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        var characters = Substring(header)
        // Skip the value before the first parameter.
        guard let semicolon = characters.firstIndex(of: ";") else { return [:] }
        characters = characters[characters.index(after: semicolon)...]
        while !characters.isEmpty {
            characters = characters.drop { $0 == " " || $0 == ";" || $0 == "\t" }
            guard let equals = characters.firstIndex(of: "=") else { break }
            let key = characters[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            characters = characters[characters.index(after: equals)...]
            var value = ""
            if characters.first == "\"" {
                characters = characters.dropFirst()
                var escaped = false
                while let character = characters.first {
                    characters = characters.dropFirst()
                    if escaped { value.append(character); escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { break } else { value.append(character) }
                }
                characters = characters.drop { $0 != ";" }
            } else {
                let end = characters.firstIndex(of: ";") ?? characters.endIndex
                value = characters[..<end].trimmingCharacters(in: .whitespaces)
                characters = characters[end...]
            }
            if result[key] == nil { result[key] = value }
        }
        return result
    }
}

extension Request {
    /// Reads a `multipart/form-data` body up to `limit` (by default the document limit plus
    /// room for the other fields); a larger body is refused with 413 before it is read to
    /// the end.
    mutating func multipart(_ context: AppContext, limit: Int? = nil) async throws -> MultipartForm {
        guard let boundary = MultipartForm.boundary(of: headers[.contentType]) else {
            throw HTTPError(.unsupportedMediaType, message: "multipart/form-data")
        }
        let buffer = try await collectBody(upTo: limit ?? context.maxMultipartBytes)
        let form: MultipartForm
        do {
            form = try MultipartForm(Array(buffer.readableBytesView), boundary: boundary)
        } catch {
            throw HTTPError(.badRequest, message: "multipart")
        }
        // A text field is UTF-8, as a JSON body must be: refused, not stored with replacement characters.
        let broken = form.parts.filter { $0.fileName == nil && String(validating: $0.body, as: UTF8.self) == nil }.map(\.name)
        if !broken.isEmpty { throw DomainError.invalid(broken.map { FieldError(field: $0, code: "invalid_utf8") }) }
        return form
    }
}
