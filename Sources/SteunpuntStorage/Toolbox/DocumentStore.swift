import Foundation
import SQLKit
import SteunpuntDomain

/// The documents of toolbox offerings. Each upload is a numbered version whose bytes are
/// stored once per SHA-256 digest; replacing a file adds the next version, so earlier
/// versions stay readable. Reads take the reader's reach, for the offering and for the
/// document. The text of documents as visible as their offering joins the offering's
/// search words (a more restricted document's words would show in search results).
public struct DocumentStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Adds a document to `offering` as version 1 of its file.
    public func add(_ valid: DocumentDraft.Valid, to offering: Offering, id: UUID, by user: UUID, at now: Date,
                    audit: AuditEvent? = nil) async throws -> OfferingDocument {
        let engine = database.engine
        return try await database.transaction { db in
            let file = try await Self.store(valid, version: 1, document: id, by: user, at: now, on: db)
            try await db.insert(into: "offering_documents")
                .columns("id", "offering_id", "title", "visibility", "version", "created_at", "updated_at")
                .values(SQLBind(id.uppercasedText), SQLBind(offering.id.uppercasedText), SQLBind(valid.title), SQLBind(valid.visibility.rawValue),
                        SQLBind(1), SQLBind(now), SQLBind(now)).run()
            try await Self.insertVersion(file, document: id, text: valid.text, on: db)
            try await OfferingStore.refreshSearchBody(offering.id, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return OfferingDocument(id: id, offeringID: offering.id, title: valid.title, visibility: valid.visibility, file: file, createdAt: now)
        }
    }

    /// Stores a new file (and title, visibility) as the next version, refused with
    /// `conflict("document_changed")` when someone else replaced it since `current` (or
    /// the version the caller names as `expected`) was read.
    public func replace(_ current: OfferingDocument, expected: Int? = nil, with valid: DocumentDraft.Valid, by user: UUID, at now: Date,
                        audit: AuditEvent? = nil) async throws -> OfferingDocument {
        let engine = database.engine
        return try await database.transaction { db in
            let next = current.version + 1
            let rows = try await db.update("offering_documents").set("version", to: next).set("title", to: valid.title)
                .set("visibility", to: valid.visibility.rawValue).set("updated_at", to: now)
                .where("id", .equal, current.id.uppercasedText).where("version", .equal, expected ?? current.version).returning("id").all()
            guard !rows.isEmpty else { throw DomainError.conflict("document_changed") }
            let file = try await Self.store(valid, version: next, document: current.id, by: user, at: now, on: db)
            try await Self.insertVersion(file, document: current.id, text: valid.text, on: db)
            try await OfferingStore.refreshSearchBody(current.offeringID, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            var document = current
            document.title = valid.title
            document.visibility = valid.visibility
            document.file = file
            return document
        }
    }

    /// The documents of an offering that `reach` covers, by title.
    public func list(_ offering: UUID, reach: Visibility) async throws -> [OfferingDocument] {
        try await current(reach: reach).where(SQLColumn("offering_id", table: "d"), .equal, SQLBind(offering.uppercasedText))
            .orderBy(SQLColumn("title", table: "d")).all().map(Self.decode)
    }

    public func get(_ id: UUID, of offering: UUID, reach: Visibility) async throws -> OfferingDocument? {
        try await current(reach: reach).where(SQLColumn("offering_id", table: "d"), .equal, SQLBind(offering.uppercasedText))
            .where(SQLColumn("id", table: "d"), .equal, SQLBind(id.uppercasedText)).first().map(Self.decode)
    }

    /// Every file version of a document, newest first.
    public func versions(_ document: UUID) async throws -> [DocumentFile] {
        try await database.sql.select().columns("version", "file_name", "format", "size", "sha256", "uploaded_by", "uploaded_at")
            .from("offering_document_versions").where("document_id", .equal, document.uppercasedText).orderBy("version", .descending)
            .all().map(Self.decodeFile)
    }

    /// The bytes stored under `sha256`, checked against the digest on the way out; nil when
    /// there are none, or they were erased (`eraseUnusedContent`).
    public func content(_ sha256: String) async throws -> Data? {
        guard let row = try await database.sql.select().column("content").from("document_contents").where("sha256", .equal, sha256).first() else {
            return nil
        }
        let data = try row.decode(column: "content", as: Data.self)
        guard Self.digest(data) == sha256 else {
            if data.isEmpty { return nil }
            throw DocumentStoreError.damagedContent(sha256)
        }
        return data
    }

    /// The readable text of the current files of the given offerings' documents that
    /// `reach` covers (for search snippets), per offering, by document title.
    public func texts(of offerings: [UUID], reach: Visibility) async throws -> [UUID: [(title: String, text: String)]] {
        guard !offerings.isEmpty else { return [:] }
        var result: [UUID: [(title: String, text: String)]] = [:]
        let rows = try await current(reach: reach).column(SQLColumn("text", table: "v"))
            .where(SQLColumn("offering_id", table: "d"), .in, SQLBind.group(offerings.map(\.uppercasedText)))
            .where(SQLColumn("text", table: "v"), .isNot, SQLLiteral.null).orderBy(SQLColumn("title", table: "d")).all()
        for row in rows {
            guard let offering = UUID(text: try row.decode(column: "offering_id", as: String.self)) else { continue }
            result[offering, default: []].append((try row.decode(column: "title", as: String.self), try row.decode(column: "text", as: String.self)))
        }
        return result
    }

    static func digest(_ bytes: some DataProtocol) -> String {
        SecretToken.digest(bytes: bytes)
    }

    private func current(reach: Visibility) -> SQLSelectBuilder {
        let visible = SQLBind.group(Visibility.allCases.filter { $0 <= reach }.map(\.rawValue))
        return database.sql.select()
            .columns(SQLColumn("id", table: "d"), SQLColumn("offering_id", table: "d"), SQLColumn("title", table: "d"),
                     SQLColumn("visibility", table: "d"), SQLColumn("created_at", table: "d"), SQLColumn("version", table: "v"),
                     SQLColumn("file_name", table: "v"), SQLColumn("format", table: "v"), SQLColumn("size", table: "v"),
                     SQLColumn("sha256", table: "v"), SQLColumn("uploaded_by", table: "v"), SQLColumn("uploaded_at", table: "v"))
            .from(SQLAlias(SQLIdentifier("offering_documents"), as: SQLIdentifier("d")))
            .join(SQLAlias(SQLIdentifier("offering_document_versions"), as: SQLIdentifier("v")), method: SQLJoinMethod.inner,
                  on: SQLBinaryExpression(SQLBinaryExpression(SQLColumn("document_id", table: "v"), .equal, SQLColumn("id", table: "d")),
                                          .and, SQLBinaryExpression(SQLColumn("version", table: "v"), .equal, SQLColumn("version", table: "d"))))
            .join(SQLAlias(SQLIdentifier("offerings"), as: SQLIdentifier("o")), method: SQLJoinMethod.inner,
                  on: SQLBinaryExpression(SQLColumn("id", table: "o"), .equal, SQLColumn("offering_id", table: "d")))
            .where(SQLColumn("visibility", table: "d"), .in, visible)
            .where(SQLColumn("visibility", table: "o"), .in, visible)
    }

    private static func store(_ valid: DocumentDraft.Valid, version: Int, document: UUID, by user: UUID, at now: Date,
                              on db: any SQLDatabase) async throws -> DocumentFile {
        let sha256 = try await storeContent(valid.bytes, on: db)
        return DocumentFile(version: version, fileName: valid.fileName, format: valid.format, size: valid.bytes.count, sha256: sha256,
                            uploadedBy: user, uploadedAt: now)
    }

    /// Stores `bytes` once under their SHA-256 digest (a second copy of the same bytes is
    /// the same row; bytes erased since are put back) and gives the digest.
    static func storeContent(_ bytes: [UInt8], on db: any SQLDatabase) async throws -> String {
        let sha256 = digest(bytes)
        try await db.raw("""
            INSERT INTO document_contents (sha256, size, content) VALUES (\(bind: sha256), \(bind: bytes.count), \(bind: Data(bytes)))
            ON CONFLICT (sha256) DO UPDATE SET content = excluded.content WHERE LENGTH(document_contents.content) = 0
            """).run()
        return sha256
    }

    /// Erases the bytes stored under `sha256` when nothing that can still be read uses them:
    /// no toolbox document's version and no plan evidence that is not removed. The row and
    /// its digest stay for the records that name it (a removed evidence document's history).
    /// On the caller's transaction; on PostgreSQL the row is locked first, so an upload of
    /// the same bytes at the same moment either comes before (and keeps them) or after (and
    /// puts them back).
    static func eraseUnusedContent(_ sha256: String, on db: any SQLDatabase, engine: Engine) async throws {
        if engine == .postgres {
            try await db.raw("SELECT sha256 FROM document_contents WHERE sha256 = \(bind: sha256) FOR UPDATE").run()
        }
        try await db.raw("""
            UPDATE document_contents SET content = \(bind: Data()) WHERE sha256 = \(bind: sha256)
            AND NOT EXISTS (SELECT 1 FROM offering_document_versions v WHERE v.sha256 = \(bind: sha256))
            AND NOT EXISTS (SELECT 1 FROM plan_evidence e WHERE e.sha256 = \(bind: sha256) AND e.removed_at IS NULL)
            """).run()
    }

    private static func insertVersion(_ file: DocumentFile, document: UUID, text: String?, on db: any SQLDatabase) async throws {
        try await db.insert(into: "offering_document_versions")
            .columns("document_id", "version", "file_name", "format", "size", "sha256", "text", "uploaded_by", "uploaded_at")
            .values(SQLBind(document.uppercasedText), SQLBind(file.version), SQLBind(file.fileName), SQLBind(file.format.rawValue),
                    SQLBind(file.size), SQLBind(file.sha256), SQLBind(text), SQLBind(file.uploadedBy.uppercasedText), SQLBind(file.uploadedAt)).run()
    }

    private static func decode(_ row: any SQLRow) throws -> OfferingDocument {
        OfferingDocument(id: UUID(text: try row.decode(column: "id", as: String.self)) ?? UUID(),
                         offeringID: UUID(text: try row.decode(column: "offering_id", as: String.self)) ?? UUID(),
                         title: try row.decode(column: "title", as: String.self),
                         visibility: Visibility(rawValue: try row.decode(column: "visibility", as: String.self)) ?? .unitOnly,
                         file: try decodeFile(row), createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    private static func decodeFile(_ row: any SQLRow) throws -> DocumentFile {
        DocumentFile(version: try row.decode(column: "version", as: Int.self), fileName: try row.decode(column: "file_name", as: String.self),
                     format: DocumentFormat(rawValue: try row.decode(column: "format", as: String.self)) ?? .pdf,
                     size: try row.decode(column: "size", as: Int.self), sha256: try row.decode(column: "sha256", as: String.self),
                     uploadedBy: UUID(text: try row.decode(column: "uploaded_by", as: String.self)) ?? UUID(),
                     uploadedAt: try row.decode(column: "uploaded_at", as: Date.self))
    }
}

public enum DocumentStoreError: Error, Equatable {
    /// The stored bytes no longer match their digest.
    case damagedContent(String)
}
