import Foundation
import Hummingbird
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/gebruikers/ik`: who the token belongs to and what it may do.
struct CurrentUserAPI {
    struct MeDTO: Encodable, Sendable {
        let id: UUID
        let naam: String
        let email: String
        let organisatie: String
        let rol: String
        let scopes: [String]
        let tokenVerlooptOp: Date
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/gebruikers/ik", use: show)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let user = caller.user
        return try JSONResponse.make(MeDTO(
            id: user.id, naam: user.name, email: user.email, organisatie: user.organisation.rawValue, rol: user.role.rawValue,
            scopes: caller.token.scopes.map(\.rawValue).sorted(), tokenVerlooptOp: caller.token.expiresAt))
    }
}
