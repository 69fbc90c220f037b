import SQLKit

/// A request's need codes on its own row (`support_requests.need_codes`: sorted, joined by
/// single spaces, empty when none), so a list or a single read has them without a
/// subquery per row or a query of its own (issue 17: on PostgreSQL a page of 100 ran the
/// subquery a hundred times). Needs are set when a request is filed and never change, so
/// the column is written once, with the rows of `request_needs`, which stay for counting
/// and filtering.
enum M0039_RequestNeedCodes: Migration {
    static let id = 39
    static let name = "request need codes on the request"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        let codes = t.engine == .postgres
            ? "(SELECT string_agg(need_code, ' ' ORDER BY need_code) FROM request_needs WHERE request_needs.request_id = support_requests.id)"
            : "(SELECT group_concat(need_code, ' ') FROM (SELECT need_code FROM request_needs WHERE request_needs.request_id = support_requests.id ORDER BY need_code))"
        try await db.run([
            "ALTER TABLE support_requests ADD COLUMN need_codes TEXT NOT NULL DEFAULT ''",
            "UPDATE support_requests SET need_codes = COALESCE(\(codes), '')",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["ALTER TABLE support_requests DROP COLUMN need_codes"])
    }
}
