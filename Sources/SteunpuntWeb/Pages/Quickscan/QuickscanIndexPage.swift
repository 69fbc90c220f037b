import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/quickscans`: where each reader starts. The unit sees every round with its response
/// rate (the coordinator can field a new one); a municipality's officials see the rounds
/// their municipality is invited to, with where its response stands; analysts see the
/// rounds whose aggregates they may read.
struct QuickscanIndexPage {
    let renderer: PageRenderer
    let service: QuickscanService

    struct Model {
        struct RoundRow {
            let title: String
            let href: String
            let state: String
            let period: String
            let invited: String
            let submitted: String
            let rate: String
        }
        struct OwnRow {
            let title: String
            let href: String
            let state: String
            let period: String
            let status: String
            let action: String?
            let analysisHref: String
        }
        let isUnit: Bool
        let mayCreate: Bool
        let rounds: [RoundRow]
        let hasRounds: Bool
        let own: [OwnRow]
        let hasOwn: Bool
        let isMunicipality: Bool
    }

    func register(on router: Router<AppContext>) {
        router.get("quickscans", use: show)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard let view = QuickscanPolicy.analysisView(user) else { throw DomainError.forbidden }
        let t = renderer.catalogue(context.language)
        let today = Round.day(of: service.dependencies.now())
        let period = { (round: Round) in t.text("round_period", ["opens": round.opensOn, "closes": round.closesOn]) }
        var rows: [Model.RoundRow] = []
        var own: [Model.OwnRow] = []
        switch view {
        case .named, .aggregates:
            rows = try await service.rounds.list().map { summary in
                let round = summary.round
                return Model.RoundRow(title: round.title, href: "/quickscans/rondes/\(round.id.lowercasedText)" + (view == .named ? "" : "/analyse"),
                                      state: t.text("round_state_\(round.state(on: today).rawValue)"), period: period(round),
                                      invited: NumberText.format(summary.invited, t.language), submitted: NumberText.format(summary.submitted, t.language),
                                      rate: QuickscanText.percent(summary.responseRate, t.language))
            }
        case .own:
            own = try await service.ownRounds(by: user).map { item in
                let state = item.round.state(on: today)
                let status = item.progress.status
                let href = ResponsePage.path(item.round.id, item.progress.target.municipality)
                let usable = item.progress.target.revokedAt == nil && (state == .open || status == .submitted)
                return Model.OwnRow(title: item.round.title, href: usable ? href : "", state: t.text("round_state_\(state.rawValue)"),
                                    period: period(item.round), status: t.text("response_status_\(status?.rawValue ?? "niet-begonnen")"),
                                    action: usable ? t.text(status == nil ? "response_start" : status == .submitted ? "response_view" : "response_continue") : nil,
                                    analysisHref: "/quickscans/rondes/\(item.round.id.lowercasedText)/analyse")
            }
        }
        let model = Model(isUnit: view == .named, mayCreate: QuickscanPolicy.mayRunRounds(user), rounds: rows, hasRounds: !rows.isEmpty,
                          own: own, hasOwn: !own.isEmpty, isMunicipality: { if case .own = view { return true } else { return false } }())
        return try renderer.render("quickscans", page: model, title: t.text("quickscans_title"), request: request, context: context)
    }
}

/// How quickscan figures are written on pages.
enum QuickscanText {
    /// `87 %` (Dutch) or `87%` (English), whole percents (`NumberText.percent`).
    static func percent(_ share: Double, _ language: Language) -> String { NumberText.percent(share, language) }

    /// A score 0…100 with one decimal, the decimal separator as the language writes it.
    static func score(_ value: Double?, _ language: Language) -> String {
        guard let value else { return "–" }
        return NumberText.decimal(value, language)
    }

    /// A number answer as typed: no decimals when whole.
    static func number(_ value: Double, _ language: Language) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        let text = String(value)
        return language == .dutch ? text.replacingOccurrences(of: ".", with: ",") : text
    }
}
