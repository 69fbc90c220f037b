import Hummingbird

/// NL API Design Rules that hold for every `/api` answer, error or not: an `API-Version`
/// header, and a trailing slash is a different (unknown) resource, answered 404.
struct APIConventionsMiddleware<Context: RequestContext>: RouterMiddleware {
    static var version: String { "1.0.0" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if request.uri.path.hasPrefix("/api/") {
            response.headers[.apiVersion] = Self.version
        }
        return response
    }
}

/// Refuses `/path/` where `/path` is meant: no redirect, a 404 (for the API, as problem+json).
struct TrailingSlashMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.count > 1, path.hasSuffix("/") { throw HTTPError(.notFound) }
        return try await next(request, context)
    }
}
