import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/beheer/audit`: administrators and auditors search the audit trail, by action,
/// period, person (picked by name) and request number ("who read HV-2026-00004?"). Each
/// entry names its object readably (a request's number, a person's name, a round's
/// title) and links to every entry about that object. Searching is itself recorded.
struct AuditPage {
    let renderer: PageRenderer
    let service: AuditTrailService

    struct Model {
        struct Row {
            let when: String; let actor: String; let action: String; let result: String; let origin: String
            /// "Hulpvraag HV-2026-00004"; `objectHref` lists every entry about it.
            let object: String; let objectHref: String?
            let actorHref: String?
        }
        let actions: [OptionModel]
        let person: String
        let people: [String]
        let number: String
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
        var filter = AuditQuery.filter(query, into: &v)
        // Every entry about one object, as a row's link asks for it.
        if let type = query.text("soort") {
            v.check(type.count <= 40 && type.allSatisfy { $0.isLetter || $0 == "_" }, "soort", "invalid_kind")
            filter.objectType = type
            filter.objectID = query.text("object")
        }
        for problem in try await service.objects.narrow(&filter, person: query.text("persoon"), number: query.text("nummer")) {
            v.add(problem.field, problem.code)
        }
        let pageRequest = PageRequest(number: query.page(into: &v).number, size: 50)
        let page = try await service.search(v.errors.isEmpty ? filter : nil, page: pageRequest, by: user, actor: context.actor)
        let names = try await service.actorNames(page.items)
        let objects = try await service.objects.names(of: page.items)
        let people = try await service.objects.people()
        let rows = page.items.map { record in
            let event = record.event
            let actor = event.actor.map { names[$0] ?? $0.uppercasedText } ?? event.actorLabel ?? t.text("audit_unknown_actor")
            let kind = event.objectType.map { t.strings["audit_object_\($0)"] ?? $0 }
            let named = event.objectType.map(AuditObjects.named.contains) ?? false
            let object = [kind, objects[record.sequence] ?? (named ? t.text("audit_object_gone") : nil)].compactMap { $0 }.joined(separator: " ")
            var href: String?
            if let type = event.objectType, let id = event.objectID {
                href = "/beheer/audit?" + Query.encode(type == "request" && objects[record.sequence] != nil
                    ? [("nummer", objects[record.sequence]!)] : [("soort", type), ("object", id)])
            }
            return Model.Row(when: t.dateTime(event.occurredAt), actor: actor, action: t.text("action_" + event.action.rawValue.replacingOccurrences(of: ".", with: "_")),
                             result: t.text("result_\(event.result.rawValue)"), origin: event.origin ?? "",
                             object: object, objectHref: href,
                             actorHref: event.actor.map { "/beheer/audit?" + Query.encode([("persoon", $0.uppercasedText)]) })
        }
        let model = Model(
            actions: AuditEvent.Action.allCases.map {
                OptionModel(value: $0.rawValue, label: t.text("action_" + $0.rawValue.replacingOccurrences(of: ".", with: "_")), selected: $0 == filter.action)
            },
            person: Self.shown(query.text("persoon"), people: people, names: names, actor: filter.actor),
            people: people.map(\.label), number: query.text("nummer") ?? "",
            from: query.text("van") ?? "", until: query.text("tot") ?? "",
            rows: rows, hasResults: !rows.isEmpty,
            resultCaption: t.text("results_count", ["count": NumberText.format(page.total, context.language)]),
            pagination: PaginationModel(page, request: request, catalogue: t),
            errors: FormErrors(v.errors, t))
        return try renderer.render("audit", page: model, title: t.text("audit_title"), request: request, context: context,
                                   status: v.errors.isEmpty ? .ok : .badRequest)
    }

    /// The person searched for, as the field shows it: "Name (address)".
    private static func shown(_ typed: String?, people: [NamedChoice], names: [UUID: String], actor: UUID?) -> String {
        guard let typed else { return "" }
        if let actor, UUID(text: typed) != nil, let name = names[actor] {
            return people.first { $0.name == name }?.label ?? name
        }
        return NamedChoice.label(of: NamedChoice.resolve(typed, among: people) ?? typed, among: people)
    }
}
