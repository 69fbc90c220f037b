import Foundation
import HTTPTypes
import Hummingbird

/// The client's address for the audit trail and the sign-in throttle (`AppContext.origin`).
/// Behind a reverse proxy every connection comes from the proxy, so the address it forwards
/// (`X-Forwarded-For`) is taken, but only from a proxy the operator named
/// (`STEUNPUNT_TRUSTED_PROXIES`): anyone else could write any address in that header. The
/// list is read from the right, past the trusted proxies, as each proxy appends the address
/// it saw; the first address not trusted is the client's.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let trustedProxies: Set<String>
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.origin = Self.client(peer: context.origin, forwardedFor: request.headers[values: Self.forwardedFor], trusted: trustedProxies)
        return try await next(request, context)
    }

    static func client(peer: String?, forwardedFor headers: [String], trusted: Set<String>) -> String? {
        guard let peer, trusted.contains(peer) else { return peer }
        let hops = headers.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        guard !hops.isEmpty, hops.allSatisfy(IPAddressText.isValid) else { return peer }
        return hops.last { !trusted.contains($0) } ?? hops.first
    }
}

/// Whether a text is an IPv4 or IPv6 address (as a proxy writes one), nothing else.
enum IPAddressText {
    static func isValid(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
