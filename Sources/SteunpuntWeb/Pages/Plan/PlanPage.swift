import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/tienpuntenplan`: what each reader's work with the 10-point plan starts from. A
/// municipality's official sees its own progress point by point; the unit the plan and a
/// way to open any municipality's progress; everyone else signed in reads the plan.
/// `/tienpuntenplan/{gemeente}`: one municipality's progress (its own officials and the unit).
struct PlanPage {
    let renderer: PageRenderer
    let plans: PlanService
    let progress: ProgressService
    let evidence: EvidenceService

    struct PointText { let anchor: String; let number: String; let title: String; let asks: String; let evidence: String; let needs: String }
    struct Phase { let code: String; let label: String; let points: [PointText] }

    struct PlanModel {
        let title: String
        let introduction: String
        let versionLine: String
        let isStarting: Bool
        let phases: [Phase]
        let choosesMunicipality: Bool
        let municipality: String
        let errors: FormErrors
        /// Readers of the national figures (the unit, analysts, the desks).
        let showsOverview: Bool
        /// The unit, which keeps the plan (`/tienpuntenplan/beheer`).
        let keepsPlan: Bool
    }

    struct Row {
        let anchor: String; let href: String; let number: String; let title: String; let status: String; let statusCode: String
        let since: String?; let nextStep: String; let wantsSupport: Bool; let needsReview: Bool
        /// How many evidence documents the point holds ("2 bewijsstukken"), nil for none.
        let documents: String?
        /// The share of municipalities in place or sustained, in the country and the province.
        let country: String; let province: String
    }
    struct Count { let label: String; let value: String }

    struct ProgressModel {
        let name: String
        let code: String
        let isOwn: Bool
        let summary: String
        let counts: [Count]
        let lastChanged: String
        let versionLine: String
        let isStarting: Bool
        let rows: [Row]
        let provinceHeading: String
        let reviewCount: Int
        let hasReview: Bool
        let notice: String?
    }

    func register(on router: Router<AppContext>) {
        router.get("tienpuntenplan", use: index)
        router.get("tienpuntenplan/{gemeente}", use: municipality)
    }

    @Sendable func index(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        if case .own(let code) = PlanPolicy.progressView(user) {
            return try await renderProgress(code, request: request, context: context)
        }
        var errors: [FieldError] = []
        let chooses = PlanPolicy.progressView(user) == .named
        let typed = (Query(request: request).text("gemeente") ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        if chooses && !typed.isEmpty {
            if let code = MunicipalityCode(typed) { return .redirect(to: "/tienpuntenplan/\(code.rawValue)", type: .found) }
            errors.append(FieldError(field: "gemeente", code: "invalid_municipality_code"))
        }
        let version = try await plans.published()
        let needNames = try await Self.needNames(plans, t)
        let phases = PlanPhase.allCases.compactMap { phase -> Phase? in
            let points = version.plan.points.filter { $0.phase == phase }
            guard !points.isEmpty else { return nil }
            return Phase(code: phase.rawValue, label: t.text("plan_phase_\(phase.rawValue)"), points: points.map {
                PointText(anchor: "punt-\($0.key)", number: NumberText.format($0.number, t.language), title: $0.title, asks: $0.asks, evidence: $0.evidence,
                          needs: $0.needs.map { needNames[$0] ?? $0.rawValue }.joined(separator: ", "))
            })
        }
        let model = PlanModel(title: version.plan.title, introduction: version.plan.introduction, versionLine: Self.versionLine(version, t),
                              isStarting: version.isStartingVersion, phases: phases, choosesMunicipality: chooses, municipality: typed, errors: FormErrors(errors, t),
                              showsOverview: PlanPolicy.progressView(user) != nil, keepsPlan: PlanPolicy.mayEditPlan(user))
        return try renderer.render("plan", page: model, title: t.text("plan_title"), request: request, context: context,
                                   status: errors.isEmpty ? .ok : .badRequest)
    }

    @Sendable func municipality(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        guard let code = MunicipalityCode(try context.parameters.require("gemeente").uppercased()) else { throw DomainError.notFound }
        return try await renderProgress(code, request: request, context: context)
    }

    private func renderProgress(_ code: MunicipalityCode, request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let plan = try await progress.plan(of: code, actor: context.actor)
        let isOwn = PlanPolicy.mayKeep(context.session?.user, progressOf: code)
        let shares = try await progress.shares(by: context.session?.user)
        let documents = try await evidence.counts(of: code, actor: context.actor)
        let province = plan.municipality.province
        func shown(_ key: String, _ place: Province?) -> String {
            guard let shares, let figure = shares.shares.shown(key, in: place, includesOwn: true, disclosure: shares.disclosure) else { return "–" }
            return NumberText.percent(figure.share, t.language)
        }
        let rows = plan.points.map { state in
            let progress = state.progress
            let day = CalendarDay(progress.nextStepOn).map { t.date($0.start()) }
            return Row(anchor: "punt-\(state.point.key)", href: "/tienpuntenplan/\(code.rawValue)/\(state.point.key)",
                       number: NumberText.format(state.point.number, t.language), title: state.point.title,
                       status: t.text("plan_status_\(progress.status.rawValue)"), statusCode: progress.status.rawValue,
                       since: CalendarDay(progress.since).map { t.text("plan_since", ["day": t.date($0.start())]) },
                       nextStep: progress.nextStep.isEmpty ? "" : (day.map { t.text("plan_next_step_line", ["step": progress.nextStep, "day": $0]) } ?? progress.nextStep),
                       wantsSupport: progress.wantsSupport, needsReview: progress.needsReview,
                       documents: documents[state.point.key].map { t.text($0 == 1 ? "plan_evidence_count_one" : "plan_evidence_count", ["count": NumberText.format($0, t.language)]) },
                       country: shown(state.point.key, nil), province: shown(state.point.key, province))
        }
        let done = plan.count(.inPlace) + plan.count(.sustained)
        let review = plan.points.filter(\.progress.needsReview).count
        let model = ProgressModel(
            name: plan.municipality.name, code: code.rawValue, isOwn: isOwn,
            summary: t.text("plan_summary", ["done": NumberText.format(done, t.language), "total": NumberText.format(plan.points.count, t.language)]),
            counts: ProgressStatus.allCases.map { Count(label: t.text("plan_status_\($0.rawValue)"), value: NumberText.format(plan.count($0), t.language)) },
            lastChanged: plan.lastChanged.map { t.text("plan_last_changed", ["day": t.date($0)]) } ?? t.text("plan_never_changed"),
            versionLine: Self.versionLine(plan.plan, t), isStarting: plan.plan.isStartingVersion, rows: rows,
            provinceHeading: t.text("plan_share_province", ["province": province.rawValue]), reviewCount: review, hasReview: review > 0,
            notice: Self.notice(Query(request: request), t))
        return try renderer.render("plan-progress", page: model, title: t.text("plan_progress_title", ["name": plan.municipality.name]),
                                   request: request, context: context)
    }

    /// What the page says after a save (`gedaan=opgeslagen`) or an upload (`gedaan=bestand`).
    static func notice(_ query: Query, _ t: Catalogue) -> String? {
        switch query.text("gedaan") {
        case "opgeslagen": t.text("plan_done_saved")
        case "bestand": t.text("plan_done_sheet", ["changed": NumberText.format(Int(query.text("gewijzigd") ?? "") ?? 0, t.language),
                                                   "unchanged": NumberText.format(Int(query.text("ongewijzigd") ?? "") ?? 0, t.language)])
        default: nil
        }
    }

    static func versionLine(_ version: PlanVersion, _ t: Catalogue) -> String {
        t.text("plan_version_line", ["version": String(version.version), "day": version.publishedAt.map { t.date($0) } ?? ""])
    }

    static func needNames(_ plans: PlanService, _ t: Catalogue) async throws -> [NeedCode: String] {
        try await plans.needs.names(in: t.language)
    }
}
