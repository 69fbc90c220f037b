import Foundation
import SQLKit
import SteunpuntDomain

extension OfferingStore {
    /// A page of the offerings `reach` may read that match `filter`: with words, best
    /// first; without, by title. The total is exact up to `countCap` past the page.
    ///
    /// Ranking looks at the `rankedCandidates` most recently added matches (a word in the
    /// title weighs more; SQLite ranks with bm25, PostgreSQL with ts_rank, over the same
    /// stemmed words, so the hits are the same): the cost of a search stays bounded however
    /// common its words, and a query matching more says so (`totalIsLowerBound`).
    public func search(_ filter: OfferingFilter, reach: Visibility, page: PageRequest) async throws -> Page<Offering> {
        let engine = database.engine
        let terms = SearchText.queryTerms(filter.text ?? "", stemmed: true)
        guard !terms.isEmpty else { return try await listing(filter, reach: reach, page: page) }
        // The index narrows by the words and the selective filters (`OfferingFacets`);
        // visibility (need-to-know) and leaving out withdrawn offerings are SQL conditions.
        let match = OfferingFacets.query(terms, filter: filter, engine: engine)
        let candidates: SQLSelectBuilder
        switch engine {
        case .sqlite:
            candidates = Self.current(Self.visible(database.sql.select()
                .column(SQLColumn("id", table: "offerings")).column(SQLColumn("title", table: "offerings"))
                .column(SQLRaw("bm25(offering_search, 5.0, 1.0, 0.0)"), as: "score")
                .from("offering_search")
                .join("offerings", method: SQLRaw("CROSS"), on: SQLColumn("search_id", table: "offerings"), .equal, SQLColumn("rowid", table: "offering_search"))
                .where(SQLQueryString("offering_search MATCH \(match)")), reach: reach), status: filter.status)
                .orderBy(SQLOrderBy(expression: SQLColumn("rowid", table: "offering_search"), direction: SQLDirection.descending))
        case .postgres:
            candidates = Self.current(Self.visible(database.sql.select()
                .column(SQLColumn("id", table: "offerings")).column(SQLColumn("title", table: "offerings"))
                .column(SQLQueryString("-ts_rank(offerings.search_vector, \(match))::float8"), as: "score")
                .from("offerings")
                .where(SQLQueryString("offerings.search_vector @@ \(match)")), reach: reach), status: filter.status)
                .orderBy(SQLOrderBy(expression: SQLColumn("search_id", table: "offerings"), direction: SQLDirection.descending))
        }
        // One query: the candidates with their scores; ranked and paged here.
        let scored = try await candidates.limit(rankedCandidates).all().map { row in
            (id: try row.decode(column: "id", as: String.self), title: try row.decode(column: "title", as: String.self),
             score: try row.decode(column: "score", as: Double.self))
        }
        let ranked = scored.sorted { ($0.score, $0.title, $0.id) < ($1.score, $1.title, $1.id) }.dropFirst(page.offset).prefix(page.size).map(\.id)
        let offerings = try await load(Array(ranked))
        return Page(items: offerings, total: scored.count, totalIsLowerBound: scored.count >= rankedCandidates, request: page)
    }

    /// Without words: by title, counted and paged inside one index (migration 15). With a
    /// need or an audience the list rows drive: their index covers title, visibility,
    /// status, kind and provider, and the other list is one lookup per row. Otherwise
    /// `offerings` itself, by kind, provider or everything, each a covering title index.
    /// Only the page's rows are read from `offerings`.
    private func listing(_ filter: OfferingFilter, reach: Visibility, page: PageRequest) async throws -> Page<Offering> {
        let visible = SQLBind.group(Visibility.allCases.filter { $0 <= reach }.map(\.rawValue))
        let driver: (table: String, column: String, value: String)? =
            filter.need.map { ("offering_needs", "need_code", $0.rawValue) } ?? filter.audience.map { ("offering_audiences", "audience", $0.rawValue) }
        let table = driver == nil ? "offerings" : "l"
        let key = driver == nil ? "id" : "offering_id"
        func conditions(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
            func column(_ name: String) -> SQLColumn { SQLColumn(name, table: table) }
            var query = select.where(column("visibility"), .in, visible)
            if let driver { query = query.where(column(driver.column), .equal, SQLBind(driver.value)) }
            if let status = filter.status {
                query = query.where(column("status"), .equal, SQLBind(status.rawValue))
            } else {
                query = query.where(column("status"), .notEqual, SQLBind(OfferingStatus.withdrawn.rawValue))
            }
            if let kind = filter.kind { query = query.where(column("kind"), .equal, SQLBind(kind.rawValue)) }
            if let provider = filter.provider { query = query.where(column("provider_id"), .equal, SQLBind(provider.rawValue)) }
            if let audience = filter.audience, driver?.table != "offering_audiences" {
                query = query.where(SQLQueryString("""
                    EXISTS (SELECT 1 FROM offering_audiences a WHERE a.offering_id = \(ident: table).\(ident: key) AND a.audience = \(bind: audience.rawValue))
                    """))
            }
            return query
        }
        func source(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
            guard let driver else { return select.from("offerings") }
            return select.from(SQLAlias(SQLIdentifier(driver.table), as: SQLIdentifier("l")))
        }
        let limit = page.offset + countCap
        let matches = conditions(source(database.sql.select().column(SQLLiteral.numeric("1")))).limit(limit + 1)
        let count = database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLGroupExpression(matches.query), as: SQLIdentifier("matches")))
        // The page's keys from the index, with the count, then their rows.
        let (keyRows, counted) = try await CountedPage.read(
            rows: conditions(source(database.sql.select().column(SQLColumn(key, table: table))))
                .orderBy(SQLColumn("title", table: table)).orderBy(SQLColumn(key, table: table)).limit(page.size).offset(page.offset),
            count: count)
        guard !keyRows.isEmpty else { return Page(items: [], total: min(counted, limit), totalIsLowerBound: false, request: page) }
        let keys = try keyRows.map { try $0.decode(column: key, as: String.self) }
        return Page(items: try await load(keys), total: min(counted, limit), totalIsLowerBound: counted > limit, request: page)
    }

    /// The offerings with `ids`, in that order: their rows and their lists read at the same
    /// time (on PostgreSQL each query is a round trip that costs more than the query).
    private func load(_ ids: [String]) async throws -> [Offering] {
        guard !ids.isEmpty else { return [] }
        async let lists = lists(ids)
        let rows = try await database.sql.select().column("*").from("offerings").where("id", .in, ids).all()
        let byID = Dictionary(try rows.map { (try $0.decode(column: "id", as: String.self), try OfferingRows.decode($0)) }, uniquingKeysWith: { a, _ in a })
        return try await lists.attach(to: ids.compactMap { byID[$0] })
    }

    /// Withdrawn offerings are left out unless a status is asked for (the index has the status).
    static func current(_ query: SQLSelectBuilder, status: OfferingStatus?) -> SQLSelectBuilder {
        status != nil ? query : query.where(SQLColumn("status", table: "offerings"), .notEqual, SQLBind(OfferingStatus.withdrawn.rawValue))
    }
}

enum OfferingRows {
    static func decode(_ row: any SQLRow) throws -> Offering {
        let id = try row.decode(column: "id", as: String.self)
        guard let uuid = UUID(text: id), let slug = OfferingSlug(try row.decode(column: "slug", as: String.self)),
              let kind = OfferingKind(rawValue: try row.decode(column: "kind", as: String.self)),
              let provider = OrganisationID(try row.decode(column: "provider_id", as: String.self)),
              let status = OfferingStatus(rawValue: try row.decode(column: "status", as: String.self)),
              let visibility = Visibility(rawValue: try row.decode(column: "visibility", as: String.self)) else {
            throw StorageError.corruptRow(table: "offerings", key: id)
        }
        return Offering(id: uuid, slug: slug, kind: kind, title: try row.decode(column: "title", as: String.self),
                        summary: try row.decode(column: "summary", as: String.self), body: try row.decode(column: "body", as: String.self),
                        audiences: [], needs: [], provider: provider, contact: try row.decode(column: "contact", as: String.self), status: status,
                        expectedOn: try row.decode(column: "expected_on", as: String?.self), visibility: visibility,
                        version: try row.decode(column: "version", as: Int.self), createdAt: try row.decode(column: "created_at", as: Date.self),
                        updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }
}
