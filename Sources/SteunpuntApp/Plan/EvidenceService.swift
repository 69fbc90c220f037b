import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The documents a municipality adds as evidence to a point of its plan: its own officials
/// add and remove them (`PlanPolicy.mayKeep`), the readers of its progress (its officials
/// and the unit, `PlanPolicy.mayRead`) list and download them. Every addition, removal and
/// download is in the audit trail.
package struct EvidenceService: Sendable {
    package let progress: ProgressService
    package let evidence: EvidenceStore
    package let documents: DocumentStore
    package let audit: AuditStore
    package let dependencies: Dependencies
    package let privacy: PrivacyGuard
    /// The largest document accepted, in bytes (`STEUNPUNT_MAX_DOCUMENT_BYTES`, as the toolbox).
    package let maxDocumentBytes: Int

    package init(progress: ProgressService, evidence: EvidenceStore, documents: DocumentStore, audit: AuditStore, dependencies: Dependencies,
                 privacy: PrivacyGuard = .standard, maxDocumentBytes: Int) {
        self.progress = progress
        self.evidence = evidence
        self.documents = documents
        self.audit = audit
        self.dependencies = dependencies
        self.privacy = privacy
        self.maxDocumentBytes = maxDocumentBytes
    }

    /// The documents of a point (removed ones included, newest first) with the names of
    /// who added and removed them.
    package func list(_ key: String, of code: MunicipalityCode, actor: Actor) async throws -> (documents: [EvidenceDocument], names: [UUID: String]) {
        _ = try await progress.current(key, of: code, actor: actor)
        let documents = try await evidence.list(code, point: key)
        let people = Set(documents.map(\.file.uploadedBy) + documents.compactMap(\.removedBy))
        return (documents, try await progress.users.names(of: Array(people)))
    }

    /// How many documents each point of `code` holds now, for a reader of its progress.
    package func counts(of code: MunicipalityCode, actor: Actor) async throws -> [String: Int] {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard PlanPolicy.mayRead(user, progressOf: code) else { throw DomainError.forbidden }
        return try await evidence.counts(of: code)
    }

    package func add(_ draft: EvidenceDraft, to key: String, of code: MunicipalityCode, actor: Actor) async throws -> EvidenceDocument {
        let user = try await keeper(key, of: code, actor: actor)
        let valid = try draft.validated(sizeLimit: maxDocumentBytes, privacy: privacy)
        let id = dependencies.uuid(), now = dependencies.now()
        return try await evidence.add(valid, municipality: code, point: key, id: id, by: user.id, at: now,
                                      audit: actor.auditEvent(.planEvidenceAdded, objectType: "plan_evidence", objectID: id.uppercasedText, at: now))
    }

    package func remove(_ id: String, from key: String, of code: MunicipalityCode, actor: Actor) async throws {
        let user = try await keeper(key, of: code, actor: actor)
        guard let uuid = UUID(text: id) else { throw DomainError.notFound }
        let now = dependencies.now()
        guard try await evidence.remove(uuid, municipality: code, point: key, by: user.id, at: now,
                                        audit: actor.auditEvent(.planEvidenceRemoved, objectType: "plan_evidence", objectID: uuid.uppercasedText, at: now))
        else { throw DomainError.notFound }
    }

    /// A document of a point that is not removed.
    package func document(_ id: String, of key: String, of code: MunicipalityCode, actor: Actor) async throws -> EvidenceDocument {
        _ = try await progress.current(key, of: code, actor: actor)
        guard let uuid = UUID(text: id), let found = try await evidence.get(uuid, municipality: code, point: key), !found.isRemoved else {
            throw DomainError.notFound
        }
        return found
    }

    /// The bytes of a document, the download audited.
    package func download(_ id: String, of key: String, of code: MunicipalityCode, actor: Actor) async throws -> (document: EvidenceDocument, content: Data) {
        let found = try await document(id, of: key, of: code, actor: actor)
        guard let content = try await documents.content(found.file.sha256) else { throw DomainError.notFound }
        try await audit.append(actor.auditEvent(.planEvidenceDownloaded, objectType: "plan_evidence", objectID: found.id.uppercasedText, at: dependencies.now()))
        return (found, content)
    }

    /// The user, when they may keep `code`'s progress and `key` is a point of the plan.
    private func keeper(_ key: String, of code: MunicipalityCode, actor: Actor) async throws -> User {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        _ = try await progress.current(key, of: code, actor: actor)
        guard PlanPolicy.mayKeep(user, progressOf: code) else { throw DomainError.forbidden }
        return user
    }
}
