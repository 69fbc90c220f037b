import Foundation
import SteunpuntDomain
import SteunpuntStorage

extension AppContext {
    /// The API caller, who must hold `scope`: 401 without a token, 403 without the scope.
    func requireCaller(_ scope: APIScope) throws -> APICaller {
        guard let caller = apiCaller else { throw DomainError.unauthenticated }
        guard caller.token.scopes.contains(scope) else { throw DomainError.forbidden }
        return caller
    }
}

extension AppContext {
    /// The UUID a route parameter names; one that is not a UUID names nothing (404), as an unknown one does.
    func identifier(_ name: String) throws -> UUID {
        guard let id = UUID(text: try parameters.require(name)) else { throw DomainError.notFound }
        return id
    }
}
