import Foundation
import SQLKit
import SteunpuntDomain

extension OfferingStore {
    /// A page of the offerings `reach` may read that match `filter`: with words, best
    /// first (a word in the title weighs more than one in the text; SQLite ranks with
    /// bm25, PostgreSQL with ts_rank, over the same stemmed index, so the hits are the
    /// same), without words by title. The total is exact up to `countCap` past the page.
    public func search(_ filter: OfferingFilter, reach: Visibility, page: PageRequest) async throws -> Page<Offering> {
        let engine = database.engine
        let match = FullText.query(filter.text ?? "", engine: engine, stemmed: true)
        func base(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = select
            if let match, engine == .sqlite {
                // The FTS5 table drives (CROSS JOIN keeps the order), as for requests.
                query = query.from("offering_search")
                    .join("offerings", method: SQLRaw("CROSS"), on: SQLColumn("search_id", table: "offerings"), .equal, SQLColumn("rowid", table: "offering_search"))
                    .where(SQLQueryString("offering_search MATCH \(bind: match)"))
            } else {
                query = query.from("offerings")
                if let match { query = query.where(SQLQueryString("offerings.search_vector @@ to_tsquery('simple', \(bind: match))")) }
            }
            return Self.filtered(Self.visible(query, reach: reach), filter)
        }
        let limit = page.offset + countCap
        let matches = base(database.sql.select().column(SQLLiteral.numeric("1"))).limit(limit + 1)
        let counted = try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLGroupExpression(matches.query), as: SQLIdentifier("matches"))).first()?.decode(column: "n", as: Int.self) ?? 0
        var select = base(database.sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("offerings"))))
        switch (match, engine) {
        case (.some, .sqlite):
            select = select.orderBy(SQLRaw("bm25(offering_search, 5.0, 1.0)"))
        case (.some(let match), .postgres):
            select = select.orderBy(SQLOrderBy(expression: SQLQueryString("ts_rank(offerings.search_vector, to_tsquery('simple', \(bind: match)))"),
                                               direction: SQLDirection.descending))
        case (.none, _):
            break
        }
        let rows = counted <= page.offset ? [] : try await select.orderBy(SQLColumn("title", table: "offerings")).orderBy(SQLColumn("id", table: "offerings"))
            .limit(page.size).offset(page.offset).all()
        let offerings = try await withLists(try rows.map(OfferingRows.decode))
        return Page(items: offerings, total: min(counted, limit), totalIsLowerBound: counted > limit, request: page)
    }

    static func filtered(_ query: SQLSelectBuilder, _ filter: OfferingFilter) -> SQLSelectBuilder {
        var query = query
        func column(_ name: String) -> SQLColumn { SQLColumn(name, table: "offerings") }
        if let kind = filter.kind { query = query.where(column("kind"), .equal, SQLBind(kind.rawValue)) }
        if let provider = filter.provider { query = query.where(column("provider_id"), .equal, SQLBind(provider.rawValue)) }
        if let status = filter.status {
            query = query.where(column("status"), .equal, SQLBind(status.rawValue))
        } else {
            query = query.where(column("status"), .notEqual, SQLBind(OfferingStatus.withdrawn.rawValue))
        }
        if let audience = filter.audience {
            query = query.where(SQLQueryString("""
                EXISTS (SELECT 1 FROM offering_audiences WHERE offering_audiences.offering_id = offerings.id \
                AND offering_audiences.audience = \(bind: audience.rawValue))
                """))
        }
        if let need = filter.need {
            query = query.where(SQLQueryString("""
                EXISTS (SELECT 1 FROM offering_needs WHERE offering_needs.offering_id = offerings.id \
                AND offering_needs.need_code = \(bind: need.rawValue))
                """))
        }
        return query
    }
}

enum OfferingRows {
    static func decode(_ row: any SQLRow) throws -> Offering {
        let id = try row.decode(column: "id", as: String.self)
        guard let uuid = UUID(uuidString: id), let slug = OfferingSlug(try row.decode(column: "slug", as: String.self)),
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
