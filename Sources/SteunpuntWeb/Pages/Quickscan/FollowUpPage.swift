import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/quickscans/rondes/{id}/opvolging`: the follow-up the answers propose, for the unit:
/// per municipality its low scores, the needs it named and the offerings that match. The
/// coordinator confirms a proposal (it becomes a support request at the unit, channel
/// quickscan, and the page links to it) or dismisses it, one at a time or several at once
/// (the ticked ones). The page starts with how many are left to decide, and narrows to a
/// need, a province or whether a proposal is decided.
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
        let summary: String
        let needs: [OptionModel]
        let provinces: [OptionModel]
        let states: [OptionModel]
        let isFiltered: Bool
        let mayDecide: Bool
        let bulkAction: String
    }

    func register(on router: Router<AppContext>) {
        router.get("quickscans/rondes/{id}/opvolging", use: show)
        router.post("quickscans/rondes/{id}/opvolging/{code}/bevestiging", use: confirm)
        router.post("quickscans/rondes/{id}/opvolging/{code}/afwijzing", use: dismiss)
        router.post("quickscans/rondes/{id}/opvolging/besluiten", use: decideSeveral)
    }

    /// Which proposals a filter keeps: `behoefte`, `provincie`, `besluit` (open, bevestigd, afgewezen).
    static func keeps(_ item: FollowUpItem, need: String?, province: String?, state: String?) -> Bool {
        if let need, !item.proposal.needs.contains(where: { $0.rawValue == need }) { return false }
        if let province, item.municipality.province.slug != province { return false }
        switch state {
        case "open": return item.decision == nil
        case "bevestigd", "afgewezen": return item.decision?.decision.rawValue == state
        default: return true
        }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (id, _) = try RoundPage.ids(context)
        let (round, items) = try await service.followUps(id, by: user)
        let t = renderer.catalogue(context.language)
        let needNames = try await service.needs.names(in: t.language)
        let mayRun = QuickscanPolicy.mayRunRounds(user)
        let base = "/quickscans/rondes/\(id.lowercasedText)/opvolging"
        let query = Query(request: request)
        let need = query.text("behoefte"), province = query.text("provincie"), state = query.text("besluit")
        let kept = items.filter { Self.keeps($0, need: need, province: province, state: state) }
        let open = items.filter { $0.decision == nil }.count
        let confirmed = items.filter { $0.decision?.decision.rawValue == "bevestigd" }.count
        let rows = kept.map { item in
            let low = SteunpuntDomain.Dimension.allCases.compactMap { dimension in
                item.proposal.lowScores[dimension].map { "\(t.text("dimension_\(dimension.rawValue)")) \(QuickscanText.score($0, t.language))" }
            }
            return Model.Row(
                name: item.municipality.name, code: item.municipality.code.rawValue, lowScores: low.joined(separator: ", "),
                needs: item.proposal.needs.map { needNames[$0] ?? $0.rawValue }.joined(separator: ", "),
                offerings: item.offerings.map { .init(title: $0.title, href: "/aanbod/\($0.slug)") }, hasOfferings: !item.offerings.isEmpty,
                decision: item.decision.map { t.text("follow_up_\($0.decision.rawValue)", ["date": t.date($0.decidedAt)]) },
                requestHref: item.decision?.requestID.map { "/hulpvragen/\($0.lowercasedText)" },
                actionBase: "\(base)/\(item.municipality.code.rawValue)", mayDecide: mayRun && item.decision == nil)
        }
        var notice = query.text("gewijzigd").map { t.text("follow_up_notice_\($0)") }
        if let count = query.text("aantal"), let what = query.text("besloten") {
            notice = t.text("follow_up_notice_several_\(what == "afgewezen" ? "afgewezen" : "bevestigd")",
                            ["count": NumberText.format(Int(count) ?? 0, t.language)])
        }
        let present = Set(items.flatMap { $0.proposal.needs })
        let model = Model(title: round.title, id: id.lowercasedText, rows: rows, hasRows: !rows.isEmpty, notice: notice,
                          threshold: QuickscanText.score(FollowUp.lowScore, t.language),
                          summary: t.text("follow_up_summary", ["total": NumberText.format(items.count, t.language), "open": NumberText.format(open, t.language),
                                                                "confirmed": NumberText.format(confirmed, t.language),
                                                                "dismissed": NumberText.format(items.count - open - confirmed, t.language)]),
                          needs: present.sorted { (needNames[$0] ?? $0.rawValue) < (needNames[$1] ?? $1.rawValue) }
                            .map { OptionModel(value: $0.rawValue, label: needNames[$0] ?? $0.rawValue, selected: $0.rawValue == need) },
                          provinces: Province.allCases.map { OptionModel(value: $0.slug, label: $0.rawValue, selected: $0.slug == province) },
                          states: ["open", "bevestigd", "afgewezen"].map { OptionModel(value: $0, label: t.text("follow_up_state_\($0)"), selected: $0 == state) },
                          isFiltered: need != nil || province != nil || state != nil,
                          mayDecide: rows.contains(where: \.mayDecide), bulkAction: "\(base)/besluiten")
        return try renderer.render("follow-up", page: model, title: "\(t.text("follow_up_title")) – \(round.title)", request: request, context: context)
    }

    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (id, code) = try RoundPage.ids(context)
        guard let code else { throw DomainError.notFound }
        _ = try await service.confirmFollowUp(id, code, by: user, actor: context.actor)
        return .redirect(to: "/quickscans/rondes/\(id.lowercasedText)/opvolging?gewijzigd=bevestigd#gemeente-\(code.rawValue)", type: .normal)
    }

    /// Confirms or dismisses the ticked proposals (`gemeente`, several); those decided
    /// meanwhile are left as they are.
    @Sendable func decideSeveral(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (id, _) = try RoundPage.ids(context)
        var request = request
        let form = try await request.form(context)
        let confirm = form.value("besluit") == "bevestigen"
        let done = try await service.decideFollowUps(id, form.values("gemeente").compactMap(MunicipalityCode.init), confirm: confirm,
                                                     by: user, actor: context.actor)
        return .redirect(to: "/quickscans/rondes/\(id.lowercasedText)/opvolging?besloten=\(confirm ? "bevestigd" : "afgewezen")&aantal=\(done)", type: .normal)
    }

    @Sendable func dismiss(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (id, code) = try RoundPage.ids(context)
        guard let code else { throw DomainError.notFound }
        try await service.dismissFollowUp(id, code, by: user, actor: context.actor)
        return .redirect(to: "/quickscans/rondes/\(id.lowercasedText)/opvolging?gewijzigd=afgewezen#gemeente-\(code.rawValue)", type: .normal)
    }
}
