import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Keeping the quickscan's questionnaires (the unit): importing one as a draft, saving a
/// change made on a version (into that draft, or a new draft once it is published), and
/// publishing (the coordinator), each with its rule and audit entry. Others are told the
/// instruments do not exist: they are the unit's working material.
package struct InstrumentService: Sendable {
    package let instruments: InstrumentStore
    package let dependencies: Dependencies

    package init(instruments: InstrumentStore, dependencies: Dependencies) {
        self.instruments = instruments
        self.dependencies = dependencies
    }

    /// The latest version of every questionnaire.
    package func list(by user: User?) async throws -> [InstrumentVersion] {
        try Self.requireEditor(user)
        return try await instruments.list()
    }

    /// Every version of one questionnaire, newest first; `notFound` when it has none.
    package func versions(_ id: UUID, by user: User?) async throws -> [InstrumentVersion] {
        try Self.requireEditor(user)
        let versions = try await instruments.versions(id)
        guard !versions.isEmpty else { throw DomainError.notFound }
        return versions
    }

    package func version(_ id: UUID, _ number: Int, by user: User?) async throws -> InstrumentVersion {
        try Self.requireEditor(user)
        guard let version = try await instruments.version(id, number) else { throw DomainError.notFound }
        return version
    }

    @discardableResult
    private static func requireEditor(_ user: User?) throws -> User {
        guard let user, QuickscanPolicy.mayEditInstruments(user) else { throw DomainError.notFound }
        return user
    }

    package func create(_ instrument: Instrument, by user: User?, actor: Actor) async throws -> InstrumentVersion {
        let user = try Self.requireEditor(user)
        let id = dependencies.uuid()
        let now = dependencies.now()
        return try await instruments.create(instrument, id: id, by: user.id, at: now,
                                            audit: actor.auditEvent(.instrumentCreated, objectType: "instrument", objectID: id.uppercasedText, at: now))
    }

    /// Saves `definition` as a change made on `version`; a later version is a conflict.
    package func save(_ id: UUID, _ definition: Instrument, basedOn version: Int, by user: User?, actor: Actor) async throws -> InstrumentVersion {
        let user = try Self.requireEditor(user)
        let now = dependencies.now()
        return try await instruments.save(id, definition, basedOn: version, by: user.id, at: now,
                                          audit: actor.auditEvent(.instrumentChanged, objectType: "instrument", objectID: id.uppercasedText, at: now))
    }

    /// Freezes draft `version`; only the unit's coordinator publishes.
    package func publish(_ id: UUID, version: Int, by user: User?, actor: Actor) async throws -> InstrumentVersion {
        let user = try Self.requireEditor(user)
        guard QuickscanPolicy.mayPublish(user) else { throw DomainError.forbidden }
        let now = dependencies.now()
        return try await instruments.publish(id, version: version, at: now,
                                             audit: actor.auditEvent(.instrumentPublished, objectType: "instrument", objectID: "\(id.uppercasedText)/\(version)", at: now))
    }
}
