import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Keeping the needs taxonomy (administrators), shared by the API and the admin page: a
/// need is added or changed whole, retired but never deleted, and every save is audited.
package struct NeedService: Sendable {
    package let needs: NeedStore
    package let privacy: PrivacyGuard
    package let dependencies: Dependencies

    package init(needs: NeedStore, privacy: PrivacyGuard, dependencies: Dependencies) {
        self.needs = needs
        self.privacy = privacy
        self.dependencies = dependencies
    }

    /// Every need, retired ones too, for the administrators' list.
    package func all(by user: User?) async throws -> [Need] {
        guard AccessPolicy.canAdminister(user) else { throw DomainError.forbidden }
        return try await needs.all(includeRetired: true)
    }

    /// Adds (`isNew`) or changes a need. A new need's code must be free (`need_code_taken`);
    /// a changed one must exist (`unknown_need`); every other problem at once first.
    package func save(_ draft: NeedDraft, isNew: Bool, by user: User?, actor: Actor) async throws -> Need {
        guard AccessPolicy.canAdminister(user) else { throw DomainError.forbidden }
        let need = try draft.validated(privacy: privacy)
        let exists = try await needs.get(need.code) != nil
        if exists == isNew { throw DomainError.invalid([FieldError(field: "code", code: isNew ? "need_code_taken" : "unknown_need")]) }
        let now = dependencies.now()
        try await needs.save(need, audit: actor.auditEvent(.needSaved, objectType: "need", objectID: need.code.rawValue, at: now))
        return need
    }
}
