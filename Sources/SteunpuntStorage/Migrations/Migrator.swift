import Foundation
import Logging
import SQLKit

/// Applies the numbered migrations that are not yet applied, each in its own
/// transaction, and records them in `schema_migrations`. Safe to run at every start
/// and from several instances at once (PostgreSQL takes an advisory lock; SQLite's
/// `BEGIN IMMEDIATE` serialises writers).
public enum Migrator {
    static let all: [any Migration.Type] = [
        M0001_CreateReferenceTables.self,
        M0002_CreateIdentityTables.self,
        M0003_CreateAuditTrail.self,
        M0004_CreateSignInThrottle.self,
        M0005_AddRoleSince.self,
        M0006_CreateInvitations.self,
        M0007_CreateMFA.self,
        M0008_AddSessionVerification.self,
        M0009_CreateMailOutbox.self,
        M0010_CreateSupportRequests.self,
        M0011_IndexRequestLists.self,
        M0012_CreateToolbox.self,
        M0013_CreateDocuments.self,
        M0014_CreateOfferingLinks.self,
        M0015_IndexOfferingListings.self,
        M0016_CreateQuickscanInstruments.self,
        M0017_CreateQuickscanRounds.self,
        M0018_CreateQuickscanResponses.self,
        M0019_CreateQuickscanFollowUps.self,
        M0020_CreateQuickscanScores.self,
        M0021_StoreSubmittedAnswers.self,
        M0022_SeparateOfferingFacets.self,
        M0023_CreateHealthProbe.self,
        M0024_AddPasswordLinkPurpose.self,
        M0025_CreateNotifications.self,
        M0026_AddNotificationMail.self,
        M0027_AddQuickscanNotices.self,
        M0028_CreateWebhooks.self,
        M0029_AddAuditLanes.self,
        M0030_CreateMeetings.self,
        M0031_AddMeetingMail.self,
        M0032_AddMeetingFollowUp.self,
        M0033_CreateCalendarFeeds.self,
        M0034_AddRegistrationGroups.self,
        M0035_AddActivityMeetings.self,
        M0036_CreateMeetingReach.self,
        M0037_CreateCircles.self,
        M0038_CreateNetworkRegister.self,
        M0039_RequestNeedCodes.self,
        M0040_CreatePlan.self,
        M0041_CreatePlanSupport.self,
        M0042_CreatePlanReminders.self,
        M0043_CreatePlanSnapshots.self,
        M0044_CreatePlanEvidence.self,
        M0045_CreateIncidents.self,
        M0046_LinkIncidentsToRequests.self,
        M0047_CreateHandlingSteps.self,
        M0048_IndexIncidentsByPeriod.self,
        M0049_IndexIncidentsForTally.self,
        M0050_CreateIncidentShares.self,
        M0051_CreateMeasures.self,
        M0052_CreateIndicatorRecords.self,
        M0053_CreateIndicatorPeriods.self,
        M0054_CreateIndicatorTargets.self,
        M0055_CreateProgressReports.self,
        M0056_KeepIndicatorTallies.self,
        M0057_KeepIndicatorBreakdowns.self,
        M0058_CreateDestructionLists.self,
        M0059_IndexUndeliveredWebhooks.self,
        M0060_CreateJobLeases.self,
        M0061_CreateAuditCheckpoints.self,
        M0062_DestroyRegistrationsAndNetworkEntries.self,
        M0063_EraseRemovedEvidence.self,
        M0064_IdentifyQuickscanResponses.self,
    ]

    /// The highest migration number this build knows.
    public static var latest: Int { all.map { $0.id }.max() ?? 0 }

    /// Applies what is missing (up to `last`, for tests of a migration) and returns the numbers
    /// it applied. A database with migrations this version does not know (made by a newer
    /// one) is refused before anything is applied: migrations only go forward.
    @discardableResult
    public static func migrate(_ database: Database, now: Date = Date(), upTo last: Int = .max) async throws -> [Int] {
        let types = ColumnTypes(engine: database.engine)
        try await database.sql.run([
            "CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at \(types.timestamp) NOT NULL)",
        ])
        let known = Set(all.map { $0.id })
        let unknown = try await Self.applied(database).filter { !known.contains($0) }
        if !unknown.isEmpty { throw StorageError.newerSchema(unknown: unknown) }
        var applied: [Int] = []
        for migration in all.sorted(by: { $0.id < $1.id }) where migration.id <= last {
            let didApply = try await database.transaction { db in
                if database.engine == .postgres {
                    // One lock for Steunpunt's schema; released at commit.
                    try await db.raw("SELECT pg_advisory_xact_lock(\(literal: AdvisoryLock.migration.rawValue))").run()
                }
                let done = try await db.select().column("id").from("schema_migrations")
                    .where("id", .equal, migration.id).first()
                if done != nil { return false }
                do {
                    try await migration.prepare(on: db, types: types)
                } catch {
                    throw StorageError.migrationFailed(id: migration.id, reason: LoggedError.description(of: error))
                }
                try await db.insert(into: "schema_migrations")
                    .columns("id", "name", "applied_at")
                    .values(SQLBind(migration.id), SQLBind(migration.name), SQLBind(now))
                    .run()
                return true
            }
            if didApply {
                database.logger.info("applied migration", metadata: ["migration": "\(migration.id) \(migration.name)"])
                applied.append(migration.id)
            }
        }
        return applied
    }

    /// The numbers of the applied migrations, ascending.
    public static func applied(_ database: Database) async throws -> [Int] {
        try await database.sql.select().column("id").from("schema_migrations").orderBy("id")
            .all().map { try $0.decode(column: "id", as: Int.self) }
    }
}
