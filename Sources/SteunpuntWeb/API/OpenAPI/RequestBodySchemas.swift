import Foundation
import Hummingbird
import SteunpuntDomain

/// The JSON request-body schemas of the OpenAPI document, by operation, so that a body is
/// held to the contract the document states: a field the schema does not have, where it
/// allows no other (`additionalProperties: false`), is refused (`unknown_field`) instead of
/// being silently dropped, at any depth (`vragenlijst.onbekend`); and a `null` where the
/// schema does not allow one (`nullable`) is refused (`null_not_allowed`) instead of being
/// read as absent.
struct RequestBodySchemas: Sendable {
    /// What the check needs of a schema: which fields an object has, whether it allows
    /// others, and what its array items are.
    indirect enum Shape: Sendable {
        case object(properties: [String: Shape], others: Others)
        case array(Shape)
        case any
        /// `null` is allowed here (`nullable: true`, or a part of `anyOf`/`oneOf` that is).
        case nullable(Shape)

        enum Others: Sendable { case forbidden, allowed, shaped(Shape) }
    }

    private let operations: [(method: String, template: String, shape: Shape)]

    /// The document shipped with this build.
    static let shipped: RequestBodySchemas = {
        let url = WebResources.directory.appendingPathComponent("openapi.json")
        guard let data = try? Data(contentsOf: url), let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return RequestBodySchemas(document: [:])
        }
        return RequestBodySchemas(document: document)
    }()

    init(document: [String: Any]) {
        let components = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        var operations: [(String, String, Shape)] = []
        for (path, item) in document["paths"] as? [String: Any] ?? [:] {
            for (method, value) in item as? [String: Any] ?? [:] {
                guard let operation = value as? [String: Any],
                      let schema = (((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
                        as? [String: Any] else { continue }
                operations.append((method.uppercased(), path, Self.shape(schema, components: components, depth: 0)))
            }
        }
        // Literal paths before templated ones (`/x/nieuw` before `/x/{id}`).
        self.operations = operations.sorted { $0.1.filter { $0 == "{" }.count < $1.1.filter { $0 == "{" }.count }
    }

    static func shape(_ schema: [String: Any], components: [String: Any], depth: Int) -> Shape {
        guard depth < 32 else { return .any }
        var schema = schema
        while let reference = schema["$ref"] as? String, let name = reference.split(separator: "/").last {
            schema = components[String(name)] as? [String: Any] ?? [:]
        }
        let alternatives = (schema["anyOf"] as? [[String: Any]] ?? []) + (schema["oneOf"] as? [[String: Any]] ?? [])
        if schema["nullable"] as? Bool == true || alternatives.contains(where: { $0["nullable"] as? Bool == true }) {
            var rest = schema
            rest["nullable"] = nil
            rest["anyOf"] = alternatives.filter { $0["nullable"] as? Bool != true }.nilIfEmpty
            rest["oneOf"] = nil
            return .nullable(shape(rest, components: components, depth: depth + 1))
        }
        // allOf: every part applies; their fields together are what is known.
        var properties = schema["properties"] as? [String: Any] ?? [:]
        var closed = schema["additionalProperties"] as? Bool == false
        for part in schema["allOf"] as? [[String: Any]] ?? [] {
            if case .object(let more, let others) = shape(part, components: components, depth: depth + 1) {
                if case .forbidden = others { closed = true }
                for (key, value) in more where properties[key] == nil { properties[key] = value }
            }
        }
        if let items = schema["items"] as? [String: Any] { return .array(shape(items, components: components, depth: depth + 1)) }
        let isObject = schema["type"] as? String == "object" || !properties.isEmpty || closed
        guard isObject else { return .any }
        var shaped: [String: Shape] = [:]
        for (key, value) in properties {
            if let shape = value as? Shape { shaped[key] = shape } else { shaped[key] = shape(value as? [String: Any] ?? [:], components: components, depth: depth + 1) }
        }
        let others: Shape.Others = closed ? .forbidden
            : (schema["additionalProperties"] as? [String: Any]).map { .shaped(shape($0, components: components, depth: depth + 1)) } ?? .allowed
        return .object(properties: shaped, others: others)
    }

    /// Every field of `body` the operation's schema does not allow.
    func unknownFields(in body: Any, method: String, path: String) -> [FieldError] {
        guard path.hasPrefix(APIRoutes.base) else { return [] }
        let relative = String(path.dropFirst(APIRoutes.base.count))
        guard let operation = operations.first(where: { $0.method == method && APIRouteTable.matches(template: $0.template, path: relative) }) else { return [] }
        var found: [FieldError] = []
        Self.walk(body, operation.shape, at: "", into: &found)
        return found
    }

    private static func walk(_ value: Any, _ shape: Shape, at path: String, into found: inout [FieldError]) {
        switch (shape, value) {
        case (.nullable, is NSNull):
            break
        case (.nullable(let inner), _):
            walk(value, inner, at: path, into: &found)
        case (_, is NSNull):
            found.append(FieldError(field: path.isEmpty ? "body" : path, code: "null_not_allowed"))
        case (.object(let properties, let others), let object as [String: Any]):
            for key in object.keys.sorted() {
                let place = path.isEmpty ? key : "\(path).\(key)"
                if let property = properties[key] {
                    walk(object[key]!, property, at: place, into: &found)
                } else {
                    switch others {
                    case .forbidden: found.append(FieldError(field: place, code: "unknown_field"))
                    case .shaped(let extra): walk(object[key]!, extra, at: place, into: &found)
                    case .allowed: break
                    }
                }
            }
        case (.array(let items), let array as [Any]):
            for (index, element) in array.enumerated() { walk(element, items, at: "\(path)[\(index)]", into: &found) }
        default:
            break
        }
    }
}

private extension Array {
    var nilIfEmpty: Self? { isEmpty ? nil : self }
}
