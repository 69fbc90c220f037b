import Foundation
import Hummingbird
import SteunpuntStorage

/// Cross-site request forgery protection for every HTML form. A signed-in user's forms
/// carry the session's own token (kept server-side); a signed-out form (sign-in) carries
/// the value of a `SameSite=Strict` cookie (double submit). A state-changing request
/// whose `_csrf` field does not match is refused with 403 before any handler runs. Forms
/// with a file (`multipart/form-data`) carry the field as one of their parts.
struct CSRFProtection: RouterMiddleware {
    typealias Context = AppContext
    static let cookieName = "steunpunt_csrf"
    static let fieldName = "_csrf"

    static func newToken() -> String { SecretToken.generate() }

    static func cookie(_ value: String, secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: value, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let unsafe: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]
        guard unsafe.contains(request.method), !request.uri.path.hasPrefix("/api/") else {
            return try await next(request, context)
        }
        var request = request
        let sent: String?
        if MultipartForm.boundary(of: request.headers[.contentType]) != nil {
            // Only a signed-in user's form may carry a document; anyone else's body is held
            // to the ordinary limit, so a visitor cannot make the server buffer uploads.
            sent = try await request.multipart(context, limit: context.session == nil ? context.maxUploadSize : nil).value(Self.fieldName)
        } else {
            sent = FormData(try await request.collectBody(upTo: context.maxUploadSize)).value(Self.fieldName)
        }
        let expected = context.session?.csrfToken ?? context.pendingSession?.csrfToken ?? context.csrfCookie
        guard let expected, let sent, constantTimeEqual(sent, expected) else {
            throw HTTPError(.forbidden, message: "csrf")
        }
        return try await next(request, context)
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
