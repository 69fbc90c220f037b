import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// A person's own notifications (*Meldingen*): listing them, opening one (it is read
/// then, and leads to its record), marking all read. Only ever the caller's own.
package struct Notifications: Sendable {
    package let store: NotificationStore
    package let dependencies: Dependencies

    package init(store: NotificationStore, dependencies: Dependencies) {
        self.store = store
        self.dependencies = dependencies
    }

    package func list(page: PageRequest, by user: User?) async throws -> Page<StoredNotification> {
        guard let user else { throw DomainError.unauthenticated }
        return try await store.list(user: user.id, page: page)
    }

    /// One of the caller's notifications; `notFound` when it is not theirs.
    package func get(_ id: UUID, by user: User?) async throws -> StoredNotification {
        guard let user else { throw DomainError.unauthenticated }
        guard let found = try await store.get(id, user: user.id) else { throw DomainError.notFound }
        return found
    }

    /// Marks it read and returns it; `notFound` when it is not the caller's.
    package func open(_ id: UUID, by user: User?) async throws -> StoredNotification {
        guard let user else { throw DomainError.unauthenticated }
        guard let found = try await store.read(id, user: user.id, at: dependencies.now()) else { throw DomainError.notFound }
        return found
    }

    package func readAll(by user: User?) async throws {
        guard let user else { throw DomainError.unauthenticated }
        try await store.readAll(user: user.id, at: dependencies.now())
    }

    /// The caller's choices for notification mail, the defaults of their role filled in.
    package func preferences(by user: User?) async throws -> NotificationPreferences {
        guard let user else { throw DomainError.unauthenticated }
        var preferences = try await store.preferences(user: user.id)
        for kind in NotificationPreferences.kinds(for: user.role) { preferences.delivery[kind] = preferences.delivery(of: kind, role: user.role) }
        return preferences
    }

    /// Stores the caller's choices (every problem at once); the mail of notifications not yet
    /// sent follows the new choices.
    package func savePreferences(_ draft: NotificationPreferences.Draft, by user: User?) async throws -> NotificationPreferences {
        guard let user else { throw DomainError.unauthenticated }
        let valid = try draft.validated()
        try await store.savePreferences(valid, user: user.id, role: user.role, at: dependencies.now())
        return try await preferences(by: user)
    }
}
