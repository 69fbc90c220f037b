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
