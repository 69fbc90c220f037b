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
        // The router is a tree in which a literal segment wins over a parameter, without
        // going back: `/bijeenkomsten/agenda.ics` is its own resource, not `/bijeenkomsten/{id}`.
        let matching = entries.filter { Self.matches(template: $0.path, path: relative) }
        guard let chosen = matching.map({ Self.shape(of: $0.path) }).min(by: { $0.lexicographicallyPrecedes($1) }) else { return [] }
        var methods = Set(matching.filter { Self.shape(of: $0.path) == chosen }.map(\.method.rawValue))
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }

    /// Per segment 0 for a literal, 1 for a parameter: the smallest is the route the router takes.
    static func shape(of template: String) -> [Int] {
        template.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix("{") && $0.hasSuffix("}") ? 1 : 0 }
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
