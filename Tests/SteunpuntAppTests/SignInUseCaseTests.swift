import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: signing in, the second step, re-verifying, tokens, invitations")
struct SignInUseCaseTests {
    /// Codes that are the time step itself: the rules are under test, not RFC 6238's arithmetic.
    static let codes = OneTimeCodes { _, step in String(format: "%06d", step % 1_000_000) }
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    static func box() -> SecretBox { try! SecretBox(key: Data(repeating: 7, count: SecretBox.keyLength)) }

    static func service(_ database: Database, at now: Date = now) -> SignInService {
        SignInService(users: UserStore(database: database), sessions: SessionStore(database: database), audit: AuditStore(database: database),
                      throttle: SignInThrottleStore(database: database, policy: SignInThrottle(accountLimit: 3, addressLimit: 10)),
                      mfa: MFAStore(database: database, box: box()), hasher: PlainHasher(), codes: codes, lifetime: SessionLifetime(),
                      dependencies: Dependencies(now: { now }, secret: { $0 + UUID().uuidString }, uuid: { UUID() }))
    }

    static func user(_ database: Database, _ email: String, password: String = "geheim-wachtwoord") async throws -> User {
        let draft = try UserDraft(email: email, name: "Test", organisation: "GM0637", role: Role.municipalOfficial.rawValue).validated()
        return try await UserStore(database: database).create(draft, id: UUID(), passwordHash: "hashed:" + password, at: now)
    }

    static func trail(_ database: Database, _ filter: AuditFilter = AuditFilter()) async throws -> [AuditEvent] {
        try await AuditStore(database: database).search(filter, page: PageRequest()).items.map(\.event)
    }

    @Test("a wrong password fails alike for known and unknown addresses, audited; the third failure locks the account even for the right password",
          arguments: TestEngine.available)
    func lockOut(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let service = Self.service(database)
            let gina = try await Self.user(database, "gina@zoetermeer.example")
            guard case .failed = try await service.signIn(email: "niemand@zoetermeer.example", password: "x", previousToken: nil, origin: "192.0.2.1") else {
                Issue.record("an unknown address signed in"); return
            }
            for _ in 0..<3 {
                guard case .failed = try await service.signIn(email: "Gina@Zoetermeer.example", password: "fout", previousToken: nil, origin: "192.0.2.1") else {
                    Issue.record("a wrong password was accepted or locked too early"); return
                }
            }
            guard case .locked(let until) = try await service.signIn(email: "gina@zoetermeer.example", password: "geheim-wachtwoord",
                                                                     previousToken: nil, origin: "192.0.2.9") else {
                Issue.record("the right password after three failures was checked"); return
            }
            #expect(until > Self.now)
            let events = try await Self.trail(database, AuditFilter(action: .signInFailed))
            #expect(events.count == 5)
            #expect(events.filter { $0.objectID == gina.id.uuidString }.count == 3, "failures against a known account name it")
            #expect(events.contains { $0.actorLabel == "niemand@zoetermeer.example" }, "an unknown address is kept as typed")
            #expect(events.contains { $0.result == .denied && $0.origin == "192.0.2.9" }, "the locked attempt is recorded as denied")
            // Later, the lock has passed: the right password signs in, and it is audited against the user.
            let later = Self.service(database, at: Self.now.addingTimeInterval(3600))
            guard case .signedIn(let token, let user) = try await later.signIn(email: "gina@zoetermeer.example", password: "geheim-wachtwoord",
                                                                             previousToken: nil, origin: "192.0.2.1") else {
                Issue.record("the lock did not pass"); return
            }
            #expect(user.id == gina.id)
            #expect(try await SessionStore(database: database).find(token: token, at: Self.now.addingTimeInterval(3600), lifetime: SessionLifetime()) != nil)
            #expect(try await Self.trail(database, AuditFilter(action: .signInSucceeded)).map(\.actor) == [gina.id])
        }
    }

    @Test("with two-step verification on, the password opens a waiting session; a used code is refused; a recovery code signs in once and is audited",
          arguments: TestEngine.available)
    func secondStep(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let service = Self.service(database)
            let gina = try await Self.user(database, "gina@zoetermeer.example")
            let enrolment = TwoStepEnrolment(mfa: service.mfa, sessions: service.sessions, codes: Self.codes, dependencies: service.dependencies)
            let actor = Actor(user: gina, origin: "192.0.2.1")
            let status = try await enrolment.status(for: gina)
            #expect(!status.isEnabled)
            guard case .invalidCode = try await enrolment.confirm(code: "12345", sessionToken: nil, actor: actor) else {
                Issue.record("a five-digit code switched it on"); return
            }
            let code = String(format: "%06d", OneTimeCodes.currentStep(at: Self.now) % 1_000_000)
            guard case .confirmed(_, let recovery) = try await enrolment.confirm(code: code, sessionToken: nil, actor: actor) else {
                Issue.record("the current code was refused"); return
            }
            #expect(recovery.count == 10)
            guard case .secondStepNeeded(let token) = try await service.signIn(email: gina.email, password: "geheim-wachtwoord", previousToken: nil,
                                                                               origin: "192.0.2.1") else {
                Issue.record("two-step on, yet the password alone signed in"); return
            }
            #expect(try await service.completeSecondStep(sessionToken: token, user: gina, code: code, origin: "192.0.2.1") == .rejected,
                    "the code that confirmed enrolment is used up")
            #expect(try await service.completeSecondStep(sessionToken: token, user: gina, code: recovery[0], origin: "192.0.2.1") == .accepted)
            #expect(try await service.completeSecondStep(sessionToken: token, user: gina, code: recovery[0], origin: "192.0.2.1") == .rejected,
                    "a recovery code works once")
            let actions = try await Self.trail(database, AuditFilter(actor: gina.id)).map(\.action)
            #expect(actions.contains(.mfaEnabled) && actions.contains(.mfaRecoveryCodeUsed) && actions.contains(.signInSucceeded))
            #expect(try await enrolment.remainingRecoveryCodes(for: gina) == 9)
        }
    }

    @Test("re-verifying: a wrong password is audited as a failure and counts towards the lock; when locked the session ends",
          arguments: TestEngine.available)
    func reverify(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let service = Self.service(database)
            let gina = try await Self.user(database, "gina@zoetermeer.example")
            guard case .signedIn(let token, _) = try await service.signIn(email: gina.email, password: "geheim-wachtwoord", previousToken: nil,
                                                                          origin: nil) else { Issue.record("sign-in failed"); return }
            let actor = Actor(user: gina, origin: "192.0.2.1")
            #expect(try await service.reverify(sessionToken: token, code: "", password: "geheim-wachtwoord", actor: actor) == .accepted)
            for _ in 0..<3 { #expect(try await service.reverify(sessionToken: token, code: "", password: "fout", actor: actor) == .rejected) }
            #expect(try await service.reverify(sessionToken: token, code: "", password: "geheim-wachtwoord", actor: actor) == .locked)
            #expect(try await service.sessions.find(token: token, at: Self.now, lifetime: SessionLifetime()) == nil, "the locked session ended")
            let results = try await Self.trail(database, AuditFilter(action: .reverified)).map(\.result)
            #expect(results.filter { $0 == .failure }.count == 3 && results.filter { $0 == .success }.count == 1)
        }
    }

    @Test("a personal token: name and lifetime problems at once; made and revoked by its owner only; both audited",
          arguments: TestEngine.available)
    func tokens(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let tokens = PersonalTokens(tokens: APITokenStore(database: database), privacy: .standard, dependencies: .live)
            let gina = try await Self.user(database, "gina@zoetermeer.example")
            let other = try await Self.user(database, "otto@zoetermeer.example")
            let actor = Actor(user: gina, origin: "cli")
            do {
                _ = try await tokens.create(name: " ", days: 366, scopes: [.read], actor: actor)
                Issue.record("a blank name and 366 days were accepted")
            } catch DomainError.invalid(let errors) {
                #expect(Set(errors.map(\.field)) == ["naam", "dagen"])
            }
            let (secret, _) = try await tokens.create(name: "Rapportage", days: 30, scopes: [.read, .write], actor: actor)
            #expect(secret.hasPrefix("spt_"))
            let made = try #require(try await tokens.list(for: gina).first)
            #expect(made.scopes == [.read, .write] && made.name == "Rapportage")
            try? await tokens.revoke(made.id, actor: Actor(user: other, origin: "cli"))
            #expect(try await tokens.list(for: gina).first?.revokedAt == nil, "someone else cannot revoke it")
            try await tokens.revoke(made.id, actor: actor)
            #expect(try await tokens.list(for: gina).first?.revokedAt != nil)
            #expect(try await Self.trail(database, AuditFilter(actor: gina.id)).map(\.action).sorted { $0.rawValue < $1.rawValue } == [.tokenCreated, .tokenRevoked])
        }
    }

    @Test("an invitation: every password problem at once; accepted once; the chosen password then signs in",
          arguments: TestEngine.available)
    func invitation(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let gina = try await Self.user(database, "gina@zoetermeer.example", password: "onbekend")
            try await InvitationStore(database: database).create(secret: "geheime-link", user: gina.id, at: Self.now, validFor: 3600)
            let acceptance = InvitationAcceptance(invitations: InvitationStore(database: database), hasher: PlainHasher(),
                                                  commonPasswords: ["welkom01welkom"], dependencies: Dependencies(now: { Self.now }, secret: { $0 }, uuid: { UUID() }))
            let actor = Actor(user: nil, origin: "192.0.2.1")
            guard case .invalid(_, let errors) = try await acceptance.accept(secret: "geheime-link", password: "welkom01welkom", repeated: "anders",
                                                                             actor: actor) else {
                Issue.record("a common password was accepted"); return
            }
            #expect(Set(errors.map(\.field)) == ["wachtwoord", "herhaling"])
            guard case .accepted = try await acceptance.accept(secret: "geheime-link", password: "lang-en-eigen-wachtwoord",
                                                               repeated: "lang-en-eigen-wachtwoord", actor: actor) else {
                Issue.record("a good password was refused"); return
            }
            guard case .expired = try await acceptance.accept(secret: "geheime-link", password: "nog-een-ander-wachtwoord",
                                                              repeated: "nog-een-ander-wachtwoord", actor: actor) else {
                Issue.record("the link worked twice"); return
            }
            guard case .signedIn = try await Self.service(database).signIn(email: gina.email, password: "lang-en-eigen-wachtwoord",
                                                                           previousToken: nil, origin: nil) else {
                Issue.record("the chosen password does not sign in"); return
            }
            #expect(try await Self.trail(database, AuditFilter(action: .invitationAccepted)).count == 1)
        }
    }
}
