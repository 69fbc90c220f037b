import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/beheer/vernietiging`: retention and destruction for the unit's coordinator and the
/// administrators (issue 23). The rules in force; the lists, the ones waiting for the
/// reader first; a list with its records a page at a time, where the coordinator excludes
/// a record with a reason (`…/uitzonderen`) or takes the exclusion back and hands the list
/// on, and an administrator approves it or sends it back with a reason; the destruction
/// records (`/beheer/vernietiging/verklaringen`). A list shows numbers, municipalities and
/// dates, never a record's text; the number links to the record, whose page applies its
/// own need-to-know.
struct DestructionListPages {
    let renderer: PageRenderer
    let service: RetentionService
    let municipalities: MunicipalityStore

    struct RuleRow { let kind: String; let nomination: String; let period: String; let start: String; let applied: String }
    struct ListRow { let href: String; let number: String; let status: String; let created: String; let items: String; let excluded: String; let waiting: Bool }

    struct OverviewModel {
        let rules: [RuleRow]
        let lists: [ListRow]
        let hasLists: Bool
        let waiting: [ListRow]
        let hasWaiting: Bool
        let due: String
        let pagination: PaginationModel?
    }

    struct ItemRow {
        let kind: String
        let number: String
        let href: String?
        let municipality: String
        let runsFrom: String
        let dueOn: String
        let state: String
        let reason: String?
        let excludeHref: String?
        let includeAction: String?
    }

    struct ListModel {
        let id: String
        let number: String
        let status: String
        let facts: [Fact]
        let returnReason: String?
        let rows: [ItemRow]
        let hasRows: Bool
        let caption: String
        let version: String
        let mayExclude: Bool
        let mayReview: Bool
        let mayApprove: Bool
        let reviewAction: String
        let approveAction: String
        let sendBackAction: String
        let reason: String
        let errors: FormErrors
        let notice: String?
        let next: String
        let pagination: PaginationModel?
    }
    struct Fact { let label: String; let value: String }

    struct ExcludeModel {
        let listNumber: String
        let listHref: String
        let kind: String
        let number: String
        let action: String
        let reason: String
        let errors: FormErrors
    }

    struct RecordRow { let kind: String; let number: String; let list: String; let destroyed: String }
    struct RecordsModel { let rows: [RecordRow]; let hasRows: Bool; let caption: String; let pagination: PaginationModel? }

    func register(on router: Router<AppContext>) {
        router.get("beheer/vernietiging", use: overview)
        router.get("beheer/vernietiging/verklaringen", use: records)
        router.get("beheer/vernietiging/{id}", use: show)
        router.get("beheer/vernietiging/{id}/uitzonderen", use: excludeForm)
        router.post("beheer/vernietiging/{id}/uitzonderen", use: exclude)
        router.post("beheer/vernietiging/{id}/meenemen", use: include)
        router.post("beheer/vernietiging/{id}/beoordeling", use: review)
        router.post("beheer/vernietiging/{id}/goedkeuring", use: approve)
        router.post("beheer/vernietiging/{id}/terugsturen", use: sendBack)
    }

    @Sendable func overview(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        var v = Validator()
        let pageRequest = Query(request: request).page(into: &v)
        let page = try await service.lists(page: pageRequest, actor: context.actor)
        let waiting = try await service.waiting(for: user)
        let due = try await service.plan()
        let schedule = service.schedule
        let rules = schedule.ordered.map { rule in
            RuleRow(kind: t.text("retention_kind_\(rule.type.rawValue)"), nomination: t.text("retention_nomination_\(rule.nomination.rawValue)"),
                    period: rule.nomination == .keep ? "—" : Self.period(rule.period, t), start: t.text("retention_start_\(rule.type.start.rawValue)"),
                    applied: t.text("retention_applied_\(rule.type.application.rawValue)"))
        }
        let model = OverviewModel(rules: rules, lists: page.items.map { row($0, user: user, t) }, hasLists: !page.items.isEmpty,
                                  waiting: waiting.map { row($0, user: user, t) }, hasWaiting: !waiting.isEmpty,
                                  due: t.text("retention_due_now", ["count": NumberText.format(due.count, t.language)]),
                                  pagination: PaginationModel(page, request: request, catalogue: t))
        return try renderer.render("destruction-lists", page: model, title: t.text("retention_title"), request: request, context: context)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await render(try context.identifier("id"), reason: "", errors: [], request: request, context: context)
    }

    @Sendable func excludeForm(_ request: Request, context: AppContext) async throws -> Response {
        try await renderExclusion(try context.identifier("id"), reason: "", errors: [], request: request, context: context)
    }

    @Sendable func exclude(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        var request = request
        // Which record is in the address (the form's action), as on the form page.
        let query = Query(request: request)
        let (type, record) = try Self.record(query.text("soort"), query.text("record"))
        let reason = try await request.form(context).value("reden") ?? ""
        do {
            try await service.exclude(type, record, from: id, reason: reason, actor: context.actor)
        } catch DomainError.invalid(let errors) {
            return try await renderExclusion(id, type: type, record: record, reason: reason, errors: errors, request: request, context: context)
        }
        return .redirect(to: "/beheer/vernietiging/\(id.lowercasedText)?gedaan=uitgezonderd", type: .normal)
    }

    @Sendable func include(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        let query = Query(request: request)
        let (type, record) = try Self.record(query.text("soort"), query.text("record"))
        try await service.include(type, record, in: id, actor: context.actor)
        return .redirect(to: "/beheer/vernietiging/\(id.lowercasedText)?gedaan=meegenomen", type: .normal)
    }

    @Sendable func review(_ request: Request, context: AppContext) async throws -> Response {
        try await step(request, context, done: "beoordeeld") { try await service.review($0, version: $1, actor: context.actor) }
    }

    @Sendable func approve(_ request: Request, context: AppContext) async throws -> Response {
        try await step(request, context, done: "goedgekeurd") { try await service.approve($0, version: $1, actor: context.actor) }
    }

    /// A step on the list as the reader saw it (its `versie`), then back to the list saying it was done.
    private func step(_ request: Request, _ context: AppContext, done: String, _ take: (UUID, Int) async throws -> Void) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        var request = request
        try await take(id, try Self.version(try await request.form(context).value("versie")))
        return .redirect(to: "/beheer/vernietiging/\(id.lowercasedText)?gedaan=\(done)", type: .normal)
    }

    @Sendable func sendBack(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        var request = request
        let form = try await request.form(context)
        let version = try Self.version(form.value("versie"))
        let reason = form.value("reden") ?? ""
        do {
            try await service.sendBack(id, version: version, reason: reason, actor: context.actor)
        } catch DomainError.invalid(let errors) {
            return try await render(id, reason: reason, errors: errors, request: request, context: context)
        }
        return .redirect(to: "/beheer/vernietiging/\(id.lowercasedText)?gedaan=teruggestuurd", type: .normal)
    }

    @Sendable func records(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let t = renderer.catalogue(context.language)
        var v = Validator()
        let page = try await service.records(page: Query(request: request).page(into: &v), actor: context.actor)
        let rows = page.items.map {
            RecordRow(kind: t.text("retention_kind_\($0.type.rawValue)"), number: $0.number, list: $0.listNumber, destroyed: t.dateTime($0.destroyedAt))
        }
        let model = RecordsModel(rows: rows, hasRows: !rows.isEmpty, caption: t.text("results_count", ["count": NumberText.format(page.total, t.language)]),
                                 pagination: PaginationModel(page, request: request, catalogue: t))
        return try renderer.render("destruction-records", page: model, title: t.text("retention_records_title"), request: request, context: context)
    }

    private func render(_ id: UUID, reason: String, errors: [FieldError], request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        var v = Validator()
        let view = try await service.read(id, page: Query(request: request).page(into: &v), actor: context.actor)
        let list = view.list
        let names = Dictionary(try await municipalities.some(Set(view.items.items.compactMap(\.municipality))).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let base = "/beheer/vernietiging/\(id.lowercasedText)"
        let rows = view.items.items.map { item in
            let state: String
            if let destroyed = item.destroyedAt {
                state = t.text("retention_item_destroyed", ["when": t.date(destroyed)])
            } else if let exclusion = item.exclusion {
                state = t.text("retention_item_excluded", ["until": t.date(exclusion.until.start())])
            } else if list.status == .destroyed {
                state = t.text("retention_item_kept")
            } else {
                state = t.text("retention_item_to_destroy")
            }
            let query = "soort=\(item.type.rawValue)&record=\(item.recordID.lowercasedText)"
            return ItemRow(kind: t.text("retention_kind_\(item.type.rawValue)"), number: item.number, href: Self.href(item),
                           municipality: item.municipality.map { names[$0] ?? $0.rawValue } ?? "—", runsFrom: t.date(item.runsFrom), dueOn: t.date(item.dueOn.start()),
                           state: state, reason: item.exclusion?.reason,
                           excludeHref: view.mayExclude && item.exclusion == nil ? "\(base)/uitzonderen?\(query)" : nil,
                           includeAction: view.mayExclude && item.exclusion != nil ? query : nil)
        }
        var facts = [Fact(label: t.text("retention_list_created"), value: t.dateTime(list.createdAt))]
        if let at = list.reviewedAt { facts.append(Fact(label: t.text("retention_list_reviewed"), value: t.dateTime(at))) }
        if let at = list.approvedAt { facts.append(Fact(label: t.text("retention_list_approved"), value: t.dateTime(at))) }
        if let at = list.destroyedAt { facts.append(Fact(label: t.text("retention_list_destroyed"), value: t.dateTime(at))) }
        facts.append(Fact(label: t.text("retention_list_items"), value: t.text("retention_list_counts", [
            "count": NumberText.format(list.items, t.language), "excluded": NumberText.format(list.excluded, t.language)])))
        let done = Query(request: request).text("gedaan").flatMap { ["uitgezonderd", "meegenomen", "beoordeeld", "goedgekeurd", "teruggestuurd"].contains($0) ? $0 : nil }
        let model = ListModel(
            id: id.lowercasedText, number: list.number, status: t.text("retention_status_\(list.status.rawValue)"), facts: facts,
            returnReason: list.status == .inReview ? list.returnReason : nil, rows: rows, hasRows: !rows.isEmpty,
            caption: t.text("retention_list_caption", ["count": NumberText.format(view.items.total, t.language)]), version: String(list.version),
            mayExclude: view.mayExclude, mayReview: view.mayReview, mayApprove: view.mayApprove,
            reviewAction: "\(base)/beoordeling", approveAction: "\(base)/goedkeuring", sendBackAction: "\(base)/terugsturen", reason: reason,
            errors: FormErrors(errors, t), notice: done.map { t.text("retention_notice_\($0)") },
            next: t.text("retention_next_\(list.status.rawValue)_\(RetentionPolicy.mayApprove(user) ? "beheerder" : "coordinator")"),
            pagination: PaginationModel(view.items, request: request, catalogue: t))
        return try renderer.render("destruction-list", page: model, title: "\(t.text("retention_list")) \(list.number)", request: request, context: context,
                                   status: errors.isEmpty ? .ok : .badRequest)
    }

    private func renderExclusion(_ id: UUID, type: RetentionRecordType? = nil, record: UUID? = nil, reason: String, errors: [FieldError],
                                 request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let query = Query(request: request)
        let (kind, recordID) = try type.flatMap { type in record.map { (type, $0) } } ?? Self.record(query.text("soort"), query.text("record"))
        let view = try await service.read(id, page: PageRequest(), actor: context.actor)
        guard view.mayExclude else { throw DomainError.conflict("destruction_list_not_in_review") }
        guard let item = try await service.item(kind, recordID, on: id, actor: context.actor) else { throw DomainError.notFound }
        let base = "/beheer/vernietiging/\(id.lowercasedText)"
        let model = ExcludeModel(listNumber: view.list.number, listHref: base, kind: t.text("retention_kind_\(kind.rawValue)"), number: item.number,
                                 action: "\(base)/uitzonderen?soort=\(kind.rawValue)&record=\(recordID.lowercasedText)", reason: reason, errors: FormErrors(errors, t))
        return try renderer.render("destruction-exclude", page: model, title: t.text("retention_exclude_title", ["number": item.number]), request: request,
                                   context: context, status: errors.isEmpty ? .ok : .badRequest)
    }

    private func row(_ list: DestructionList, user: User, _ t: Catalogue) -> ListRow {
        ListRow(href: "/beheer/vernietiging/\(list.id.lowercasedText)", number: list.number, status: t.text("retention_status_\(list.status.rawValue)"),
                created: t.date(list.createdAt), items: NumberText.format(list.items, t.language), excluded: NumberText.format(list.excluded, t.language),
                waiting: (list.status == .inReview && RetentionPolicy.mayReview(user)) || (list.status == .reviewed && RetentionPolicy.mayApprove(user)))
    }

    /// A period as people read it: "5 jaar", "18 maanden", "2 jaar en 6 maanden".
    static func period(_ period: RetentionPeriod, _ t: Catalogue) -> String {
        var parts: [String] = []
        if period.years > 0 { parts.append(t.text(period.years == 1 ? "retention_year" : "retention_years", ["count": NumberText.format(period.years, t.language)])) }
        if period.months > 0 { parts.append(t.text(period.months == 1 ? "retention_month" : "retention_months", ["count": NumberText.format(period.months, t.language)])) }
        if period.days > 0 || parts.isEmpty { parts.append(t.text(period.days == 1 ? "retention_day" : "retention_days", ["count": NumberText.format(period.days, t.language)])) }
        return parts.joined(separator: " \(t.text("retention_and")) ")
    }

    static func href(_ item: DestructionItem) -> String? {
        switch item.type {
        case .supportRequest: "/hulpvragen/\(item.recordID.lowercasedText)"
        case .incident: "/incidenten/\(item.recordID.lowercasedText)"
        case .networkEntry: "/netwerken/\(item.recordID.lowercasedText)"
        case .registration, .quickscanResponse, .webhookDelivery, .session, .auditTrail: nil
        }
    }

    static func record(_ type: String?, _ record: String?) throws -> (RetentionRecordType, UUID) {
        guard let type = type.flatMap(RetentionRecordType.init(rawValue:)), let id = record.flatMap(UUID.init(text:)) else { throw DomainError.notFound }
        return (type, id)
    }

    static func version(_ text: String?) throws -> Int {
        guard let version = text.flatMap({ Int($0) }) else { throw DomainError.conflict("destruction_list_changed") }
        return version
    }
}
