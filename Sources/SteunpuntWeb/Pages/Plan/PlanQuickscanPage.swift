import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/tienpuntenplan/{gemeente}/quickscan`: a municipality's plan beside its latest
/// submitted quickscan, for its own officials and the unit: the scores per dimension and
/// the needs it named, and per point the named needs it relates to, with the points whose
/// need was named but which are not in place marked, and named needs no point covers.
struct PlanQuickscanPage {
    let renderer: PageRenderer
    let reading: PlanQuickscanReading
    let plans: PlanService

    struct Fact { let label: String; let value: String }
    struct Row { let href: String; let number: String; let title: String; let status: String; let statusCode: String; let named: String; let isGap: Bool }

    struct Model {
        let name: String
        let planHref: String
        let hasQuickscan: Bool
        let line: String
        let scores: [Fact]
        let named: String
        let rows: [Row]
        let gapLine: String
        let unmatched: [String]
        let hasUnmatched: Bool
    }

    func register(on router: Router<AppContext>) {
        router.get("tienpuntenplan/{gemeente}/quickscan", use: show)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        guard let code = MunicipalityCode(try context.parameters.require("gemeente").uppercased()) else { throw DomainError.notFound }
        let t = renderer.catalogue(context.language)
        let (plan, quickscan) = try await reading.comparison(of: code, actor: context.actor)
        let needNames = try await PlanPage.needNames(plans, t)
        func names(_ needs: [NeedCode]) -> String { needs.map { needNames[$0] ?? $0.rawValue }.joined(separator: ", ") }
        let rows = plan.points.map { state in
            let side = quickscan?.side(of: state.point.key)
            return Row(href: "/tienpuntenplan/\(code.rawValue)/\(state.point.key)", number: NumberText.format(state.point.number, t.language),
                       title: state.point.title, status: t.text("plan_status_\(state.progress.status.rawValue)"), statusCode: state.progress.status.rawValue,
                       named: side.map { $0.named.isEmpty ? "–" : names($0.named) } ?? "–", isGap: side?.isGap ?? false)
        }
        let model = Model(
            name: plan.municipality.name, planHref: "/tienpuntenplan/\(code.rawValue)", hasQuickscan: quickscan != nil,
            line: quickscan.map { t.text("plan_quickscan_line", ["round": $0.round, "day": t.date($0.submittedAt)]) } ?? t.text("plan_quickscan_none"),
            scores: Dimension.allCases.compactMap { dimension in
                quickscan?.scores[dimension].map { Fact(label: t.text("dimension_\(dimension.rawValue)"), value: t.text("plan_quickscan_score", ["score": NumberText.format(Int($0.rounded()), t.language)])) }
            },
            named: quickscan.map { $0.namedNeeds.isEmpty ? t.text("plan_quickscan_no_needs") : names($0.namedNeeds) } ?? "",
            rows: rows,
            gapLine: t.text("plan_quickscan_gaps", ["count": NumberText.format(quickscan?.gaps ?? 0, t.language)]),
            unmatched: (quickscan?.unmatched ?? []).map { needNames[$0] ?? $0.rawValue }, hasUnmatched: !(quickscan?.unmatched.isEmpty ?? true))
        return try renderer.render("plan-quickscan", page: model, title: t.text("plan_quickscan_title", ["name": plan.municipality.name]),
                                   request: request, context: context)
    }
}
