import Hummingbird
import Logging

/// Logs each request by its route, not its address: `/quickscan/{secret}` rather than the
/// link itself, and never the query string (search words). Invitation and quickscan links
/// carry secrets in the path, and a log is read by more people than the database
/// (Hummingbird's `LogRequestsMiddleware` logs the whole URI).
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let level: Logger.Level

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        context.logger.log(level: level, "Request", metadata: [
            "hb.request.route": .string(Self.route(context)),
            "hb.request.method": .string(request.method.rawValue),
        ])
        return try await next(request, context)
    }

    /// The matched route's pattern; `unmatched` before routing or when nothing matched.
    static func route(_ context: AppContext) -> String {
        context.endpointPath ?? "unmatched"
    }
}
