import Foundation
import SQLKit
import SteunpuntDomain

/// What a request list is narrowed to. Every field is optional; all given ones apply.
public struct RequestFilter: Sendable, Equatable {
    public var statuses: [RequestStatus] = []
    public var municipality: MunicipalityCode?
    public var province: Province?
    public var need: NeedCode?
    public var channel: RequestChannel?
    public var assignee: UUID?
    public var requester: OrganisationID?
    public var deadline: DeadlineState?
    /// Filed on or after / before.
    public var createdFrom: Date?
    public var createdBefore: Date?
    /// Words in the number, title or description (case and diacritics ignored).
    public var text: String?

    public init(statuses: [RequestStatus] = [], municipality: MunicipalityCode? = nil, province: Province? = nil, need: NeedCode? = nil,
                channel: RequestChannel? = nil, assignee: UUID? = nil, requester: OrganisationID? = nil, deadline: DeadlineState? = nil,
                createdFrom: Date? = nil, createdBefore: Date? = nil, text: String? = nil) {
        self.statuses = statuses
        self.municipality = municipality
        self.province = province
        self.need = need
        self.channel = channel
        self.assignee = assignee
        self.requester = requester
        self.deadline = deadline
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.text = text
    }
}

/// The SQL of request reads: the need-to-know scope first, then the filter.
enum RequestQuery {
    static let table = SQLIdentifier("support_requests")

    static func column(_ name: String) -> SQLColumn { SQLColumn(name, table: "support_requests") }

    /// Adds the caller's scope. `.none` matches nothing.
    static func scoped(_ query: SQLSelectBuilder, _ scope: RequestScope) -> SQLSelectBuilder {
        switch scope {
        case .none:
            return query.where(SQLRaw("1 = 0"))
        case .requester(let organisation):
            return query.where(column("requester_id"), .equal, SQLBind(organisation.rawValue))
        case .party(let organisation):
            return query.where(SQLQueryString("""
                EXISTS (SELECT 1 FROM request_parties WHERE request_parties.request_id = support_requests.id \
                AND request_parties.organisation_id = \(bind: organisation.rawValue))
                """))
        case .assigned(let organisation, let user):
            return query.where(column("holder_id"), .equal, SQLBind(organisation.rawValue))
                .where(column("assignee_id"), .equal, SQLBind(user.uuidString))
        }
    }

    static func filtered(_ query: SQLSelectBuilder, _ filter: RequestFilter) -> SQLSelectBuilder {
        var query = query
        if !filter.statuses.isEmpty { query = query.where(column("status"), .in, SQLBind.group(filter.statuses.map(\.rawValue))) }
        if let code = filter.municipality { query = query.where(column("municipality_code"), .equal, SQLBind(code.rawValue)) }
        if let province = filter.province { query = query.where(column("province"), .equal, SQLBind(province.rawValue)) }
        if let need = filter.need {
            query = query.where(SQLQueryString("""
                EXISTS (SELECT 1 FROM request_needs WHERE request_needs.request_id = support_requests.id \
                AND request_needs.need_code = \(bind: need.rawValue))
                """))
        }
        if let channel = filter.channel { query = query.where(column("channel"), .equal, SQLBind(channel.rawValue)) }
        if let assignee = filter.assignee { query = query.where(column("assignee_id"), .equal, SQLBind(assignee.uuidString)) }
        if let requester = filter.requester { query = query.where(column("requester_id"), .equal, SQLBind(requester.rawValue)) }
        if let deadline = filter.deadline { query = query.where(column("deadline_state"), .equal, SQLBind(deadline.rawValue)) }
        if let from = filter.createdFrom { query = query.where(column("created_at"), .greaterThanOrEqual, SQLBind(from)) }
        if let before = filter.createdBefore { query = query.where(column("created_at"), .lessThan, SQLBind(before)) }
        if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            for word in text.split(separator: " ") {
                query = query.where(TextMatch.predicate(text: String(word), key: column("search_key")))
            }
        }
        return query
    }
}

extension RequestStore {
    /// A page of the requests within `scope` that match `filter`, newest first.
    public func list(_ filter: RequestFilter, scope: RequestScope, page: PageRequest) async throws -> Page<RequestListItem> {
        guard scope != .none else { return Page(items: [], total: 0, request: page) }
        let count = RequestQuery.filtered(RequestQuery.scoped(
            database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("support_requests"), scope), filter)
        let total = try await count.first()?.decode(column: "n", as: Int.self) ?? 0
        let select = database.sql.select().column(SQLColumn(SQLLiteral.all, table: RequestQuery.table))
            .column(SQLColumn("name", table: "organisations"), as: "requester_name")
            .column(SQLColumn("name", table: "municipalities"), as: "municipality_name")
            .from("support_requests")
            .join("organisations", on: SQLColumn("id", table: "organisations"), .equal, RequestQuery.column("requester_id"))
            .join("municipalities", on: SQLColumn("code", table: "municipalities"), .equal, RequestQuery.column("municipality_code"))
        let rows = try await RequestQuery.filtered(RequestQuery.scoped(select, scope), filter)
            .orderBy(SQLOrderBy(expression: RequestQuery.column("created_at"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: RequestQuery.column("id"), direction: SQLDirection.descending))
            .limit(page.size).offset(page.offset).all()
        var items = try rows.map(RequestRows.decodeItem)
        // The needs of the page's requests, in one query.
        if !items.isEmpty {
            var needs: [String: [NeedCode]] = [:]
            for row in try await database.sql.select().columns("request_id", "need_code").from("request_needs")
                .where("request_id", .in, items.map { $0.request.id.uuidString }).orderBy("need_code").all() {
                if let code = NeedCode(try row.decode(column: "need_code", as: String.self)) {
                    needs[try row.decode(column: "request_id", as: String.self), default: []].append(code)
                }
            }
            items = items.map { item in
                var request = item.request
                request.needs = needs[request.id.uuidString] ?? []
                return RequestListItem(request: request, requesterName: item.requesterName, municipalityName: item.municipalityName)
            }
        }
        return Page(items: items, total: total, request: page)
    }
}
