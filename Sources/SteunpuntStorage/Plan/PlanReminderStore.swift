import Foundation
import SQLKit
import SteunpuntDomain

/// Reminders to update the 10-point plan (part 6): an active municipality whose officials
/// have not changed its progress (by the form, the API or a file) since `cutoff` (one that
/// never did: the plan was first published before `cutoff`, so a new installation does not
/// remind everyone on its first day), and that was not reminded since then either, is reminded: a notice to its officials, mailed
/// through the outbox as every notice is. Each reminder is claimed on the municipality's
/// row (`plan_reminders`) in the transaction that writes the notice, so two instances
/// remind once.
public struct PlanReminderStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The municipalities due for a reminder: no change by their own since `cutoff` (none
    /// ever: the plan published before it), no reminder since `cutoff`; by code.
    public func due(cutoff: Date) async throws -> [Municipality] {
        let rows = try await database.sql.raw("""
            SELECT m.code FROM municipalities m
            LEFT JOIN (SELECT municipality_code, MAX(changed_at) AS last_change FROM plan_progress_history
                       WHERE source IN ('formulier', 'upload') GROUP BY municipality_code) h ON h.municipality_code = m.code
            LEFT JOIN plan_reminders r ON r.municipality_code = m.code
            WHERE m.ended_on IS NULL
              AND COALESCE(h.last_change, (SELECT MIN(published_at) FROM plan_versions WHERE published_at IS NOT NULL)) < \(bind: cutoff)
              AND (r.reminded_at IS NULL OR r.reminded_at < \(bind: cutoff))
            ORDER BY m.code
            """).all()
        let codes = Set(try rows.compactMap { MunicipalityCode(try $0.decode(column: "code", as: String.self)) })
        return try await MunicipalityStore(database: database).some(codes).sorted { $0.code.rawValue < $1.code.rawValue }
    }

    /// Reminds every municipality `due(cutoff:)` names; returns how many were reminded now.
    @discardableResult
    public func remind(cutoff: Date, at now: Date) async throws -> Int {
        var reminded = 0
        for municipality in try await due(cutoff: cutoff) {
            let code = municipality.code.rawValue
            let told = try await database.transaction { db in
                try await db.insert(into: "plan_reminders").columns("municipality_code", "reminded_at").values(SQLBind(code), SQLBind(Date(timeIntervalSince1970: 0)))
                    .ignoringConflicts(with: ["municipality_code"]).run()
                let claimed = try await db.update("plan_reminders").set("reminded_at", to: now).where("municipality_code", .equal, code)
                    .where("reminded_at", .lessThan, cutoff).returning("municipality_code").all()
                guard !claimed.isEmpty else { return false }
                try await NotificationStore.notify([RequestNotice(.planReminder, .requester(OrganisationID(municipality: municipality.code)))],
                                                   about: .init(type: .plan, id: code, number: "10-puntenplan", title: municipality.name),
                                                   actor: nil, at: now, on: db)
                return true
            }
            if told { reminded += 1 }
        }
        return reminded
    }
}
