import Foundation
import Hummingbird
import SteunpuntDomain
import SteunpuntStorage

/// Finds out who is asking: the browser session from the session cookie (pages), or the
/// API caller from a bearer token (`/api`), and the interface language. It runs outside
/// the error middleware, so error pages know the user and language too; it never throws
/// itself but records what went wrong, and `IdentityCheckMiddleware` (inside the error
/// middleware) turns that into the right answer. Cookies are ignored on the API so a
/// browser cannot be tricked into calling it.
struct IdentityMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let sessionCookie = "steunpunt_sessie"
    static let languageCookie = "steunpunt_taal"

    let sessions: SessionStore
    let tokens: APITokenStore
    let lifetime: SessionLifetime
    let maxBodyBytes: Int
    let maxDocumentBytes: Int
    let twoStep: TwoStepPolicy
    /// For the header's count of unread notifications.
    var notifications: NotificationStore? = nil
    var privacy: PrivacyGuard = .standard
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.maxBodyBytes = maxBodyBytes
        context.maxDocumentBytes = maxDocumentBytes
        context.twoStep = twoStep
        context.privacy = privacy
        context.language = Language.chosen(cookie: request.cookies[Self.languageCookie]?.value)
        do {
            if request.uri.path.hasPrefix("/api/") {
                if let authorization = request.headers[.authorization] {
                    let secret = authorization.lowercased().hasPrefix("bearer ") ? String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces) : ""
                    context.apiCaller = secret.isEmpty ? nil : try await tokens.authenticate(secret: secret, at: now())
                    if context.apiCaller == nil { context.identityFailure = DomainError.unauthenticated }
                }
            } else {
                context.csrfCookie = request.cookies[CSRFProtection.cookieName]?.value
                if let token = request.cookies[Self.sessionCookie]?.value,
                   let session = try await sessions.find(token: token, at: now(), lifetime: lifetime) {
                    if session.isPendingMFA { context.pendingSession = session } else {
                        context.session = session
                        context.unreadNotifications = try await notifications?.unread(user: session.user.id) ?? 0
                    }
                }
            }
        } catch {
            context.identityFailure = error
        }
        return try await next(request, context)
    }
}

/// Inside the error middleware: a request whose identity could not be settled (a bad
/// token, the database unreachable) stops here with that error.
struct IdentityCheckMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        if let failure = context.identityFailure { throw failure }
        return try await next(request, context)
    }
}
