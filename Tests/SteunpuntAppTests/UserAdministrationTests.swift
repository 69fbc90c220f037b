import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: user administration")
struct UserAdministrationTests {
    static func service(_ database: Database) -> UserAdministration {
        UserAdministration(users: UserStore(database: database), sessions: SessionStore(database: database), invitations: InvitationStore(database: database),
                           mfa: MFAStore(database: database, box: try! SecretBox(key: Data(repeating: 7, count: SecretBox.keyLength))), outbox: nil,
                           hasher: PlainHasher(), commonPasswords: ["welkom01welkom"], privacy: .standard, publicURL: "https://steunpunt.example/",
                           mailText: { key, _ in key }, dependencies: .live)
    }

    @Test("adding a user: the draft's and the password's problems at once; without a password an invitation link; each step audited",
          arguments: TestEngine.available)
    func create(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let service = Self.service(database)
            let admin = try await RequestUseCaseTests.user(database, "b@nctv.example", "nctv", .administrator)
            let actor = Actor(user: admin, origin: "cli")
            do {
                _ = try await service.create(UserDraft(email: "geen-adres", name: "", organisation: "GM0637", role: "gemeente-medewerker"),
                                             password: "kort", by: admin, actor: actor)
                Issue.record("an invalid draft and a short password were accepted")
            } catch DomainError.invalid(let errors) {
                #expect(Set(errors.map(\.field)).isSuperset(of: ["email", "naam", "wachtwoord"]), "\(errors)")
            }
            let (user, invitation) = try await service.create(UserDraft(email: "g@zoetermeer.example", name: "Gina", organisation: "GM0637",
                                                                        role: "gemeente-medewerker"), password: "", by: admin, actor: actor)
            #expect(invitation?.link?.hasPrefix("https://steunpunt.example/uitnodiging/") == true, "no mail server: the link is shown")
            let official = try await RequestUseCaseTests.user(database, "o@zoetermeer.example", "GM0637", .municipalOfficial)
            await #expect(throws: DomainError.forbidden) {
                _ = try await service.invite(user, by: official, actor: Actor(user: official, origin: "cli"))
            }
            let trail = try await AuditStore(database: database).search(AuditFilter(actor: admin.id), page: PageRequest())
            #expect(Set(trail.items.map(\.event.action)) == [.userCreated, .invitationCreated])
        }
    }

    @Test("an administrator cannot demote themselves; a role change is audited as such and ends the user's sessions", arguments: TestEngine.available)
    func update(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let service = Self.service(database)
            let admin = try await RequestUseCaseTests.user(database, "b@nctv.example", "nctv", .administrator)
            let actor = Actor(user: admin, origin: "cli")
            await #expect(throws: DomainError.invalid([FieldError(field: "rol", code: "cannot_demote_self")])) {
                try await service.update(admin, name: admin.name, role: Role.auditor.rawValue, isActive: true, by: admin, actor: actor)
            }
            let analyst = try await RequestUseCaseTests.user(database, "n@nctv.example", "nctv", .nationalAnalyst)
            let sessions = SessionStore(database: database)
            try await sessions.create(token: "s", csrfToken: "c", user: analyst.id, at: Date(), lifetime: SessionLifetime(idle: 3600, absolute: 7200))
            #expect(try await sessions.find(token: "s", at: Date(), lifetime: SessionLifetime(idle: 3600, absolute: 7200)) != nil)
            try await service.update(analyst, name: analyst.name, role: Role.auditor.rawValue, isActive: true, by: admin, actor: actor)
            #expect(try await UserStore(database: database).get(analyst.id)?.role == .auditor)
            #expect(try await sessions.find(token: "s", at: Date(), lifetime: SessionLifetime(idle: 3600, absolute: 7200)) == nil, "the session ended")
            let trail = try await AuditStore(database: database).search(AuditFilter(objectID: analyst.id.uuidString), page: PageRequest())
            #expect(Set(trail.items.map(\.event.action)) == [.userUpdated, .userRoleChanged])
        }
    }
}
