import HTTPTypes
import Hummingbird
import Logging
import Tracing

/// A span for every request (issue 23, part 6), with the statements it runs inside
/// (`TracedSQLDatabase`): named by its route (`GET /api/v1/hulpvragen/{id}`), with the
/// method, the route, the status and the request id its log lines carry (`hb.request.id`).
/// A caller's W3C `traceparent` is continued. Unlike Hummingbird's `TracingMiddleware` it
/// records neither the path nor the query (invitation and quickscan links carry secrets,
/// searches carry words), nor the client's address, nor an error's message: a trace is read
/// by more people than the database. With tracing off the tracer does nothing.
struct RequestTracingMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var parent = ServiceContext.current ?? .topLevel
        InstrumentationSystem.instrument.extract(request.headers, into: &parent, using: HeaderExtractor())
        return try await withSpan("\(request.method.rawValue) \(RequestLogMiddleware.route(context))", context: parent, ofKind: .server) { span in
            span.attributes["http.request.method"] = request.method.rawValue
            if let id = context.logger[metadataKey: "hb.request.id"] { span.attributes["hb.request.id"] = id.description }
            do {
                let response = try await next(request, context)
                finish(span, context: context, method: request.method, status: Int(response.status.code))
                return response
            } catch {
                let status = (error as? any HTTPResponseError)?.status.code ?? 500
                finish(span, context: context, method: request.method, status: status)
                span.attributes["error.type"] = String(describing: type(of: error))
                throw error
            }
        }
    }

    private func finish(_ span: any Span, context: AppContext, method: HTTPRequest.Method, status: Int) {
        let route = RequestLogMiddleware.route(context)
        span.operationName = "\(method.rawValue) \(route)"
        span.attributes["http.route"] = route
        span.attributes["http.response.status_code"] = status
        if status >= 500 { span.setStatus(SpanStatus(code: .error)) }
    }
}

/// Reads propagation headers (`traceparent`, `tracestate`) from a request.
struct HeaderExtractor: Extractor {
    func extract(key: String, from carrier: HTTPFields) -> String? {
        HTTPField.Name(key).flatMap { carrier[$0] }
    }
}
