import Hummingbird
import SteunpuntDomain

/// Holds every API query to what the OpenAPI document can state: a parameter given without
/// a value (`?status=`) is refused (`empty_value`) rather than read as absent, so that a
/// client learns it sent nothing instead of receiving an unfiltered list. (The pages read an
/// empty form field as "no filter", as forms send them.)
struct APIQueryMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix(APIRoutes.base + "/"), let query = request.uri.query, !query.isEmpty else {
            return try await next(request, context)
        }
        var validator = Validator()
        for pair in Query.pairs(query) where pair.value.allSatisfy(\.isWhitespace) {
            validator.add(pair.name, "empty_value")
        }
        try validator.finish()
        return try await next(request, context)
    }
}
