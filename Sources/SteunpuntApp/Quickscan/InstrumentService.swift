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

    package func create(_ instrument: Instrument, by user: User?, actor: Actor) async throws -> InstrumentVersion {
        guard let user, QuickscanPolicy.mayEditInstruments(user) else { throw DomainError.notFound }
        let id = dependencies.uuid()
        let now = dependencies.now()
        return try await instruments.create(instrument, id: id, by: user.id, at: now,
                                            audit: actor.auditEvent(.instrumentCreated, objectType: "instrument", objectID: id.uuidString, at: now))
    }

    /// Saves `definition` as a change made on `version`; a later version is a conflict.
    package func save(_ id: UUID, _ definition: Instrument, basedOn version: Int, by user: User?, actor: Actor) async throws -> InstrumentVersion {
        guard let user, QuickscanPolicy.mayEditInstruments(user) else { throw DomainError.notFound }
        let now = dependencies.now()
        return try await instruments.save(id, definition, basedOn: version, by: user.id, at: now,
                                          audit: actor.auditEvent(.instrumentChanged, objectType: "instrument", objectID: id.uuidString, at: now))
    }

    /// Freezes draft `version`; only the unit's coordinator publishes.
    package func publish(_ id: UUID, version: Int, by user: User?, actor: Actor) async throws -> InstrumentVersion {
        guard let user, QuickscanPolicy.mayEditInstruments(user) else { throw DomainError.notFound }
        guard QuickscanPolicy.mayPublish(user) else { throw DomainError.forbidden }
        let now = dependencies.now()
        return try await instruments.publish(id, version: version, at: now,
                                             audit: actor.auditEvent(.instrumentPublished, objectType: "instrument", objectID: "\(id.uuidString)/\(version)", at: now))
    }
}
