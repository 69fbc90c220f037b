import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/mijn-account/agenda`: one's own calendar feed, the meetings one has a place at, at a
/// secret address a calendar program subscribes to. Made here (the address shown once),
/// made anew (the old one stops working) and revoked.
struct MeetingFeedPage {
    let renderer: PageRenderer
    let service: MeetingService
    let publicURL: String?

    struct Model {
        let hasFeed: Bool
        let since: String
        let address: String?
        let notice: String?
    }

    func register(on router: Router<AppContext>) {
        router.get("mijn-account/agenda", use: show)
        router.post("mijn-account/agenda", use: issue)
        router.post("mijn-account/agenda/intrekken", use: revoke)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let notice = Query(request: request).text("gedaan").map { "feed_done_\($0)" }
        return try await render(address: nil, notice: notice, request: request, context: context)
    }

    func render(address: String?, notice: String?, request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let issued = try await service.feedIssued(by: user)
        let model = Model(hasFeed: issued != nil, since: issued.map { t.dateTime($0) } ?? "", address: address, notice: notice.map { t.text($0) })
        return try renderer.render("meeting-feed", page: model, title: t.text("feed_title"), request: request, context: context)
    }

    /// Makes the address and shows it this once (the database keeps only its digest).
    @Sendable func issue(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let secret = try await service.issueFeed(actor: context.actor)
        let base = publicURL.map { String($0.reversed().drop { $0 == "/" }.reversed()) } ?? request.head.authority.map { "http://\($0)" } ?? ""
        return try await render(address: "\(base)/api/v1/agenda/\(secret)", notice: "feed_done_made", request: request, context: context)
    }

    @Sendable func revoke(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        try await service.revokeFeed(actor: context.actor)
        return .redirect(to: "/mijn-account/agenda?gedaan=ingetrokken", type: .normal)
    }
}
