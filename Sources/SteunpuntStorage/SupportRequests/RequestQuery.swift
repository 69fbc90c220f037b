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
    /// Held by this organisation now (its turn).
    public var holder: OrganisationID?
    /// No advisor assigned.
    public var unassignedOnly = false
    /// The last change of status was a declined referral (`true`), was not (`false`), or either.
    public var declinedBack: Bool?
    /// Earliest deadline first (a work queue), instead of newest first.
    public var byDeadline = false

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

    /// This filter narrowed to a work queue as `user` sees it: the queue's statuses replace
    /// any asked for; its deadline state, if it has one, replaces the one asked for; the
    /// other filters (place, need, words) still apply. The caller's scope applies apart.
    public func narrowed(to queue: WorkQueue, for user: User) -> RequestFilter {
        var filter = self
        filter.statuses = queue.statuses
        filter.deadline = queue.deadline ?? deadline
        if queue.heldByOwnOrganisation { filter.holder = user.organisation }
        filter.unassignedOnly = queue.unassignedOnly
        filter.declinedBack = queue.declinedBack
        return filter
    }
}

/// The SQL of request reads: the need-to-know scope first, then the filter.
enum RequestQuery {
    static let table = SQLName("support_requests")

    static func column(_ name: String) -> SQLName { SQLName(name, table: "support_requests") }

    /// Adds the caller's scope. `.none` matches nothing.
    static func scoped(_ query: SQLSelectBuilder, _ scope: RequestScope) -> SQLSelectBuilder {
        query.where(condition(scope))
    }

    /// The caller's scope as a condition on the requests named `table` (the table itself, or
    /// an alias in a query of its own: the indicators' `r`). The one statement of who sees
    /// which request in SQL; `.none` matches nothing.
    static func condition(_ scope: RequestScope, on table: String = "support_requests") -> SQLQueryString {
        switch scope {
        case .none:
            return "1 = 0"
        case .requester(let organisation):
            return "\(ident: table).requester_id = \(bind: organisation.rawValue)"
        case .party(let organisation):
            return """
                EXISTS (SELECT 1 FROM request_parties WHERE request_parties.request_id = \(ident: table).id \
                AND request_parties.organisation_id = \(bind: organisation.rawValue))
                """
        case .assigned(let organisation, let user):
            return "\(ident: table).holder_id = \(bind: organisation.rawValue) AND \(ident: table).assignee_id = \(bind: user.uppercasedText)"
        }
    }

    /// Where a list reads from, so that a page is an index range whatever the size:
    /// - a desk's list walks its rows of `request_parties`, which carry the filing time,
    ///   status and deadline state, newest first by the `(organisation, created_at)` index;
    /// - other scopes read `support_requests` by their own indexed column;
    /// - a search on SQLite walks the FTS5 index newest first (its row ids follow filing
    ///   order) and joins the scope to it: SQLite cannot weigh a full-text match against an
    ///   index range itself, PostgreSQL's planner does, so there the scope walk stays.
    struct ListSource {
        enum Mode { case parties(OrganisationID), requests, fullText(String) }

        let scope: RequestScope
        let mode: Mode
        let byDeadline: Bool

        init(scope: RequestScope, filter: RequestFilter, engine: Engine) {
            self.scope = scope
            byDeadline = filter.byDeadline
            if engine == .sqlite, let match = FullText.query(filter.text ?? "", engine: .sqlite) {
                mode = .fullText(match)
            } else if case .party(let organisation) = scope {
                mode = .parties(organisation)
            } else {
                mode = .requests
            }
        }

        private var table: String { if case .parties = mode { "request_parties" } else { "support_requests" } }
        var id: SQLName { SQLName(table == "request_parties" ? "request_id" : "id", table: table) }
        var status: SQLName { SQLName("status", table: table) }
        var deadline: SQLName { SQLName("deadline_state", table: table) }
        var created: SQLName { SQLName("created_at", table: table) }
        /// Newest first; a work queue earliest deadline first (`byDeadline`).
        var order: [SQLOrderBy] {
            if case .fullText = mode { return [SQLOrderBy(expression: SQLName("rowid", table: "request_search"), direction: SQLDirection.descending)] }
            if byDeadline {
                return [SQLOrderBy(expression: RequestQuery.column("resolution_due"), direction: SQLDirection.ascending),
                        SQLOrderBy(expression: RequestQuery.column("number"), direction: SQLDirection.ascending)]
            }
            return [SQLOrderBy(expression: created, direction: SQLDirection.descending), SQLOrderBy(expression: id, direction: SQLDirection.descending)]
        }

        /// `order` in the columns of `support_requests`, for the page read by identifier:
        /// a party row carries its request's filing time, and the full-text row id is the
        /// request's `search_id`.
        var pageOrder: [SQLOrderBy] {
            if case .fullText = mode { return [SQLOrderBy(expression: RequestQuery.column("search_id"), direction: SQLDirection.descending)] }
            if byDeadline { return order }
            return [SQLOrderBy(expression: RequestQuery.column("created_at"), direction: SQLDirection.descending),
                    SQLOrderBy(expression: RequestQuery.column("id"), direction: SQLDirection.descending)]
        }

        // MARK: Reading by key (`PageRequest.after`)
        //
        // A key is the sort columns of a page's last row exactly as stored: `c~time~ID`
        // (newest first), `d~time~number` (by deadline), `f~rowid` (SQLite's full-text
        // order). The time is SQLite's stored REAL as its bits, or PostgreSQL's own text of
        // the timestamp, so no rounding through `Date` can move the boundary.

        /// The time column the order sorts on, as the key carries it.
        func sortTime(engine: Engine) -> any SQLExpression {
            let column = RequestQuery.column(byDeadline ? "resolution_due" : "created_at")
            return engine == .postgres ? SQLFunction("CAST", args: SQLAlias(column, as: SQLRaw("text"))) : column
        }

        /// The key of `row` (read with `sortTime` as `sort_time`).
        func key(of row: any SQLRow, engine: Engine) throws -> String {
            if case .fullText = mode { return "f~" + String(try row.decode(column: "search_id", as: Int.self)) }
            let time = engine == .postgres ? try row.decode(column: "sort_time", as: String.self)
                : String(try row.decode(column: "sort_time", as: Double.self).bitPattern, radix: 16)
            return byDeadline ? "d~\(time)~" + (try row.decode(column: "number", as: String.self))
                : "c~\(time)~" + (try row.decode(column: "id", as: String.self))
        }

        /// "After `key`" in this order, or nil when `key` is not a key of this order.
        func after(_ key: String, engine: Engine) -> (any SQLExpression)? {
            let parts = key.split(separator: "~", omittingEmptySubsequences: false).map(String.init)
            if case .fullText = mode {
                guard parts.count == 2, parts[0] == "f", let rowid = Int(parts[1]) else { return nil }
                return SQLBinaryExpression(SQLName("rowid", table: "request_search"), .lessThan, SQLBind(rowid))
            }
            guard parts.count == 3, parts[0] == (byDeadline ? "d" : "c"), !parts[2].isEmpty else { return nil }
            let time: any SQLExpression
            if engine == .postgres {
                time = SQLFunction("CAST", args: SQLAlias(SQLBind(parts[1]), as: SQLRaw("timestamptz")))
            } else {
                guard let bits = UInt64(parts[1], radix: 16) else { return nil }
                time = SQLBind(Double(bitPattern: bits))
            }
            if byDeadline {
                return SQLBinaryExpression(SQLGroupExpression([RequestQuery.column("resolution_due"), RequestQuery.column("number")]),
                                           .greaterThan, SQLGroupExpression([time, SQLBind(parts[2])]))
            }
            return SQLBinaryExpression(SQLGroupExpression([created, id]), .lessThan, SQLGroupExpression([time, SQLBind(parts[2])]))
        }

        /// `query` reading from the source, scoped; joined to the requests when `join`
        /// (always for the page; for a count only when the filter needs request columns).
        func from(_ query: SQLSelectBuilder, join: Bool) -> SQLSelectBuilder {
            switch mode {
            case .requests:
                return RequestQuery.scoped(query.from(RequestQuery.table), scope)
            case .parties(let organisation):
                var query = query.from(SQLName("request_parties")).where(SQLName("organisation_id", table: "request_parties"), .equal, SQLBind(organisation.rawValue))
                if join { query = query.join(RequestQuery.table, on: RequestQuery.column("id"), .equal, SQLName("request_id", table: "request_parties")) }
                return query
            case .fullText(let match):
                // CROSS JOIN keeps SQLite's join order: the full-text index drives.
                var query = query.from(SQLName("request_search"))
                    .join(RequestQuery.table, method: SQLRaw("CROSS"), on: RequestQuery.column("search_id"), .equal, SQLName("rowid", table: "request_search"))
                    .where(SQLQueryString("request_search MATCH \(bind: match)"))
                if case .party(let organisation) = scope {
                    query = query.join(SQLName("request_parties"), method: SQLRaw("CROSS"), on: SQLName("request_id", table: "request_parties"), .equal, RequestQuery.column("id"))
                        .where(SQLName("organisation_id", table: "request_parties"), .equal, SQLBind(organisation.rawValue))
                    return query
                }
                return RequestQuery.scoped(query, scope)
            }
        }

        /// Whether `filter` reads columns only `support_requests` has.
        func needsRequestColumns(_ filter: RequestFilter) -> Bool {
            filter.municipality != nil || filter.province != nil || filter.channel != nil || filter.assignee != nil
                || filter.requester != nil || !(filter.text ?? "").isEmpty || filter.holder != nil || filter.unassignedOnly || filter.declinedBack != nil
        }

        func filtered(_ query: SQLSelectBuilder, _ filter: RequestFilter, engine: Engine) -> SQLSelectBuilder {
            var query = query
            if !filter.statuses.isEmpty { query = query.where(status, .in, SQLBind.group(filter.statuses.map(\.rawValue))) }
            if let state = filter.deadline { query = query.where(deadline, .equal, SQLBind(state.rawValue)) }
            if let from = filter.createdFrom { query = query.where(created, .greaterThanOrEqual, SQLBind(from)) }
            if let before = filter.createdBefore { query = query.where(created, .lessThan, SQLBind(before)) }
            if let code = filter.municipality { query = query.where(RequestQuery.column("municipality_code"), .equal, SQLBind(code.rawValue)) }
            if let province = filter.province { query = query.where(RequestQuery.column("province"), .equal, SQLBind(province.rawValue)) }
            if let need = filter.need {
                if case .parties = mode {
                    query = query.where(SQLName("needs", table: "request_parties"), .like, SQLBind("% \(need.rawValue) %"))
                } else {
                    query = query.where(SQLQueryString("""
                        EXISTS (SELECT 1 FROM request_needs WHERE request_needs.request_id = \(id) \
                        AND request_needs.need_code = \(bind: need.rawValue))
                        """))
                }
            }
            if let channel = filter.channel { query = query.where(RequestQuery.column("channel"), .equal, SQLBind(channel.rawValue)) }
            if let assignee = filter.assignee { query = query.where(RequestQuery.column("assignee_id"), .equal, SQLBind(assignee.uppercasedText)) }
            if let requester = filter.requester { query = query.where(RequestQuery.column("requester_id"), .equal, SQLBind(requester.rawValue)) }
            if let holder = filter.holder { query = query.where(RequestQuery.column("holder_id"), .equal, SQLBind(holder.rawValue)) }
            if filter.unassignedOnly { query = query.where(RequestQuery.column("assignee_id"), .is, SQLLiteral.null) }
            if let declined = filter.declinedBack {
                // The latest change of status, messages aside: a declined referral, or not.
                let last = SQLQueryString("""
                    (SELECT h.action FROM request_history h WHERE h.request_id = support_requests.id \
                    AND (h.from_status IS NULL OR h.from_status <> h.to_status) ORDER BY h.version DESC LIMIT 1)
                    """)
                let declineAction = RequestAction.decline(reason: "").identifier
                query = declined ? query.where(SQLQueryString("(\(last)) = \(bind: declineAction)"))
                    : query.where(SQLQueryString("COALESCE((\(last)), '') <> \(bind: declineAction)"))
            }
            if engine == .postgres, let match = FullText.query(filter.text ?? "", engine: .postgres) {
                query = query.where(SQLQueryString("support_requests.search_vector @@ to_tsquery('simple', \(bind: match))"))
            }
            return query
        }
    }
}

extension RequestStore {
    /// A page of the requests within `scope` that match `filter`, newest first. The total
    /// is exact up to `countCap` (a search: `searchCountCap`) matches past the page; beyond that the page
    /// says there are more (`totalIsLowerBound`) instead of counting them all.
    public func list(_ filter: RequestFilter, scope: RequestScope, page: PageRequest) async throws -> Page<RequestListItem> {
        guard scope != .none else { return Page(items: [], total: 0, request: page) }
        let source = RequestQuery.ListSource(scope: scope, filter: filter, engine: database.engine)
        let limit = page.offset + ((filter.text ?? "").isEmpty ? countCap : searchCountCap)
        let matches = source.filtered(source.from(database.sql.select().column(SQLLiteral.numeric("1")), join: source.needsRequestColumns(filter)), filter, engine: database.engine)
            .limit(limit + 1)
        // The count rides on the page's query (`CountedPage`).
        let count = database.sql.select().column(SQLName.alias(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
            .from(SQLAlias(SQLGroupExpression(matches.query), as: SQLName("matches")))
        // The page's identifiers first, from the narrow source alone, so an offset skips
        // index entries rather than joined rows with their names and needs; then those
        // requests with everything a list shows, in the same order.
        var identifiers = source.filtered(source.from(database.sql.select().column(source.id),
                                                      join: source.needsRequestColumns(filter) || filter.byDeadline), filter, engine: database.engine)
        for order in source.order { identifiers = identifiers.orderBy(order) }
        if let after = page.after.flatMap({ source.after($0, engine: database.engine) }) {
            identifiers = identifiers.where(after).limit(page.size)
        } else {
            identifiers = identifiers.limit(page.size).offset(page.offset)
        }
        var select = database.sql.select().column(SQLName.columns(RequestRows.columns, of: "support_requests"))
            .column(SQLName.alias(SQLName("name", table: "organisations"), as: "requester_name"))
            .column(SQLName.alias(SQLName("name", table: "municipalities"), as: "municipality_name"))
            .column(SQLName.alias(source.sortTime(engine: database.engine), as: "sort_time"))
            .from(RequestQuery.table)
            .join(SQLName("organisations"), on: SQLName("id", table: "organisations"), .equal, RequestQuery.column("requester_id"))
            .join(SQLName("municipalities"), on: SQLName("code", table: "municipalities"), .equal, RequestQuery.column("municipality_code"))
            .where(RequestQuery.column("id"), .in, SQLGroupExpression(identifiers.query))
        // SQLite's full-text pages continue after the last row's `search_id` (`source.key`).
        if database.engine == .sqlite { select = select.column(RequestQuery.column("search_id")) }
        for order in source.pageOrder { select = select.orderBy(order) }
        let (rows, counted) = try await CountedPage.read(rows: select, count: count)
        let items = try rows.map(RequestRows.decodeItem)
        let result = Page(items: items, total: min(counted, limit), totalIsLowerBound: counted > limit, request: page)
        guard result.hasNext, let last = rows.last else { return result }
        return Page(items: items, total: result.total, totalIsLowerBound: result.totalIsLowerBound, request: page,
                    nextAfter: try source.key(of: last, engine: database.engine))
    }
}
