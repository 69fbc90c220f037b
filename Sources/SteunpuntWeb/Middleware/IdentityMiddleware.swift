import Foundation
import Hummingbird
import SteunpuntDomain
import SteunpuntStorage

/// Finds out who is asking: the browser session from the session cookie (pages), or the
/// API caller from a bearer token (`/api`). An API request with a bad or expired token
/// is refused with 401; cookies are ignored on the API so a browser cannot be tricked
/// into calling it.
struct IdentityMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let sessionCookie = "steunpunt_sessie"
    static let languageCookie = "steunpunt_taal"

    let sessions: SessionStore
    let tokens: APITokenStore
    let lifetime: SessionLifetime
    let maxBodyBytes: Int
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.maxBodyBytes = maxBodyBytes
        context.language = Language.negotiate(cookie: request.cookies[Self.languageCookie]?.value, acceptLanguage: request.headers[.acceptLanguage])
        if request.uri.path.hasPrefix("/api/") {
            if let authorization = request.headers[.authorization] {
                guard authorization.lowercased().hasPrefix("bearer "),
                      let caller = try await tokens.authenticate(secret: String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces), at: now())
                else { throw DomainError.unauthenticated }
                context.apiCaller = caller
            }
        } else {
            context.csrfCookie = request.cookies[CSRFProtection.cookieName]?.value
            if let token = request.cookies[Self.sessionCookie]?.value {
                context.session = try await sessions.find(token: token, at: now(), lifetime: lifetime)
            }
        }
        return try await next(request, context)
    }
}
