import Foundation
import Hummingbird
import SteunpuntDomain
import SteunpuntStorage

/// How every JSON body of the API is read, in one place a new field or operation cannot
/// leave out: only as `application/json` (or a `+json` type; anything else is 415), and
/// with every string in it, at any depth, passing the privacy guard before a handler sees
/// it (issue 14.2). A finding names the value's place in the body (`secties[0].titel`),
/// never the value. Identifiers (UUIDs) are not free text and are left alone. The
/// domain's own checks still run after this for the fields they know (pages and the
/// command line reach the domain without a JSON body). A field the OpenAPI document does
/// not allow there is refused too (`RequestBodySchemas`), every problem at once: what this
/// finds is held for the request (`HeldProblems`) and answered together with the use
/// case's own problems, and while it is held nothing of the request is committed.
struct APIRequestDecoder: RequestDecoder {
    var privacy: PrivacyGuard = .standard

    func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        guard Self.isJSON(request.headers[.contentType]) else { throw HTTPError(.unsupportedMediaType, message: "application/json") }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let data = Data(buffer: buffer)
        var found: [FieldError] = []
        if let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) {
            var validator = Validator()
            check(json, at: "", into: &validator)
            for problem in RequestBodySchemas.shipped.unknownFields(in: json, method: request.method.rawValue, path: request.uri.path) {
                validator.add(problem.field, problem.code)
            }
            found = validator.errors
        }
        let value: T
        do {
            value = try JSONDecoder().decode(T.self, from: data)
        } catch {
            // A body that does not decode reaches no use case: what was found is all there is to say.
            if !found.isEmpty { throw DomainError.invalid(found) }
            throw error
        }
        guard !found.isEmpty else { return value }
        // Held, not thrown: the use case's own problems join them, and nothing it writes commits.
        guard let held = HeldProblems.current else { throw DomainError.invalid(found) }
        held.hold(found)
        return value
    }

    /// `application/json` or `application/…+json`, with or without parameters.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }

    /// Runs the guard over every string (and every object key's value) in `value`.
    func check(_ value: Any, at path: String, into validator: inout Validator) {
        switch value {
        case let text as String:
            if UUID(text: text) == nil { privacy.check(text, field: path.isEmpty ? "body" : path, into: &validator) }
        case let array as [Any]:
            for (index, element) in array.enumerated() { check(element, at: "\(path)[\(index)]", into: &validator) }
        case let object as [String: Any]:
            for key in object.keys.sorted() { check(object[key]!, at: path.isEmpty ? key : "\(path).\(key)", into: &validator) }
        default:
            break
        }
    }
}
