import SQLKit

/// Toolbox documents (issue 5): each document of an offering with its numbered file
/// versions; the bytes are stored once per SHA-256 digest (`document_contents`), inside
/// the database, so a backup and a transaction cover them like every other record.
enum M0013_CreateDocuments: Migration {
    static let id = 13
    static let name = "create documents"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE document_contents (
                sha256 TEXT PRIMARY KEY,
                size \(t.bigint) NOT NULL,
                content \(t.blob) NOT NULL
            )
            """,
            """
            CREATE TABLE offering_documents (
                id TEXT PRIMARY KEY,
                offering_id TEXT NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                visibility TEXT NOT NULL,
                version INTEGER NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX offering_documents_offering ON offering_documents (offering_id, title)",
            """
            CREATE TABLE offering_document_versions (
                document_id TEXT NOT NULL REFERENCES offering_documents (id) ON DELETE CASCADE,
                version INTEGER NOT NULL,
                file_name TEXT NOT NULL,
                format TEXT NOT NULL,
                size \(t.bigint) NOT NULL,
                sha256 TEXT NOT NULL REFERENCES document_contents (sha256),
                text TEXT,
                uploaded_by TEXT NOT NULL REFERENCES users (id),
                uploaded_at \(t.timestamp) NOT NULL,
                PRIMARY KEY (document_id, version)
            )
            """,
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE offering_document_versions", "DROP TABLE offering_documents", "DROP TABLE document_contents"])
    }
}
