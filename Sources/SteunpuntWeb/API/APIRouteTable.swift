import Hummingbird

/// The API's routes as written in the OpenAPI document (`/gemeenten/{code}`), kept beside
/// the router so that a path known with another method answers 405 with `Allow`, and so
/// a test can check that the served document lists exactly these routes.
struct APIRouteTable: Sendable {
    struct Entry: Sendable, Hashable {
        let method: HTTPRequest.Method
        /// Relative to `/api/v1`, in OpenAPI form: `/gemeenten/{code}`.
        let path: String
    }

    private(set) var entries: [Entry] = []

    mutating func add(_ method: HTTPRequest.Method, _ path: String) {
        entries.append(Entry(method: method, path: path))
    }

    /// The methods registered for a concrete path (`/api/v1/gemeenten/GM0363`), HEAD implied by GET.
    func allowedMethods(forPath path: String) -> [String] {
        guard path.hasPrefix(APIRoutes.base) else { return [] }
        let relative = String(path.dropFirst(APIRoutes.base.count))
        var methods = Set(entries.filter { Self.matches(template: $0.path, path: relative) }.map(\.method.rawValue))
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }

    static func matches(template: String, path: String) -> Bool {
        let t = template.split(separator: "/", omittingEmptySubsequences: false)
        let p = path.split(separator: "/", omittingEmptySubsequences: false)
        guard t.count == p.count else { return false }
        for (a, b) in zip(t, p) {
            if a.hasPrefix("{") && a.hasSuffix("}") { if b.isEmpty { return false } } else if a != b { return false }
        }
        return true
    }
}
