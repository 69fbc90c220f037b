import Foundation
import SQLKit
import SteunpuntDomain

/// The documents municipalities add as evidence to the points of their plan
/// (`plan_evidence`, M0044). The bytes live in `document_contents` as the toolbox's do
/// (`DocumentStore.storeContent`: once per SHA-256 digest, checked on the way out). A
/// removed document keeps its row, marked with who removed it and when, for the history;
/// its bytes are erased with the removal unless something readable still uses them.
public struct EvidenceStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Adds `valid` to point `key` of `municipality`; refused with
    /// `invalid(bestand: evidence_limit)` when the point already holds
    /// `EvidenceDocument.limitPerPoint` documents.
    public func add(_ valid: EvidenceDraft.Valid, municipality: MunicipalityCode, point key: String, id: UUID, by user: UUID, at now: Date,
                    audit: AuditEvent? = nil) async throws -> EvidenceDocument {
        let engine = database.engine
        return try await database.transaction { db in
            let held = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("plan_evidence")
                .where("municipality_code", .equal, municipality.rawValue).where("point_key", .equal, key).where("removed_at", .is, SQLLiteral.null)
                .first()?.decode(column: "n", as: Int.self) ?? 0
            guard held < EvidenceDocument.limitPerPoint else { throw DomainError.invalid([FieldError(field: "bestand", code: "evidence_limit")]) }
            let sha256 = try await DocumentStore.storeContent(valid.file.bytes, on: db)
            let file = DocumentFile(version: 1, fileName: valid.file.fileName, format: valid.file.format, size: valid.file.bytes.count, sha256: sha256,
                                    uploadedBy: user, uploadedAt: now)
            try await db.insert(into: "plan_evidence")
                .columns("id", "municipality_code", "point_key", "title", "file_name", "format", "size", "sha256", "uploaded_by", "uploaded_at")
                .values(SQLBind(id.uppercasedText), SQLBind(municipality.rawValue), SQLBind(key), SQLBind(valid.title), SQLBind(file.fileName),
                        SQLBind(file.format.rawValue), SQLBind(file.size), SQLBind(sha256), SQLBind(user.uppercasedText), SQLBind(now)).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return EvidenceDocument(id: id, municipality: municipality, pointKey: key, title: valid.title, file: file)
        }
    }

    /// Marks the document removed and erases its bytes (`DocumentStore.eraseUnusedContent`);
    /// false when it is not (or no longer) there.
    public func remove(_ id: UUID, municipality: MunicipalityCode, point key: String, by user: UUID, at now: Date,
                       audit: AuditEvent? = nil) async throws -> Bool {
        let engine = database.engine
        return try await database.transaction { db in
            let rows = try await db.update("plan_evidence").set("removed_by", to: user.uppercasedText).set("removed_at", to: now)
                .where("id", .equal, id.uppercasedText).where("municipality_code", .equal, municipality.rawValue).where("point_key", .equal, key)
                .where("removed_at", .is, SQLLiteral.null).returning("sha256").all()
            guard let row = rows.first else { return false }
            try await DocumentStore.eraseUnusedContent(try row.decode(column: "sha256", as: String.self), on: db, engine: engine)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return true
        }
    }

    /// The documents of one point, removed ones included, newest first.
    public func list(_ municipality: MunicipalityCode, point key: String) async throws -> [EvidenceDocument] {
        try await select().where("municipality_code", .equal, municipality.rawValue).where("point_key", .equal, key)
            .orderBy("uploaded_at", .descending).orderBy("id").all().map(Self.decode)
    }

    /// How many documents each point of `municipality` holds now (removed ones not counted).
    public func counts(of municipality: MunicipalityCode) async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for row in try await database.sql.select().column("point_key").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("plan_evidence")
            .where("municipality_code", .equal, municipality.rawValue).where("removed_at", .is, SQLLiteral.null).groupBy("point_key").all() {
            result[try row.decode(column: "point_key", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return result
    }

    public func get(_ id: UUID, municipality: MunicipalityCode, point key: String) async throws -> EvidenceDocument? {
        try await select().where("id", .equal, id.uppercasedText).where("municipality_code", .equal, municipality.rawValue)
            .where("point_key", .equal, key).first().map(Self.decode)
    }

    private func select() -> SQLSelectBuilder {
        database.sql.select().columns("id", "municipality_code", "point_key", "title", "file_name", "format", "size", "sha256", "uploaded_by",
                                      "uploaded_at", "removed_by", "removed_at").from("plan_evidence")
    }

    private static func decode(_ row: any SQLRow) throws -> EvidenceDocument {
        let id = try row.decode(column: "id", as: String.self)
        guard let uuid = UUID(text: id), let municipality = MunicipalityCode(try row.decode(column: "municipality_code", as: String.self)),
              let format = DocumentFormat(rawValue: try row.decode(column: "format", as: String.self)),
              let uploader = UUID(text: try row.decode(column: "uploaded_by", as: String.self)) else {
            throw StorageError.corruptRow(table: "plan_evidence", key: id)
        }
        let file = DocumentFile(version: 1, fileName: try row.decode(column: "file_name", as: String.self), format: format,
                                size: try row.decode(column: "size", as: Int.self), sha256: try row.decode(column: "sha256", as: String.self),
                                uploadedBy: uploader, uploadedAt: try row.decode(column: "uploaded_at", as: Date.self))
        return EvidenceDocument(id: uuid, municipality: municipality, pointKey: try row.decode(column: "point_key", as: String.self),
                                title: try row.decode(column: "title", as: String.self), file: file,
                                removedBy: try row.decode(column: "removed_by", as: String?.self).flatMap(UUID.init(text:)),
                                removedAt: try row.decode(column: "removed_at", as: Date?.self))
    }
}
