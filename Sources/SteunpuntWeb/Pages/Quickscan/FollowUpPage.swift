import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/quickscans/rondes/{id}/opvolging`: the follow-up the answers propose, for the unit:
/// per municipality its low scores, the needs it named and the offerings that match. The
/// coordinator confirms a proposal (it becomes a support request at the unit, channel
/// quickscan, and the page links to it) or dismisses it.
struct FollowUpPage {
    let renderer: PageRenderer
    let service: QuickscanService

    struct Model {
        struct Row {
            let name: String
            let code: String
            let lowScores: String
            let needs: String
            let offerings: [OfferingLink]
            let hasOfferings: Bool
            let decision: String?
            let requestHref: String?
            let actionBase: String
            let mayDecide: Bool
        }
        struct OfferingLink { let title: String; let href: String }
        let title: String
        let id: String
        let rows: [Row]
        let hasRows: Bool
        let notice: String?
        let threshold: String
    }

    func register(on router: Router<AppContext>) {
        router.get("quickscans/rondes/{id}/opvolging", use: show)
        router.post("quickscans/rondes/{id}/opvolging/{code}/bevestiging", use: confirm)
        router.post("quickscans/rondes/{id}/opvolging/{code}/afwijzing", use: dismiss)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (id, _) = try RoundPage.ids(context)
        let (round, items) = try await service.followUps(id, by: user)
        let t = renderer.catalogue(context.language)
        let needNames = Dictionary(try await service.needs.all().map { ($0.code, t.language == .dutch ? $0.nameNL : $0.nameEN) }, uniquingKeysWith: { a, _ in a })
        let mayRun = QuickscanPolicy.mayRunRounds(user)
        let base = "/quickscans/rondes/\(id.uuidString.lowercased())/opvolging"
        let rows = items.map { item in
            let low = SteunpuntDomain.Dimension.allCases.compactMap { dimension in
                item.proposal.lowScores[dimension].map { "\(t.text("dimension_\(dimension.rawValue)")) \(QuickscanText.score($0, t.language))" }
            }
            return Model.Row(
                name: item.municipality.name, code: item.municipality.code.rawValue, lowScores: low.joined(separator: ", "),
                needs: item.proposal.needs.map { needNames[$0] ?? $0.rawValue }.joined(separator: ", "),
                offerings: item.offerings.map { .init(title: $0.title, href: "/aanbod/\($0.slug)") }, hasOfferings: !item.offerings.isEmpty,
                decision: item.decision.map { t.text("follow_up_\($0.decision.rawValue)", ["date": t.date($0.decidedAt)]) },
                requestHref: item.decision?.requestID.map { "/hulpvragen/\($0.uuidString.lowercased())" },
                actionBase: "\(base)/\(item.municipality.code.rawValue)", mayDecide: mayRun && item.decision == nil)
        }
        let notice = Query(request: request).text("gewijzigd").map { t.text("follow_up_notice_\($0)") }
        let model = Model(title: round.title, id: id.uuidString.lowercased(), rows: rows, hasRows: !rows.isEmpty, notice: notice,
                          threshold: QuickscanText.score(FollowUp.lowScore, t.language))
        return try renderer.render("follow-up", page: model, title: "\(t.text("follow_up_title")) – \(round.title)", request: request, context: context)
    }

    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (id, code) = try RoundPage.ids(context)
        guard let code else { throw DomainError.notFound }
        _ = try await service.confirmFollowUp(id, code, by: user, actor: context.actor)
        return .redirect(to: "/quickscans/rondes/\(id.uuidString.lowercased())/opvolging?gewijzigd=bevestigd#gemeente-\(code.rawValue)", type: .normal)
    }

    @Sendable func dismiss(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (id, code) = try RoundPage.ids(context)
        guard let code else { throw DomainError.notFound }
        try await service.dismissFollowUp(id, code, by: user, actor: context.actor)
        return .redirect(to: "/quickscans/rondes/\(id.uuidString.lowercased())/opvolging?gewijzigd=afgewezen#gemeente-\(code.rawValue)", type: .normal)
    }
}
