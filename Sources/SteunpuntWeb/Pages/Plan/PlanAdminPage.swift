import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/tienpuntenplan/beheer`: where the unit keeps the plan. The version it works on (the
/// draft, or the published version a first change turns into a new draft), its points in
/// order with what each changes against the published plan, and a way to edit, add,
/// move and remove them; the versions so far. `/tienpuntenplan/beheer/publicatie`: what
/// publishing the draft changes for municipalities, and (the coordinator) publishing it.
/// Others get 404: the plan's drafts are the unit's working material.
struct PlanAdminPage {
    let renderer: PageRenderer
    let plans: PlanService

    struct Row {
        let key: String; let number: String; let title: String; let phase: String
        let change: String?; let changeCode: String?; let editHref: String; let actionBase: String
        let mayMoveUp: Bool; let mayMoveDown: Bool
    }
    struct VersionRow { let number: String; let status: String; let changed: String; let published: String }
    struct ChangeRow { let title: String; let change: String; let changeCode: String; let effect: String }

    struct Model {
        let versionLine: String
        let isDraft: Bool
        let isStarting: Bool
        let draftNote: String
        let title: String
        let introduction: String
        let rows: [Row]
        let removed: [String]
        let hasRemoved: Bool
        let version: String
        let mayPublish: Bool
        let versions: [VersionRow]
        let notice: String?
        let errors: FormErrors
    }

    struct PublishModel {
        let versionLine: String
        let version: String
        let changes: [ChangeRow]
        let hasChanges: Bool
        let reviewCount: String
        let mayPublish: Bool
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("tienpuntenplan/beheer", use: show)
        router.get("tienpuntenplan/beheer/publicatie", use: review)
        router.post("tienpuntenplan/beheer/publicatie", use: publish)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await render(request: request, context: context)
    }

    /// Renders the page, with `errors` from a move or removal that could not be made.
    func render(request: Request, context: AppContext, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let latest = try await plans.latest(by: user)
        let changes = try await plans.changes(of: latest)
        let rows = latest.plan.points.enumerated().map { offset, point in
            let change = latest.status == .draft ? changes.change(of: point.key).flatMap { $0 == .unchanged ? nil : $0 } : nil
            return Row(key: point.key, number: NumberText.format(point.number, t.language), title: point.title, phase: t.text("plan_phase_\(point.phase.rawValue)"),
                       change: change.map { t.text("plan_change_\($0.rawValue)") }, changeCode: change?.rawValue,
                       editHref: "/tienpuntenplan/beheer/punten/\(point.key)", actionBase: "/tienpuntenplan/beheer/punten/\(point.key)",
                       mayMoveUp: offset > 0, mayMoveDown: offset < latest.plan.points.count - 1)
        }
        let removed = latest.status == .draft ? changes.points.filter { $0.change == .removed }.map(\.title) : []
        let notice = Query(request: request).text("gedaan").flatMap { ["opgeslagen", "gepubliceerd"].contains($0) ? t.text("plan_admin_done_\($0)") : nil }
        let model = Model(
            versionLine: Self.versionLine(latest, t), isDraft: latest.status == .draft, isStarting: latest.isStartingVersion,
            draftNote: t.text(latest.status == .draft ? "plan_admin_draft_note" : "plan_admin_published_note", ["next": NumberText.format(latest.version + 1, t.language)]),
            title: latest.plan.title, introduction: latest.plan.introduction, rows: rows, removed: removed, hasRemoved: !removed.isEmpty,
            version: String(latest.version), mayPublish: PlanPolicy.mayPublish(user),
            versions: try await plans.versions(by: user).map { version in
                VersionRow(number: NumberText.format(version.version, t.language), status: t.text("plan_version_status_\(version.status.rawValue)"),
                           changed: t.dateTime(version.changedAt), published: version.publishedAt.map(t.dateTime) ?? "–")
            },
            notice: notice, errors: FormErrors(errors, t))
        return try renderer.render("plan-admin", page: model, title: t.text("plan_admin_title"), request: request, context: context, status: status)
    }

    @Sendable func review(_ request: Request, context: AppContext) async throws -> Response {
        try await renderReview(request: request, context: context)
    }

    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await request.form(context)
        let version = form.value("versie").flatMap(Int.init) ?? 0
        do {
            _ = try await plans.publish(version, actor: context.actor)
            return .redirect(to: "/tienpuntenplan/beheer?gedaan=gepubliceerd", type: .normal)
        } catch DomainError.conflict(let code) {
            // Published meanwhile (or changed): the plan's page says so, with the version as it is now.
            return try await render(request: request, context: context, errors: [FieldError(field: "versie", code: code)], status: .conflict)
        }
    }

    private func renderReview(request: Request, context: AppContext, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let latest = try await plans.latest(by: user)
        guard latest.status == .draft else { return .redirect(to: "/tienpuntenplan/beheer", type: .normal) }
        let changes = try await plans.changes(of: latest)
        let rows = changes.points.filter { $0.change != .unchanged }.map { difference in
            ChangeRow(title: difference.title, change: t.text("plan_change_\(difference.change.rawValue)"), changeCode: difference.change.rawValue,
                      effect: t.text("plan_change_effect_\(difference.change.rawValue)"))
        }
        let model = PublishModel(versionLine: Self.versionLine(latest, t), version: String(latest.version), changes: rows, hasChanges: !rows.isEmpty,
                                 reviewCount: t.text("plan_publish_review_count", ["count": NumberText.format(changes.toReview.count, t.language)]),
                                 mayPublish: PlanPolicy.mayPublish(user), errors: FormErrors(errors, t))
        return try renderer.render("plan-admin-publish", page: model, title: t.text("plan_publish_title"), request: request, context: context, status: status)
    }

    /// "Versie 2 (concept), laatst gewijzigd op 4 december 2026 om 15:00".
    static func versionLine(_ version: PlanVersion, _ t: Catalogue) -> String {
        t.text("plan_admin_version_line", ["version": NumberText.format(version.version, t.language),
                                           "status": t.text("plan_version_status_\(version.status.rawValue)"), "day": t.dateTime(version.changedAt)])
    }
}
