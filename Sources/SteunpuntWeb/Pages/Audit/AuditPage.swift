import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/beheer/audit`: administrators and auditors search the audit trail. Searching is
/// itself recorded.
struct AuditPage {
    let renderer: PageRenderer
    let service: AuditTrailService

    struct Model {
        struct Row { let when: String; let actor: String; let action: String; let object: String; let result: String; let origin: String }
        let actions: [OptionModel]
        let from: String
        let until: String
        let rows: [Row]
        let hasResults: Bool
        let resultCaption: String
        let pagination: PaginationModel?
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("beheer/audit", use: show)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard AccessPolicy.canReadAuditTrail(user) else { throw DomainError.forbidden }
        let t = renderer.catalogue(context.language)
        let query = Query(request: request)
        var v = Validator()
        let filter = AuditQuery.filter(query, into: &v)
        let pageRequest = PageRequest(number: query.page(into: &v).number, size: 50)
        let page = try await service.search(v.errors.isEmpty ? filter : nil, page: pageRequest, by: user, actor: context.actor)
        let names = try await service.actorNames(page.items)
        let rows = page.items.map { record in
            let event = record.event
            let actor = event.actor.map { names[$0] ?? $0.uuidString } ?? event.actorLabel ?? t.text("audit_unknown_actor")
            return Model.Row(when: t.dateTime(event.occurredAt), actor: actor, action: t.text("action_" + event.action.rawValue.replacingOccurrences(of: ".", with: "_")),
                             object: [event.objectType, event.objectID].compactMap { $0 }.joined(separator: " "),
                             result: t.text("result_\(event.result.rawValue)"), origin: event.origin ?? "")
        }
        let model = Model(
            actions: AuditEvent.Action.allCases.map {
                OptionModel(value: $0.rawValue, label: t.text("action_" + $0.rawValue.replacingOccurrences(of: ".", with: "_")), selected: $0 == filter.action)
            },
            from: query.text("van") ?? "", until: query.text("tot") ?? "",
            rows: rows, hasResults: !rows.isEmpty,
            resultCaption: t.text("results_count", ["count": NumberText.format(page.total, context.language)]),
            pagination: PaginationModel(page, request: request, catalogue: t),
            errors: FormErrors(v.errors, t))
        return try renderer.render("audit", page: model, title: t.text("audit_title"), request: request, context: context,
                                   status: v.errors.isEmpty ? .ok : .badRequest)
    }
}
