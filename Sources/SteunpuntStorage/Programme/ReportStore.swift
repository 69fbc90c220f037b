import Crypto
import Foundation
import SQLKit
import SteunpuntDomain

/// The programme's progress reports (`progress_reports`, M0055): one per quarter, changed
/// only as the version read (`report_changed` otherwise), each change with its audit entry
/// in the same transaction; publishing stores the snapshot's bytes and their SHA-256, after
/// which the database refuses any change.
public struct ReportStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    static let columns = ["title", "introduction", "status", "version", "updated_by", "updated_at", "submitted_by", "submitted_at", "return_reason",
                          "published_by", "published_at", "sha256"]

    static func values(_ report: ProgressReport) -> [any SQLExpression] {
        [SQLBind(report.title), SQLBind(report.introduction), SQLBind(report.status.rawValue), SQLBind(report.version), SQLBind(report.updatedBy.uppercasedText),
         SQLBind(report.updatedAt), SQLBind(report.submittedBy?.uppercasedText), SQLBind(report.submittedAt), SQLBind(report.returnReason),
         SQLBind(report.publishedBy?.uppercasedText), SQLBind(report.publishedAt), SQLBind(report.sha256)]
    }

    /// Starts the report of `report.period`; `report_exists` when the quarter has one.
    public func create(_ report: ProgressReport, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            let inserted = try await db.insert(into: "progress_reports").columns(["period", "created_by", "created_at"] + Self.columns)
                .values([SQLBind(report.period.description), SQLBind(report.updatedBy.uppercasedText), SQLBind(report.updatedAt)] + Self.values(report))
                .ignoringConflicts(with: ["period"]).returning("period").all()
            guard !inserted.isEmpty else { throw DomainError.conflict("report_exists") }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    public func get(_ period: PlanQuarter) async throws -> ProgressReport? {
        try await database.sql.select().columns(["period"] + Self.columns).from("progress_reports").where("period", .equal, period.description).first().map(Self.decode)
    }

    /// Every report, newest quarter first.
    public func all() async throws -> [ProgressReport] {
        try await database.sql.select().columns(["period"] + Self.columns).from("progress_reports").orderBy("period", .descending).all().map(Self.decode)
    }

    /// A published report's snapshot as stored, with its SHA-256; nil when the quarter has no published report.
    public func snapshot(_ period: PlanQuarter) async throws -> (report: ProgressReport, bytes: Data)? {
        guard let row = try await database.sql.select().columns(["period", "snapshot"] + Self.columns).from("progress_reports")
            .where("period", .equal, period.description).where("status", .equal, ReportStatus.published.rawValue).first(),
              let text = try row.decode(column: "snapshot", as: String?.self) else { return nil }
        return (try Self.decode(row), Data(text.utf8))
    }

    /// Changes the report as read at `expectedVersion` (nil: as it stands; `change` edits it; its version is
    /// raised); `publishing` stores those bytes as the snapshot with their SHA-256.
    public func change(_ period: PlanQuarter, expectedVersion: Int?, publishing snapshot: Data? = nil, audit: AuditEvent? = nil,
                       _ change: @escaping @Sendable (inout ProgressReport) throws -> Void) async throws -> ProgressReport {
        let engine = database.engine
        return try await database.transaction { db in
            var select = db.select().columns(["period"] + Self.columns).from("progress_reports").where("period", .equal, period.description)
            if engine == .postgres { select = select.for(.update) }
            guard let row = try await select.first() else { throw DomainError.notFound }
            var report = try Self.decode(row)
            guard report.status != .published else { throw DomainError.conflict("report_published") }
            if let expectedVersion, report.version != expectedVersion { throw DomainError.conflict("report_changed") }
            try change(&report)
            report.version += 1
            var update = db.update("progress_reports")
            if let snapshot {
                report.sha256 = SHA256.hash(data: snapshot).map { String(format: "%02x", $0) }.joined()
                update = update.set("snapshot", to: String(decoding: snapshot, as: UTF8.self))
            }
            for (column, value) in zip(Self.columns, Self.values(report)) { update = update.set(SQLIdentifier(column), to: value) }
            try await update.where("period", .equal, period.description).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return report
        }
    }

    static func decode(_ row: any SQLRow) throws -> ProgressReport {
        let key = try row.decode(column: "period", as: String.self)
        guard let period = PlanQuarter(key), let status = ReportStatus(rawValue: try row.decode(column: "status", as: String.self)),
              let updatedBy = UUID(text: try row.decode(column: "updated_by", as: String.self)) else {
            throw StorageError.corruptRow(table: "progress_reports", key: key)
        }
        return ProgressReport(period: period, title: try row.decode(column: "title", as: String.self), introduction: try row.decode(column: "introduction", as: String.self),
                              status: status, version: try row.decode(column: "version", as: Int.self), updatedBy: updatedBy,
                              updatedAt: try row.decode(column: "updated_at", as: Date.self),
                              submittedBy: try row.decode(column: "submitted_by", as: String?.self).flatMap(UUID.init(text:)),
                              submittedAt: try row.decode(column: "submitted_at", as: Date?.self), returnReason: try row.decode(column: "return_reason", as: String.self),
                              publishedBy: try row.decode(column: "published_by", as: String?.self).flatMap(UUID.init(text:)),
                              publishedAt: try row.decode(column: "published_at", as: Date?.self), sha256: try row.decode(column: "sha256", as: String?.self))
    }
}
