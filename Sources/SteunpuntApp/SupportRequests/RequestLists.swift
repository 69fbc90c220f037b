import Foundation
import SteunpuntDomain
import SteunpuntStorage

extension RequestService {
    /// A page of the requests `user` may see that match `filter`, newest first; with a
    /// work queue, only that queue's (`RequestFilter.narrowed(to:for:)`).
    package func list(_ filter: RequestFilter, queue: WorkQueue? = nil, page: PageRequest, by user: User) async throws -> Page<RequestListItem> {
        let scope = RequestPolicy.scope(for: user)
        guard scope != .none else { throw DomainError.forbidden }
        return try await requests.list(queue.map { filter.narrowed(to: $0, for: user) } ?? filter, scope: scope, page: page)
    }
}
