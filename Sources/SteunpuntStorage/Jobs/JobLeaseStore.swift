import Foundation
import SQLKit

/// Who runs a background job's rounds now, when several instances share one database
/// (`job_leases`, migration 60). Taking a lease is one statement: it succeeds when nobody
/// holds the job, the lease lapsed, or the taker holds it already (a renewal); of instances
/// taking it at the same moment exactly one succeeds.
public struct JobLeaseStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Takes or renews `job` for `holder` until `until`; false when another holds it.
    public func take(_ job: String, holder: String, until: Date, at now: Date) async throws -> Bool {
        try await !database.sql.raw("""
            INSERT INTO job_leases (job, holder, until) VALUES (\(bind: job), \(bind: holder), \(bind: until))
            ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, until = excluded.until
            WHERE job_leases.until <= \(bind: now) OR job_leases.holder = excluded.holder
            RETURNING job
            """).all().isEmpty
    }

    /// Who holds `job` and until when, if anyone does.
    public func holder(of job: String) async throws -> (holder: String, until: Date)? {
        guard let row = try await database.sql.select().columns("holder", "until").from("job_leases").where("job", .equal, job).first() else { return nil }
        return (try row.decode(column: "holder", as: String.self), try row.decode(column: "until", as: Date.self))
    }
}
