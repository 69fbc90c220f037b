import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/tienpuntenplan/ondersteuning`: the municipalities' wishes for support on points of the
/// plan, for the unit: open ones first (the filter starts there), each with where the
/// municipality stands on the point, the point's needs and the offerings that match.
/// `/tienpuntenplan/ondersteuning/{id}` is one wish, where the coordinator confirms it (a
/// support request at the unit, channel 10-point plan; the page then links to it) or
/// dismisses it with a reason the municipality reads (every problem at once, the reason kept).
struct PlanSupportPage {
    let renderer: PageRenderer
    let service: PlanSupportService
    let plans: PlanService

    struct Row {
        let id: String
        let href: String
        let municipality: String
        let point: String
        let pointHref: String
        let asked: String
        let stand: String
        let nextStep: String?
        let needs: String
        let offerings: [Link]
        let hasOfferings: Bool
        let state: String
        let decision: String?
        let reason: String?
        let requestHref: String?
        let mayDecide: Bool
    }
    struct Link { let title: String; let href: String }

    struct ListModel {
        let rows: [Row]
        let hasRows: Bool
        let summary: String
        let states: [OptionModel]
        let provinces: [OptionModel]
        let isFiltered: Bool
        let notice: String?
    }

    struct DetailModel {
        let row: Row
        let confirmAction: String
        let dismissAction: String
        let reason: String
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("tienpuntenplan/ondersteuning", use: list)
        router.get("tienpuntenplan/ondersteuning/{id}", use: show)
        router.post("tienpuntenplan/ondersteuning/{id}/bevestiging", use: confirm)
        router.post("tienpuntenplan/ondersteuning/{id}/afwijzing", use: dismiss)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let query = Query(request: request)
        let stateText = query.text("status") ?? SupportProposalState.open.rawValue
        let state = SupportProposalState(rawValue: stateText)
        let province = query.text("provincie")
        // The state shown is read from the store, the summary counted there: the other
        // states' wishes (and their offerings) are not read for this page.
        let kept = try await service.proposals(state: state, by: user).filter { province == nil || $0.municipality.province.slug == province }
        let needNames = try await PlanPage.needNames(plans, t)
        let counts = try await service.counts(by: user) ?? [:]
        func count(_ state: SupportProposalState) -> String { NumberText.format(counts[state] ?? 0, t.language) }
        let model = ListModel(
            rows: kept.map { row($0, user: user, needNames: needNames, t) }, hasRows: !kept.isEmpty,
            summary: t.text("plan_support_summary", ["open": count(.open), "confirmed": count(.confirmed), "dismissed": count(.dismissed),
                                                     "withdrawn": count(.withdrawn)]),
            states: SupportProposalState.allCases.map { OptionModel(value: $0.rawValue, label: t.text("plan_support_state_\($0.rawValue)"), selected: $0 == state) }
                + [OptionModel(value: "alle", label: t.text("all"), selected: state == nil)],
            provinces: Province.allCases.map { OptionModel(value: $0.slug, label: $0.rawValue, selected: $0.slug == province) },
            isFiltered: state != .open || province != nil,
            notice: query.text("gedaan").map { t.text("plan_support_notice_\($0 == "afgewezen" ? "afgewezen" : "bevestigd")") })
        return try renderer.render("plan-support", page: model, title: t.text("plan_support_title"), request: request, context: context)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await render(try Self.id(context), reason: "", errors: [], request: request, context: context)
    }

    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try Self.id(context)
        _ = try await service.confirm(id, actor: context.actor)
        return .redirect(to: "/tienpuntenplan/ondersteuning/\(id.lowercasedText)?gedaan=bevestigd", type: .normal)
    }

    @Sendable func dismiss(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try Self.id(context)
        var request = request
        let reason = try await request.form(context).value("reden") ?? ""
        do {
            try await service.dismiss(id, reason: reason, actor: context.actor)
        } catch DomainError.invalid(let errors) {
            return try await render(id, reason: reason, errors: errors, request: request, context: context)
        }
        return .redirect(to: "/tienpuntenplan/ondersteuning?gedaan=afgewezen", type: .normal)
    }

    private static func id(_ context: AppContext) throws -> UUID {
        guard let id = UUID(text: try context.parameters.require("id")) else { throw DomainError.notFound }
        return id
    }

    private func render(_ id: UUID, reason: String, errors: [FieldError], request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let item = try await service.proposal(id, by: user)
        let row = row(item, user: user, needNames: try await PlanPage.needNames(plans, t), t)
        let base = "/tienpuntenplan/ondersteuning/\(id.lowercasedText)"
        let model = DetailModel(row: row, confirmAction: "\(base)/bevestiging", dismissAction: "\(base)/afwijzing", reason: reason, errors: FormErrors(errors, t))
        var title = "\(t.text("plan_support_one")): \(row.municipality)"
        if Query(request: request).text("gedaan") == "bevestigd" { title = "\(t.text("plan_support_notice_bevestigd")) \(title)" }
        return try renderer.render("plan-support-one", page: model, title: title, request: request, context: context,
                                   status: errors.isEmpty ? .ok : .badRequest)
    }

    private func row(_ item: PlanSupportService.Item, user: User, needNames: [NeedCode: String], _ t: Catalogue) -> Row {
        let proposal = item.proposal, code = item.municipality.code.rawValue
        let progress = item.progress
        func day(_ text: String) -> String? { CalendarDay(text).map { t.date($0.start()) } }
        var stand = progress.map { t.text("plan_status_\($0.status.rawValue)") } ?? t.text("plan_status_niet-gestart")
        if let since = progress.flatMap({ day($0.since) }) { stand += " " + t.text("plan_support_since", ["day": since]) }
        let next = progress.flatMap { $0.nextStep.isEmpty ? nil : [$0.nextStep, day($0.nextStepOn) ?? ""].filter { !$0.isEmpty }.joined(separator: " — ") }
        return Row(
            id: proposal.id.lowercasedText, href: "/tienpuntenplan/ondersteuning/\(proposal.id.lowercasedText)", municipality: item.municipality.name,
            point: item.point.map { "\(NumberText.format($0.number, t.language)). \($0.title)" } ?? proposal.pointKey,
            pointHref: "/tienpuntenplan/\(code)/\(proposal.pointKey)", asked: t.dateTime(proposal.askedAt), stand: stand, nextStep: next,
            needs: (item.point?.needs ?? []).map { needNames[$0] ?? $0.rawValue }.joined(separator: ", "),
            offerings: item.offerings.map { Link(title: $0.title, href: "/aanbod/\($0.slug)") }, hasOfferings: !item.offerings.isEmpty,
            state: t.text("plan_support_state_\(proposal.state.rawValue)"),
            decision: proposal.decidedAt.map { t.text("plan_support_decided", ["day": t.date($0)]) },
            reason: proposal.reason.isEmpty ? nil : proposal.reason, requestHref: proposal.requestID.map { "/hulpvragen/\($0.lowercasedText)" },
            mayDecide: proposal.state == .open && PlanPolicy.mayDecideSupport(user))
    }
}
