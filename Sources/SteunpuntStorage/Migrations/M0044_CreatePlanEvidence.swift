import SQLKit

/// Documents a municipality adds as evidence to a point of the 10-point plan (issue 20,
/// part 3): the bytes in `document_contents` as the toolbox keeps them (once per SHA-256
/// digest), a row per document with who added it and, once removed, who removed it.
enum M0044_CreatePlanEvidence: Migration {
    static let id = 44
    static let name = "10-point plan evidence documents"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE plan_evidence (
                id TEXT PRIMARY KEY,
                municipality_code TEXT NOT NULL REFERENCES municipalities (code),
                point_key TEXT NOT NULL,
                title TEXT NOT NULL,
                file_name TEXT NOT NULL,
                format TEXT NOT NULL,
                size \(t.bigint) NOT NULL,
                sha256 TEXT NOT NULL REFERENCES document_contents (sha256),
                uploaded_by TEXT NOT NULL REFERENCES users (id),
                uploaded_at \(t.timestamp) NOT NULL,
                removed_by TEXT REFERENCES users (id),
                removed_at \(t.timestamp)
            )
            """,
            "CREATE INDEX plan_evidence_point ON plan_evidence (municipality_code, point_key, uploaded_at)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP INDEX plan_evidence_point", "DROP TABLE plan_evidence"])
    }
}
