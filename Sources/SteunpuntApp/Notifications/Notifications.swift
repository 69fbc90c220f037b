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
}
