import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// A user's own API tokens (*Mijn account*): made with a name, scopes and a lifetime of
/// 1 to 365 days, shown once, revocable by their owner. Audited.
package struct PersonalTokens: Sendable {
    package let tokens: APITokenStore
    package let privacy: PrivacyGuard
    package let dependencies: Dependencies

    package static let maxDays = 365

    package init(tokens: APITokenStore, privacy: PrivacyGuard, dependencies: Dependencies) {
        self.tokens = tokens
        self.privacy = privacy
        self.dependencies = dependencies
    }

    package func list(for user: User) async throws -> [APIToken] {
        try await tokens.list(user: user.id)
    }

    /// Makes a token; its secret is returned once and stored only as a digest. Every
    /// problem with the name and the lifetime comes at once (`DomainError.invalid`).
    package func create(name text: String?, days: Int?, scopes: Set<APIScope>, actor: Actor) async throws -> (secret: String, token: APIToken) {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard user.isActive else { throw DomainError.forbidden }
        var v = Validator()
        let name = APITokenName.validated(text, privacy: privacy, into: &v)
        v.check(days.map { (1...Self.maxDays).contains($0) } ?? false, "dagen", "invalid_token_days")
        v.check(!scopes.isEmpty, "scope", "required")
        guard v.errors.isEmpty, let days else { throw DomainError.invalid(v.errors) }
        let secret = dependencies.secret("spt_")
        let now = dependencies.now()
        let token = try await tokens.create(secret: secret, id: dependencies.uuid(), user: user.id, name: name, scopes: scopes, at: now,
                                    expiresAt: now.addingTimeInterval(TimeInterval(days) * 86_400),
                                    audit: actor.auditEvent(.tokenCreated, objectType: "api_token", at: now))
        return (secret, token)
    }

    /// Revokes one of the acting user's own tokens.
    package func revoke(_ id: UUID, actor: Actor) async throws {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        let now = dependencies.now()
        try await tokens.revoke(id, ownedBy: user.id, at: now,
                                audit: actor.auditEvent(.tokenRevoked, objectType: "api_token", objectID: id.uppercasedText, at: now))
    }
}
