import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// The unit's forms for the plan's draft, each saving one edit (`PlanEdit`) into it:
/// `/tienpuntenplan/beheer/plan` (title and introduction), `/tienpuntenplan/beheer/punten/nieuw`
/// and `/tienpuntenplan/beheer/punten/{punt}` (a point), and the buttons of the plan's page
/// (`…/{punt}/omhoog`, `…/omlaag`, `…/verwijderen`). Every form names the version it was
/// read at and, for a point or the header, what it showed (`gelezen`, a fingerprint): an
/// edit of another point made meanwhile is kept beside this one, a change of the same part
/// is refused with what was typed kept and what stands there now shown, to be merged and
/// saved again; every problem at once. The first edit of a published plan makes the next
/// version, as a draft.
struct PlanEditPage {
    let renderer: PageRenderer
    let plans: PlanService
    let admin: PlanAdminPage

    /// What the point form holds, as typed.
    struct PointDraft {
        var key = ""
        var phase = PlanPhase.prevention.rawValue
        var title = ""
        var asks = ""
        var evidence = ""
        var needs: [String] = []
        var offerings = ""

        init() {}

        init(_ point: PlanPoint) {
            key = point.key
            phase = point.phase.rawValue
            title = point.title
            asks = point.asks
            evidence = point.evidence
            needs = point.needs.map(\.rawValue)
            offerings = point.offerings.joined(separator: "\n")
        }

        init(_ form: FormData, key: String?) {
            self.key = key ?? (form.value("sleutel") ?? "").trimmingCharacters(in: .whitespaces)
            phase = form.value("fase") ?? ""
            title = form.value("titel") ?? ""
            asks = form.value("vraagt") ?? ""
            evidence = form.value("bewijs") ?? ""
            needs = form.values("behoeften")
            offerings = form.value("aanbod") ?? ""
        }

        /// The point it makes; nil when no phase was chosen (`phase` stands in to check the rest).
        func point(number: Int, phase standIn: PlanPhase? = nil) -> PlanPoint? {
            guard let phase = PlanPhase(rawValue: phase) ?? standIn else { return nil }
            let offerings = offerings.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return PlanPoint(key: key, number: number, phase: phase, title: title, asks: asks, evidence: evidence,
                             needs: needs.compactMap(NeedCode.init), offerings: offerings)
        }
    }

    struct PointModel {
        let heading: String
        let action: String
        let isNew: Bool
        let version: String
        /// The fingerprint of the point as the form shows it (`gelezen`).
        let read: String
        let draft: PointDraft
        let phases: [OptionModel]
        let needs: [OptionModel]
        let errors: FormErrors
        /// What someone else saved in the point meanwhile, after a refused save.
        let current: [Fact]?
    }

    struct Fact { let label: String; let value: String }

    struct HeaderModel {
        let action: String
        let version: String
        let read: String
        let title: String
        let introduction: String
        let errors: FormErrors
        let current: [Fact]?
    }

    static let partChanged = "plan_part_changed"

    func register(on router: Router<AppContext>) {
        router.get("tienpuntenplan/beheer/plan", use: header)
        router.post("tienpuntenplan/beheer/plan", use: saveHeader)
        router.get("tienpuntenplan/beheer/punten/nieuw", use: newPoint)
        router.post("tienpuntenplan/beheer/punten/nieuw", use: addPoint)
        router.get("tienpuntenplan/beheer/punten/{punt}", use: point)
        router.post("tienpuntenplan/beheer/punten/{punt}", use: savePoint)
        router.post("tienpuntenplan/beheer/punten/{punt}/omhoog", use: moveUp)
        router.post("tienpuntenplan/beheer/punten/{punt}/omlaag", use: moveDown)
        router.post("tienpuntenplan/beheer/punten/{punt}/verwijderen", use: remove)
    }

    // MARK: title and introduction

    @Sendable func header(_ request: Request, context: AppContext) async throws -> Response {
        let latest = try await plans.latest(by: try context.requireUser())
        return try await renderHeader(title: latest.plan.title, introduction: latest.plan.introduction, version: latest.version, read: latest.plan.headerFingerprint,
                                      errors: [], request: request, context: context)
    }

    @Sendable func saveHeader(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await request.form(context)
        let (title, introduction) = (form.value("titel") ?? "", form.value("inleiding") ?? "")
        let version = form.value("versie").flatMap(Int.init) ?? 0
        let read = form.value("gelezen") ?? ""
        return try await VersionedSave.save(staleCode: "plan_changed", told: [Self.partChanged], {
            _ = try await plans.edit(.header(title: title, introduction: introduction), basedOn: version, read: read.isEmpty ? nil : read, actor: context.actor)
            return .redirect(to: "/tienpuntenplan/beheer?gedaan=opgeslagen", type: .normal)
        }, form: { errors, status in
            try await renderHeader(title: title, introduction: introduction, version: version, read: read, errors: errors, request: request, context: context,
                                   status: status)
        })
    }

    private func renderHeader(title: String, introduction: String, version: Int, read: String, errors: [FieldError], request: Request, context: AppContext,
                              status: HTTPResponse.Status? = nil) async throws -> Response {
        let t = renderer.catalogue(context.language)
        var read = read, current: [Fact]?
        if errors.contains(where: { $0.code == Self.partChanged }) {
            // Saving again means: this is what it should be now, having seen what is there.
            let latest = try await plans.latest(by: context.session?.user)
            read = latest.plan.headerFingerprint
            current = [Fact(label: t.text("field_name_titel"), value: latest.plan.title), Fact(label: t.text("field_name_inleiding"), value: latest.plan.introduction)]
        }
        let model = HeaderModel(action: "/tienpuntenplan/beheer/plan", version: String(version), read: read, title: title, introduction: introduction,
                                errors: FormErrors(errors, t), current: current)
        return try renderer.render("plan-admin-header", page: model, title: t.text("plan_admin_header_title"), request: request, context: context,
                                   status: status ?? (errors.isEmpty ? .ok : .badRequest))
    }

    // MARK: a point

    @Sendable func newPoint(_ request: Request, context: AppContext) async throws -> Response {
        let latest = try await plans.latest(by: try context.requireUser())
        return try await renderPoint(key: nil, draft: PointDraft(), version: latest.version, read: "", errors: [], request: request, context: context)
    }

    @Sendable func point(_ request: Request, context: AppContext) async throws -> Response {
        let latest = try await plans.latest(by: try context.requireUser())
        let key = try context.parameters.require("punt")
        guard let point = latest.plan.point(key) else { throw DomainError.notFound }
        return try await renderPoint(key: key, draft: PointDraft(point), version: latest.version, read: point.fingerprint, errors: [], request: request,
                                     context: context)
    }

    @Sendable func addPoint(_ request: Request, context: AppContext) async throws -> Response {
        try await save(key: nil, request: request, context: context)
    }

    @Sendable func savePoint(_ request: Request, context: AppContext) async throws -> Response {
        try await save(key: try context.parameters.require("punt"), request: request, context: context)
    }

    private func save(key: String?, request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await request.form(context)
        let draft = PointDraft(form, key: key)
        let version = form.value("versie").flatMap(Int.init) ?? 0
        let read = form.value("gelezen") ?? ""
        return try await VersionedSave.save(staleCode: "plan_changed", told: [Self.partChanged], {
            guard let point = draft.point(number: 0) else {
                // No phase: that, and every other problem of the form at once.
                let others = try await plans.problems(of: draft.point(number: 0, phase: .foundation)!, by: context.session?.user)
                throw DomainError.invalid([FieldError(field: "fase", code: "required")] + others)
            }
            let edit: PlanEdit = key.map { .replace(key: $0, with: point) } ?? .add(point)
            _ = try await plans.edit(edit, basedOn: version, read: key == nil || read.isEmpty ? nil : read, actor: context.actor)
            return .redirect(to: "/tienpuntenplan/beheer?gedaan=opgeslagen#punt-\(point.key)", type: .normal)
        }, form: { errors, status in
            try await renderPoint(key: key, draft: draft, version: version, read: read, errors: errors, request: request, context: context, status: status)
        })
    }

    private func renderPoint(key: String?, draft: PointDraft, version: Int, read: String, errors: [FieldError], request: Request, context: AppContext,
                             status: HTTPResponse.Status? = nil) async throws -> Response {
        let t = renderer.catalogue(context.language)
        var read = read, current: [Fact]?
        if let key, errors.contains(where: { $0.code == Self.partChanged }), let point = try await plans.latest(by: context.session?.user).plan.point(key) {
            // Saving again means: this is what it should be now, having seen what is there.
            read = point.fingerprint
            let names = try await PlanPage.needNames(plans, t)
            current = [Fact(label: t.text("field_name_titel"), value: point.title), Fact(label: t.text("field_name_vraagt"), value: point.asks),
                       Fact(label: t.text("field_name_bewijs"), value: point.evidence),
                       Fact(label: t.text("field_name_behoeften"), value: point.needs.map { names[$0] ?? $0.rawValue }.joined(separator: ", ")),
                       Fact(label: t.text("field_name_aanbod"), value: point.offerings.joined(separator: ", "))].filter { !$0.value.isEmpty }
        }
        let names = try await PlanPage.needNames(plans, t)
        let needs = try await plans.needs.all().filter(\.isActive).map { need in
            OptionModel(value: need.code.rawValue, label: names[need.code] ?? need.code.rawValue, selected: draft.needs.contains(need.code.rawValue))
        }
        let model = PointModel(
            heading: key == nil ? t.text("plan_admin_point_new") : t.text("plan_admin_point_edit", ["title": draft.title]),
            action: key.map { "/tienpuntenplan/beheer/punten/\($0)" } ?? "/tienpuntenplan/beheer/punten/nieuw", isNew: key == nil,
            version: String(version), read: read, draft: draft,
            phases: PlanPhase.allCases.map { OptionModel(value: $0.rawValue, label: t.text("plan_phase_\($0.rawValue)"), selected: $0.rawValue == draft.phase) },
            needs: needs, errors: FormErrors(errors, t), current: current)
        return try renderer.render("plan-admin-point", page: model, title: model.heading, request: request, context: context,
                                   status: status ?? (errors.isEmpty ? .ok : .badRequest))
    }

    // MARK: order and removal

    @Sendable func moveUp(_ request: Request, context: AppContext) async throws -> Response {
        try await apply(request: request, context: context) { .move(key: $0, up: true) }
    }

    @Sendable func moveDown(_ request: Request, context: AppContext) async throws -> Response {
        try await apply(request: request, context: context) { .move(key: $0, up: false) }
    }

    @Sendable func remove(_ request: Request, context: AppContext) async throws -> Response {
        try await apply(request: request, context: context) { .remove(key: $0) }
    }

    /// Applies a button's edit and returns to the plan, at the point; a change made
    /// meanwhile, or a plan left without points, shows the plan with the problem.
    private func apply(request: Request, context: AppContext, _ edit: (String) -> PlanEdit) async throws -> Response {
        _ = try context.requireUser()
        let key = try context.parameters.require("punt")
        var request = request
        let form = try await request.form(context)
        let version = form.value("versie").flatMap(Int.init) ?? 0
        return try await VersionedSave.save(staleCode: "plan_changed", {
            _ = try await plans.edit(edit(key), basedOn: version, actor: context.actor)
            return .redirect(to: "/tienpuntenplan/beheer?gedaan=opgeslagen#punt-\(key)", type: .normal)
        }, form: { errors, status in
            try await admin.render(request: request, context: context, errors: errors, status: status ?? .badRequest)
        })
    }
}
