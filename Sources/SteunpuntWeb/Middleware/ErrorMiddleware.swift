import Foundation
import Hummingbird
import Logging
import SteunpuntDomain
import SteunpuntStorage

/// One error surface per audience: `/api` answers `application/problem+json` with every
/// invalid parameter; pages answer a Dutch (or English) HTML error page. A 5xx is logged
/// with the request id and never shows internals. Input problems held for the request
/// (`HeldProblems`) are answered with the use case's own, whatever else went wrong.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let renderer: PageRenderer
    let routes: APIRouteTable

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let held = HeldProblems()
        do {
            let response = try await HeldProblems.$current.withValue(held) { try await next(request, context) }
            // A use case that committed nothing did not meet the refusal in `Database.transaction`.
            if !held.isEmpty { throw DomainError.invalid(held.held) }
            return response
        } catch let error as ReverificationRequired {
            return .redirect(to: "/bevestigen?terug=" + ReturnPath.queryValue(error.returnTo),
                             type: request.method == .get || request.method == .head ? .found : .normal)
        } catch {
            var classification = ErrorClassification.classify(error)
            if !held.isEmpty {
                // Problems found in the input come first, with the use case's own when it had any.
                let own = classification.code == "invalid_input" ? classification.fields : []
                classification = ErrorClassification(status: .badRequest, code: "invalid_input", fields: held.merged(with: own))
            }
            if classification.status == .internalServerError {
                context.logger.error("request failed", metadata: ["error": "\(LoggedError.description(of: error))"])
            }
            let isAPI = request.uri.path.hasPrefix("/api/")
            var headers: HTTPFields = [:]
            if classification.status == .serviceUnavailable {
                context.logger.warning("database unavailable", metadata: ["error": "\(LoggedError.description(of: error))"])
                headers[.retryAfter] = Self.retryAfterSeconds
            }
            if isAPI, classification.status == .notFound, error is HTTPError {
                let allowed = routes.allowedMethods(forPath: request.uri.path)
                if !allowed.isEmpty {
                    classification = ErrorClassification(status: .methodNotAllowed, code: "method_not_allowed")
                    headers[.allow] = allowed.joined(separator: ", ")
                }
            }
            if isAPI {
                if classification.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"steunpunt\"" }
                return problem(classification, request: request, context: context).response(headers: headers)
            }
            if classification.status == .unauthorized {
                return Response.redirect(to: "/inloggen?terug=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/"), type: .found)
            }
            var response = try page(classification, request: request, context: context)
            for field in headers { response.headers.append(field) }
            return response
        }
    }

    /// How long a client is asked to wait before trying again when the database is away.
    static let retryAfterSeconds = "5"

    private func problem(_ classification: ErrorClassification, request: Request, context: AppContext) -> Problem {
        let catalogue = renderer.catalogue(.dutch)
        var problem = Problem(
            title: catalogue.problemTitle(classification.code),
            status: Int(classification.status.code),
            detail: classification.status == .internalServerError ? catalogue.text("problem_internal_detail", ["id": context.id]) : nil,
            instance: request.uri.path,
            code: classification.code)
        if !classification.fields.isEmpty {
            problem.invalidParams = classification.fields.map { .init(name: $0.field, code: $0.code, reason: catalogue.error($0.code)) }
        }
        return problem
    }

    private func page(_ classification: ErrorClassification, request: Request, context: AppContext) throws -> Response {
        let catalogue = renderer.catalogue(context.language)
        let (heading, more) = ErrorPage.heading(catalogue.problemTitle(classification.code))
        let model = ErrorPage(
            status: Int(classification.status.code),
            title: heading,
            explanation: [more, catalogue.text("error_page_\(classification.status.code)")].filter { !$0.isEmpty }.joined(separator: " "),
            requestID: context.id,
            fieldErrors: classification.fields.map { catalogue.error($0.code) },
            hasFieldErrors: !classification.fields.isEmpty,
            askContact: classification.status == .forbidden)
        return try renderer.render("error", page: model, title: model.title, request: request, context: context, status: classification.status)
    }
}

struct ErrorPage {
    let status: Int
    let title: String
    let explanation: String
    let requestID: String
    let fieldErrors: [String]
    let hasFieldErrors: Bool
    /// A refusal says whom to ask (`site.contact`).
    var askContact = false

    /// A sentence as a page heading: its first sentence, capitalised, without the full
    /// stop; the rest of it, to say below.
    static func heading(_ text: String) -> (heading: String, rest: String) {
        var first = text, rest = ""
        if let stop = text.range(of: ". ") {
            first = String(text[..<stop.lowerBound])
            rest = String(text[stop.upperBound...])
        }
        while first.hasSuffix(".") { first.removeLast() }
        return (first.prefix(1).uppercased() + first.dropFirst(), rest)
    }
}
