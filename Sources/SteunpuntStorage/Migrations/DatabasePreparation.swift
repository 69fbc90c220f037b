import Foundation

/// What every process does to a database before it uses it: apply the missing migrations,
/// load the reference data, seal second-factor secrets stored before they were sealed.
/// Instances (and commands) starting together on one PostgreSQL do this one after another
/// (`AdvisoryLock.preparation`): the second finds the schema and the reference data in place
/// instead of adding the 342 municipalities a second time.
public enum DatabasePreparation {
    public static func prepare(_ database: Database, box: SecretBox, at now: Date = Date()) async throws {
        try await database.exclusively(.preparation) {
            try await Migrator.migrate(database, now: now)
            try await ReferenceData.ensure(in: database, at: now)
            _ = try await MFAStore(database: database, box: box).sealStoredSecrets()
        }
    }
}
