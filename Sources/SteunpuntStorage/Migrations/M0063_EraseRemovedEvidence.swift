import SQLKit

/// A plan evidence document's bytes go when it is removed (issue 23): this erases the
/// bytes of the documents removed before, unless something readable still uses them (the
/// same file as toolbox document or as evidence elsewhere). Their rows and digests stay.
enum M0063_EraseRemovedEvidence: Migration {
    static let id = 63
    static let name = "erase the bytes of removed evidence"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        let digests = try await db.raw("SELECT DISTINCT sha256 FROM plan_evidence WHERE removed_at IS NOT NULL").all()
            .map { try $0.decode(column: "sha256", as: String.self) }
        for sha256 in digests { try await DocumentStore.eraseUnusedContent(sha256, on: db, engine: t.engine) }
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        // Erased bytes cannot come back; nothing to undo in the schema.
    }
}
