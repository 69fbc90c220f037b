import Foundation
import Hummingbird
import SteunpuntDomain

/// A signed-in user whose role requires two-step verification, but who has not turned
/// it on, can do nothing but turn it on (or sign out, change language, read the
/// accessibility statement). Every other page sends them to the enrolment page.
struct TwoStepGateMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let enrolmentPath = "/mijn-account/tweestaps"
    static let open: [String] = [enrolmentPath, "/uitloggen", "/taal/", "/toegankelijkheid", "/health/", "/metrics"]

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard let session = context.session, !session.hasTwoStep, context.twoStep.isRequired(for: session.user.role) else {
            return try await next(request, context)
        }
        let path = request.uri.path
        if path == "/" || Self.open.contains(where: { path == $0 || ($0.hasSuffix("/") && path.hasPrefix($0)) }) {
            return try await next(request, context)
        }
        return .redirect(to: Self.enrolmentPath, type: request.method == .get || request.method == .head ? .found : .normal)
    }
}
