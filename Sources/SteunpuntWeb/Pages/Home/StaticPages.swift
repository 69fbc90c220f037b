import Foundation
import Hummingbird

/// The home page, the accessibility statement and the language switch.
struct StaticPages {
    let renderer: PageRenderer
    let isTLS: Bool

    func register(on router: Router<AppContext>) {
        router.get("/", use: home)
        router.get("toegankelijkheid", use: accessibility)
        router.get("taal/{code}", use: language)
    }

    @Sendable func home(_ request: Request, context: AppContext) async throws -> Response {
        if context.session != nil { return .redirect(to: "/dashboard", type: .found) }
        return try renderer.render("home", page: [String: String](), title: renderer.catalogue(context.language).text("home_title"), request: request, context: context)
    }

    @Sendable func accessibility(_ request: Request, context: AppContext) async throws -> Response {
        try renderer.render("accessibility", page: [String: String](), title: renderer.catalogue(context.language).text("accessibility_title"), request: request, context: context)
    }

    /// Sets the interface language and returns to the page the user came from.
    @Sendable func language(_ request: Request, context: AppContext) async throws -> Response {
        guard let language = Language(rawValue: try context.parameters.require("code")) else { throw HTTPError(.notFound) }
        let back = request.uri.queryParameters["terug"].map(String.init)
        var response = Response.redirect(to: ReturnPath.safe(back ?? "/"), type: .found)
        response.setCookie(Cookie(name: IdentityMiddleware.languageCookie, value: language.rawValue, maxAge: 365 * 24 * 3600, path: "/", secure: isTLS, httpOnly: true, sameSite: .lax))
        return response
    }
}
