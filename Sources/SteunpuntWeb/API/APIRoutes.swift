import Hummingbird

/// Collects the API's routes, then registers them on the router once the middlewares
/// that wrap them are in place. The same list is the route table that answers 405 and
/// that the OpenAPI test compares with the served document.
struct APIRoutes {
    static let base = "/api/v1"
    typealias Handler = @Sendable (Request, AppContext) async throws -> Response

    private var handlers: [(method: HTTPRequest.Method, path: String, handler: Handler)] = []
    private(set) var table = APIRouteTable()

    init() {}

    mutating func get(_ path: String, use handler: @escaping Handler) { add(.get, path, handler) }
    mutating func post(_ path: String, use handler: @escaping Handler) { add(.post, path, handler) }
    mutating func put(_ path: String, use handler: @escaping Handler) { add(.put, path, handler) }
    mutating func patch(_ path: String, use handler: @escaping Handler) { add(.patch, path, handler) }
    mutating func delete(_ path: String, use handler: @escaping Handler) { add(.delete, path, handler) }

    private mutating func add(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        table.add(method, path)
        handlers.append((method, path, handler))
    }

    func registerAll(on router: Router<AppContext>) {
        for route in handlers {
            router.on(RouterPath(stringLiteral: String((Self.base + route.path).dropFirst())), method: route.method, use: route.handler)
        }
    }
}
