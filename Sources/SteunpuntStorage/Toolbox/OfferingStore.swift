import Foundation
import SQLKit
import SteunpuntDomain

/// What a toolbox search or listing is narrowed to. Without a status, withdrawn
/// offerings are left out.
public struct OfferingFilter: Sendable, Equatable {
    public var text: String?
    public var kind: OfferingKind?
    public var audience: Audience?
    public var need: NeedCode?
    public var provider: OrganisationID?
    public var status: OfferingStatus?

    public init(text: String? = nil, kind: OfferingKind? = nil, audience: Audience? = nil, need: NeedCode? = nil,
                provider: OrganisationID? = nil, status: OfferingStatus? = nil) {
        self.text = text
        self.kind = kind
        self.audience = audience
        self.need = need
        self.provider = provider
        self.status = status
    }

    public var isEmpty: Bool { self == OfferingFilter(text: text) }
}

/// A saved state of an offering, as it was after a change.
public struct OfferingVersion: Sendable, Equatable {
    public let offering: Offering
    public let changedBy: UUID
    public let changedAt: Date
}

/// The toolbox's offerings. Reads take the reader's reach (`ToolboxPolicy.reach`) and
/// keep it in the SQL; every save keeps a snapshot, so earlier versions stay readable.
public struct OfferingStore: Sendable {
    let database: Database
    /// A listing counts up to this many past its page, then says "more".
    public let countCap: Int
    /// A search ranks at most this many of its newest matches (see `search`).
    public let rankedCandidates: Int

    public init(database: Database, countCap: Int = 500, rankedCandidates: Int = 200) {
        self.database = database
        self.countCap = countCap
        self.rankedCandidates = rankedCandidates
    }

    /// Stores a new offering with a slug made from its title (`-2`, `-3`… when taken).
    public func create(_ valid: OfferingDraft.Valid, id: UUID, by user: UUID, at now: Date, audit: AuditEvent? = nil) async throws -> Offering {
        let engine = database.engine
        return try await database.transaction { db in
            try await Self.checkProvider(valid.provider, on: db)
            guard let base = OfferingSlug.from(title: valid.title) else { throw DomainError.invalid([FieldError(field: "titel", code: "title_without_words")]) }
            var slug = base
            var suffix = 1
            while try await db.select().column("id").from("offerings").where("slug", .equal, slug.rawValue).first() != nil {
                suffix += 1
                slug = OfferingSlug(base.rawValue + "-\(suffix)") ?? base
            }
            var offering = Offering(id: id, slug: slug, kind: valid.kind, title: valid.title, summary: valid.summary, body: valid.body,
                                    audiences: valid.audiences, needs: valid.needs, provider: valid.provider, contact: valid.contact,
                                    status: valid.status, expectedOn: valid.expectedOn, visibility: valid.visibility, createdAt: now, updatedAt: now)
            offering.related = valid.related
            var columns = ["id", "slug", "created_by", "created_at", "version"]
            var values: [any SQLExpression] = [SQLBind(id.uppercasedText), SQLBind(slug.rawValue), SQLBind(user.uppercasedText), SQLBind(now), SQLBind(1)]
            for (column, value) in Self.values(offering) {
                columns.append(column)
                values.append(SQLBind(value))
            }
            if engine == .sqlite {
                columns.append("search_id")
                values.append(SQLRaw("(SELECT COALESCE(MAX(search_id), 0) + 1 FROM offerings)"))
            }
            try await db.insert(into: "offerings").columns(columns).values(values).run()
            try await Self.writeLists(offering, on: db)
            try await Self.snapshot(offering, by: user, at: now, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return offering
        }
    }

    /// Saves a change, refused with `conflict("offering_changed")` when someone else saved
    /// since `previous` was read; the new state becomes the next version.
    public func update(_ previous: Offering, with valid: OfferingDraft.Valid, by user: UUID, at now: Date, audit: AuditEvent? = nil) async throws -> Offering {
        let engine = database.engine
        return try await database.transaction { db in
            try await Self.checkProvider(valid.provider, on: db)
            var next = previous.applying(valid, at: now)
            next.version = previous.version + 1
            var update = db.update("offerings").set("version", to: next.version)
            for (column, value) in Self.values(next) { update = update.set(SQLColumn(column), to: SQLBind(value)) }
            let rows = try await update.where("id", .equal, previous.id.uppercasedText).where("version", .equal, previous.version).returning("id").all()
            guard !rows.isEmpty else { throw DomainError.conflict("offering_changed") }
            try await db.delete(from: "offering_audiences").where("offering_id", .equal, previous.id.uppercasedText).run()
            try await db.delete(from: "offering_needs").where("offering_id", .equal, previous.id.uppercasedText).run()
            try await db.delete(from: "offering_links").where("offering_id", .equal, previous.id.uppercasedText).run()
            try await Self.writeLists(next, on: db)
            try await Self.refreshSearchBody(next.id, on: db)
            try await Self.snapshot(next, by: user, at: now, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return next
        }
    }

    /// The offering at `slug`, when `reach` covers its visibility.
    public func get(_ slug: OfferingSlug, reach: Visibility) async throws -> Offering? {
        try await first(database.sql.select().column("*").from("offerings").where("slug", .equal, slug.rawValue), reach: reach)
    }

    public func get(id: UUID, reach: Visibility) async throws -> Offering? {
        try await first(database.sql.select().column("*").from("offerings").where("id", .equal, id.uppercasedText), reach: reach)
    }

    private func first(_ query: SQLSelectBuilder, reach: Visibility) async throws -> Offering? {
        guard let row = try await Self.visible(query, reach: reach).first() else { return nil }
        return try await withLists([try OfferingRows.decode(row)]).first
    }

    /// How often the offering was used: activities naming it, and the requests they belong to.
    public func usage(_ id: UUID) async throws -> (activities: Int, requests: Int) {
        let row = try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "activities")
            .column(SQLFunction("COUNT", args: SQLDistinct(SQLColumn("request_id"))), as: "requests")
            .from("request_activities").where("offering_id", .equal, id.uppercasedText).first()
        return (try row?.decode(column: "activities", as: Int.self) ?? 0, try row?.decode(column: "requests", as: Int.self) ?? 0)
    }

    /// The items `reach` covers that are linked with `id` either way (its own links first,
    /// in their order, then the items that link to it, by title); withdrawn ones left out.
    public func linked(_ offering: Offering, reach: Visibility) async throws -> [Offering] {
        let outgoing = offering.related.map(\.rawValue)
        var query = database.sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("offerings"))).from("offerings")
            .where(SQLColumn("status", table: "offerings"), .notEqual, SQLBind(OfferingStatus.withdrawn.rawValue))
        query = query.where { group in
            var group = group.orWhere(SQLColumn("id", table: "offerings"), .in,
                                      SQLSubquery.select { $0.column("offering_id").from("offering_links").where("related_id", .equal, offering.id.uppercasedText) })
            if !outgoing.isEmpty { group = group.orWhere(SQLColumn("slug", table: "offerings"), .in, SQLBind.group(outgoing)) }
            return group
        }
        let found = try await Self.visible(query, reach: reach).orderBy(SQLColumn("title", table: "offerings")).all().map(OfferingRows.decode)
        let own = offering.related.compactMap { slug in found.first { $0.slug == slug } }
        return own + found.filter { !offering.related.contains($0.slug) }
    }

    /// Every saved version, newest first.
    public func versions(_ id: UUID) async throws -> [OfferingVersion] {
        try await database.sql.select().column("*").from("offering_versions").where("offering_id", .equal, id.uppercasedText)
            .orderBy("version", .descending).all().map { row in
                let snapshot = try row.decode(column: "snapshot", as: String.self)
                return OfferingVersion(offering: try JSONDecoder.snapshots.decode(Offering.self, from: Data(snapshot.utf8)),
                                       changedBy: UUID(text: try row.decode(column: "changed_by", as: String.self)) ?? UUID(),
                                       changedAt: try row.decode(column: "changed_at", as: Date.self))
            }
    }

    static func visible(_ query: SQLSelectBuilder, reach: Visibility) -> SQLSelectBuilder {
        query.where(SQLColumn("visibility", table: "offerings"), .in, SQLBind.group(Visibility.allCases.filter { $0 <= reach }.map(\.rawValue)))
    }

    /// Adds the audiences, needs and links of each offering, in one query (one round trip
    /// on PostgreSQL instead of three).
    func withLists(_ offerings: [Offering]) async throws -> [Offering] {
        try await lists(offerings.map(\.id.uppercasedText)).attach(to: offerings)
    }

    /// The audiences, needs and related items of the offerings with `ids`, in one query
    /// (so a page can ask for them while its rows are read).
    func lists(_ ids: [String]) async throws -> OfferingLists {
        guard !ids.isEmpty else { return OfferingLists() }
        let group = SQLBind.group(ids)
        let rows = try await database.sql.raw("""
            SELECT offering_id, 'a' AS list, audience AS value, 0 AS position FROM offering_audiences WHERE offering_id IN \(group)
            UNION ALL SELECT offering_id, 'n', need_code, 0 FROM offering_needs WHERE offering_id IN \(group)
            UNION ALL SELECT l.offering_id, 'l', o.slug, l.position FROM offering_links l JOIN offerings o ON o.id = l.related_id
                WHERE l.offering_id IN \(group)
            ORDER BY 1, 2, 4, 3
            """).all()
        var lists = OfferingLists()
        for row in rows {
            let id = try row.decode(column: "offering_id", as: String.self)
            let value = try row.decode(column: "value", as: String.self)
            switch try row.decode(column: "list", as: String.self) {
            case "a": if let audience = Audience(rawValue: value) { lists.audiences[id, default: []].append(audience) }
            case "n": if let code = NeedCode(value) { lists.needs[id, default: []].append(code) }
            default: if let slug = OfferingSlug(value) { lists.related[id, default: []].append(slug) }
            }
        }
        return lists
    }

    private static func checkProvider(_ provider: OrganisationID, on db: any SQLDatabase) async throws {
        if try await db.select().column("id").from("organisations").where("id", .equal, provider.rawValue).first() == nil {
            throw DomainError.invalid([FieldError(field: "aanbieder", code: "unknown_organisation")])
        }
    }

    /// Writes audiences, needs and links; a link to an unknown item or to itself is refused.
    private static func writeLists(_ offering: Offering, on db: any SQLDatabase) async throws {
        if !offering.related.isEmpty {
            let rows = try await db.select().columns("id", "slug").from("offerings").where("slug", .in, offering.related.map(\.rawValue)).all()
            var ids: [String: String] = [:]
            for row in rows { ids[try row.decode(column: "slug", as: String.self)] = try row.decode(column: "id", as: String.self) }
            var errors: [FieldError] = []
            if offering.related.contains(where: { ids[$0.rawValue] == nil }) { errors.append(FieldError(field: "gerelateerd", code: "unknown_offering")) }
            if offering.related.contains(offering.slug) { errors.append(FieldError(field: "gerelateerd", code: "related_to_self")) }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            for (position, slug) in offering.related.enumerated() {
                try await db.insert(into: "offering_links").columns("offering_id", "related_id", "position")
                    .values(SQLBind(offering.id.uppercasedText), SQLBind(ids[slug.rawValue]!), SQLBind(position)).run()
            }
        }
        // The list rows copy what the listing indexes cover (migration 15).
        for audience in offering.audiences {
            try await db.insert(into: "offering_audiences").columns(["offering_id", "audience"] + Self.copiedColumns)
                .values([SQLBind(offering.id.uppercasedText), SQLBind(audience.rawValue)] + Self.copied(offering)).run()
        }
        for need in offering.needs {
            try await db.insert(into: "offering_needs").columns(["offering_id", "need_code"] + Self.copiedColumns)
                .values([SQLBind(offering.id.uppercasedText), SQLBind(need.rawValue)] + Self.copied(offering)).run()
        }
    }

    private static func snapshot(_ offering: Offering, by user: UUID, at now: Date, on db: any SQLDatabase) async throws {
        let json = String(decoding: try JSONEncoder.snapshots.encode(offering), as: UTF8.self)
        try await db.insert(into: "offering_versions").columns("offering_id", "version", "snapshot", "changed_by", "changed_at")
            .values(SQLBind(offering.id.uppercasedText), SQLBind(offering.version), SQLBind(json), SQLBind(user.uppercasedText), SQLBind(now)).run()
    }

    /// Rewrites the offering's search words from its text and the text of its documents
    /// that are no more restricted than it is (the words of a more restricted document would
    /// show in search results to readers who may not open it).
    static func refreshSearchBody(_ id: UUID, on db: any SQLDatabase) async throws {
        guard let row = try await db.select().columns("summary", "body", "contact", "visibility").from("offerings")
            .where("id", .equal, id.uppercasedText).first() else { return }
        let visibility = Visibility(rawValue: try row.decode(column: "visibility", as: String.self)) ?? .publicAccess
        let texts = try await db.select().column(SQLColumn("title", table: "d")).column(SQLColumn("text", table: "v"))
            .from(SQLAlias(SQLIdentifier("offering_documents"), as: SQLIdentifier("d")))
            .join(SQLAlias(SQLIdentifier("offering_document_versions"), as: SQLIdentifier("v")), method: SQLJoinMethod.inner,
                  on: SQLBinaryExpression(SQLBinaryExpression(SQLColumn("document_id", table: "v"), .equal, SQLColumn("id", table: "d")),
                                          .and, SQLBinaryExpression(SQLColumn("version", table: "v"), .equal, SQLColumn("version", table: "d"))))
            .where(SQLColumn("offering_id", table: "d"), .equal, SQLBind(id.uppercasedText))
            .where(SQLColumn("visibility", table: "d"), .in, SQLBind.group(Visibility.allCases.filter { $0 <= visibility }.map(\.rawValue)))
            .orderBy(SQLColumn("title", table: "d")).all()
            .map { "\(try $0.decode(column: "title", as: String.self)) \(try $0.decode(column: "text", as: String?.self) ?? "")" }
        guard !texts.isEmpty else { return }
        let own = [try row.decode(column: "summary", as: String.self), try row.decode(column: "body", as: String.self),
                   try row.decode(column: "contact", as: String.self)].joined(separator: " ")
        try await db.update("offerings").set("search_body", to: SearchText.indexed(own + " " + texts.joined(separator: " ")))
            .where("id", .equal, id.uppercasedText).run()
    }

    /// The offering's columns its need and audience rows copy for the listing indexes.
    public static let copiedColumns = ["title", "kind", "provider_id", "visibility", "status"]

    static func copied(_ offering: Offering) -> [any SQLExpression] {
        [SQLBind(offering.title), SQLBind(offering.kind.rawValue), SQLBind(offering.provider.rawValue), SQLBind(offering.visibility.rawValue),
         SQLBind(offering.status.rawValue)]
    }

    /// The columns a save writes, with the stemmed words the search index reads.
    static func values(_ offering: Offering) -> [(String, any Encodable & Sendable)] {
        [("kind", offering.kind.rawValue), ("title", offering.title), ("summary", offering.summary), ("body", offering.body),
         ("provider_id", offering.provider.rawValue), ("contact", offering.contact), ("status", offering.status.rawValue),
         ("expected_on", offering.expectedOn), ("visibility", offering.visibility.rawValue), ("updated_at", offering.updatedAt),
         ("search_title", SearchText.indexed(offering.title)),
         ("search_body", SearchText.indexed(offering.summary + " " + offering.body + " " + offering.contact)),
         ("search_facets", OfferingFacets.tokens(offering))]
    }
}

extension JSONEncoder {
    static let snapshots: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}

extension JSONDecoder {
    static let snapshots: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

/// Offerings' lists as `OfferingStore.lists` reads them, by offering id.
struct OfferingLists: Sendable {
    var audiences: [String: [Audience]] = [:]
    var needs: [String: [NeedCode]] = [:]
    var related: [String: [OfferingSlug]] = [:]

    func attach(to offerings: [Offering]) -> [Offering] {
        let order = Audience.allCases
        return offerings.map { offering in
            var offering = offering
            offering.related = related[offering.id.uppercasedText] ?? []
            offering.audiences = (audiences[offering.id.uppercasedText] ?? []).sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }
            offering.needs = needs[offering.id.uppercasedText] ?? []
            return offering
        }
    }
}
