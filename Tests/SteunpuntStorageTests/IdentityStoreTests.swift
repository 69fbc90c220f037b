import Foundation
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Organisations, users, sessions and tokens")
struct IdentityStoreTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func makeUser(_ database: Database, email: String = "anna@zoetermeer.example", organisation: String = "GM0637",
                         role: Role = .municipalOfficial) async throws -> User {
        let draft = try UserDraft(email: email, name: "Anna", organisation: organisation, role: role.rawValue).validated()
        return try await UserStore(database: database).create(draft, id: UUID(), passwordHash: "hash", at: now)
    }

    @Test("organisations refuse a taken identifier and unknown references, all at once", arguments: TestEngine.available)
    func organisationReferences(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = OrganisationStore(database: database)
            await #expect(throws: DomainError.invalid([FieldError(field: "id", code: "organisation_id_taken")])) {
                try await store.create(Organisation(id: .nctv, name: "Dubbel", kind: .partner), at: Self.now)
            }
            await #expect(throws: DomainError.invalid([
                FieldError(field: "gemeente", code: "unknown_municipality"), FieldError(field: "bovenliggend", code: "unknown_organisation"),
            ])) {
                try await store.create(Organisation(id: OrganisationID("new-one")!, name: "N", kind: .school,
                                                    municipality: MunicipalityCode("GM9999"), parent: OrganisationID("nope")), at: Self.now)
            }
            #expect(try await store.get(OrganisationID("new-one")!) == nil)
        }
    }

    @Test("users are unique by address and must fit their organisation", arguments: TestEngine.available)
    func users(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let user = try await Self.makeUser(database)
            let store = UserStore(database: database)
            #expect(try await store.credentials(email: "ANNA@zoetermeer.example")?.user == user)
            await #expect(throws: DomainError.invalid([FieldError(field: "email", code: "email_taken")])) {
                _ = try await Self.makeUser(database)
            }
            await #expect(throws: DomainError.invalid([FieldError(field: "rol", code: "role_does_not_fit_organisation")])) {
                _ = try await Self.makeUser(database, email: "b@x.example", organisation: "szw-ess", role: .schoolStaff)
            }
            #expect(try await store.members(of: OrganisationID("GM0637")!).map(\.id) == [user.id])
            #expect(try await store.activeMemberCounts(of: [OrganisationID("GM0637")!, .nctv]) == [OrganisationID("GM0637")!: 1])
        }
    }

    @Test("sessions end when idle, at their absolute end, and when the user is deactivated", arguments: TestEngine.available)
    func sessions(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let user = try await Self.makeUser(database)
            let sessions = SessionStore(database: database)
            let lifetime = SessionLifetime(idle: 1800, absolute: 3600 * 12)
            try await sessions.create(token: "token-a", csrfToken: "csrf", user: user.id, at: Self.now, lifetime: lifetime)
            #expect(try await sessions.find(token: "token-a", at: Self.now.addingTimeInterval(60), lifetime: lifetime)?.user.id == user.id)
            #expect(try await sessions.find(token: "token-b", at: Self.now, lifetime: lifetime) == nil)
            #expect(try await sessions.find(token: "token-a", at: Self.now.addingTimeInterval(60 + 1801), lifetime: lifetime) == nil, "idle too long")

            try await sessions.create(token: "token-c", csrfToken: "csrf", user: user.id, at: Self.now, lifetime: lifetime)
            var moment = Self.now
            for _ in 0..<30 {  // active every 25 minutes, still ends after 12 hours
                moment = moment.addingTimeInterval(1500)
                _ = try await sessions.find(token: "token-c", at: moment, lifetime: lifetime)
            }
            #expect(try await sessions.find(token: "token-c", at: moment, lifetime: lifetime) == nil, "past the absolute end")

            try await sessions.create(token: "token-d", csrfToken: "csrf", user: user.id, at: Self.now, lifetime: lifetime)
            try await UserStore(database: database).update(user.id, name: user.name, role: user.role, isActive: false, at: Self.now)
            #expect(try await sessions.find(token: "token-d", at: Self.now, lifetime: lifetime) == nil)
        }
    }

    @Test("only the digest of a session token is stored", arguments: TestEngine.available)
    func sessionDigest(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let user = try await Self.makeUser(database)
            try await SessionStore(database: database).create(token: "plain-secret", csrfToken: "c", user: user.id, at: Self.now, lifetime: .init())
            let stored = try await database.sql.select().column("token_hash").from("sessions").all().map { try $0.decode(column: "token_hash", as: String.self) }
            #expect(stored == [SecretToken.digest("plain-secret")])
        }
    }

    @Test("expired sessions are purged", arguments: TestEngine.available)
    func purge(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let user = try await Self.makeUser(database)
            let sessions = SessionStore(database: database)
            let lifetime = SessionLifetime(idle: 60, absolute: 3600)
            try await sessions.create(token: "old", csrfToken: "c", user: user.id, at: Self.now, lifetime: lifetime)
            try await sessions.create(token: "new", csrfToken: "c", user: user.id, at: Self.now.addingTimeInterval(100), lifetime: lifetime)
            #expect(try await sessions.purgeExpired(at: Self.now.addingTimeInterval(120), lifetime: lifetime) == 1)
            #expect(try await sessions.find(token: "new", at: Self.now.addingTimeInterval(120), lifetime: lifetime) != nil)
        }
    }

    @Test("API tokens authenticate until revoked or expired", arguments: TestEngine.available)
    func tokens(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let user = try await Self.makeUser(database)
            let tokens = APITokenStore(database: database)
            let token = try await tokens.create(secret: "spt_abc", id: UUID(), user: user.id, name: "test", scopes: [.read, .write],
                                                at: Self.now, expiresAt: Self.now.addingTimeInterval(86_400))
            let caller = try #require(try await tokens.authenticate(secret: "spt_abc", at: Self.now))
            #expect(caller.user.id == user.id && caller.token.scopes == [.read, .write])
            #expect(try await tokens.authenticate(secret: "spt_abd", at: Self.now) == nil)
            #expect(try await tokens.authenticate(secret: "spt_abc", at: Self.now.addingTimeInterval(86_401)) == nil, "expired")
            await #expect(throws: DomainError.notFound, "only the owner revokes") {
                try await tokens.revoke(token.id, ownedBy: UUID(), at: Self.now)
            }
            #expect(try await tokens.authenticate(secret: "spt_abc", at: Self.now) != nil)
            try await tokens.revoke(token.id, ownedBy: user.id, at: Self.now)
            #expect(try await tokens.authenticate(secret: "spt_abc", at: Self.now) == nil, "revoked")
        }
    }
}
