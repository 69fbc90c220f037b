import Foundation
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb
import SteunpuntApp

/// Runs the built `steunpunt` executable as a user would.
enum CLI {
    struct Result: Sendable {
        let status: Int32
        let output: String
        let error: String
    }

    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("steunpunt")
    }

    /// Runs `steunpunt` to its end, off Swift's cooperative threads (`offThePool`).
    static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) async throws -> Result {
        try await offThePool { try runBlocking(arguments, input: input, environment: environment) }
    }

    private static func runBlocking(_ arguments: [String], input: String?, environment: [String: String]) throws -> Result {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("STEUNPUNT_") }
        env["STEUNPUNT_BCRYPT_COST"] = "4"
        env["STEUNPUNT_LOG_LEVEL"] = "warning"
        env.merge(environment) { $1 }
        let result = try ChildProcess.run(executable.path, arguments, environment: env, input: input.map { Data($0.utf8) })
        return Result(status: result.status, output: String(decoding: result.output, as: UTF8.self), error: String(decoding: result.error, as: UTF8.self))
    }
}

extension CLI {
    /// Starts `serve` on `url` at a free port and returns once it says it is running (or fails when it does not within a minute).
    static func serve(_ url: String, log: URL) async throws -> ChildProcess {
        try await offThePool { try serveBlocking(url, log: log) }
    }

    private static func serveBlocking(_ url: String, log: URL) throws -> ChildProcess {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("STEUNPUNT_") }
        env["STEUNPUNT_LOG_LEVEL"] = "warning"
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = try ChildProcess(executable.path, ["serve", "--port", "0", "--database-url", url], environment: env,
                                       output: .descriptor(handle.fileDescriptor), error: .descriptor(handle.fileDescriptor))
        for _ in 0..<600 {
            if let text = try? String(contentsOf: log, encoding: .utf8), text.contains("Steunpunt is running at") { return process }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        process.terminate()
        throw CLIServeError(log: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}

struct CLIServeError: Error, CustomStringConvertible {
    let log: String
    var description: String { "the server did not start: \(log)" }
}

@Suite("Command line")
struct CommandLineTests {
    static func sqliteURL() -> (url: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("steunpunt-cli-\(UUID().uuidString)")
        return ("sqlite:" + folder.appendingPathComponent("cli.sqlite").path, folder)
    }

    @Test("migrate creates the database file, applies every migration and loads the municipalities")
    func migrate() async throws {
        let (url, folder) = Self.sqliteURL()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await CLI.run(["migrate", "--database-url", url])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("is at migration \(Migrator.latest) of \(Migrator.latest)"))
        let database = try await Database.open(try DatabaseURL.parse(url), logger: TestDatabase.logger)
        #expect(try await MunicipalityStore(database: database).count() == 342)
        await database.close()

        // The encryption key file is made beside the database, for its owner only, and kept.
        let keyFile = folder.appendingPathComponent("steunpunt.key")
        let key = try String(contentsOf: keyFile, encoding: .utf8)
        #expect(Data(base64Encoded: key.trimmingCharacters(in: .whitespacesAndNewlines))?.count == 32)
        let permissions = try FileManager.default.attributesOfItem(atPath: keyFile.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(try await CLI.run(["migrate", "--database-url", url]).status == 0)
        #expect(try String(contentsOf: keyFile, encoding: .utf8) == key, "an existing key is never replaced")
    }

    @Test("a bad configuration lists every problem and starts nothing")
    func badConfiguration() async throws {
        let result = try await CLI.run(["migrate"], environment: ["STEUNPUNT_PORT": "poort", "STEUNPUNT_DATABASE_URL": "oracle://x"])
        #expect(result.status != 0)
        #expect(result.error.contains("STEUNPUNT_PORT") && result.error.contains("STEUNPUNT_DATABASE_URL"))
        #expect(!result.error.contains("Backtrace") && !result.error.contains("Fatal error"))
    }

    @Test("an unreachable database at start is a clear error, not a crash")
    func unreachableDatabase() async throws {
        let result = try await CLI.run(["serve", "--database-url", "postgres://steunpunt@127.0.0.1:1/steunpunt"])
        #expect(result.status != 0)
        #expect(result.error.contains("Cannot open the database postgres://steunpunt@127.0.0.1:1/steunpunt"))
        #expect(!result.error.contains("Backtrace"))
    }

    @Test("importing a newer list ends merged municipalities and adds new ones; a broken list changes nothing")
    func importList() async throws {
        let (url, folder) = Self.sqliteURL()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try await CLI.run(["migrate", "--database-url", url]).status == 0)
        let original = try ReferenceData.bundledMunicipalities()
        var lines = ["code,name,province,population"]
        lines += original.filter { !["GM0637", "GM0638"].contains($0.code.rawValue) }
            .map { "\($0.code),\"\($0.name)\",\($0.province.rawValue),\($0.population)" }
        lines.append("GM2001,Nieuwe Gemeente,Zuid-Holland,200000")
        let file = folder.appendingPathComponent("gemeenten-2027.csv")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)

        let broken = folder.appendingPathComponent("kapot.csv")
        try "code,name,province,population\nGM0001,X,Atlantis,1\n".write(to: broken, atomically: true, encoding: .utf8)
        let refused = try await CLI.run(["municipalities", "import", broken.path, "--database-url", url])
        #expect(refused.status != 0 && refused.error.contains("line 2") && refused.error.contains("nothing was imported"))

        let dryRun = try await CLI.run(["municipalities", "import", file.path, "--dry-run", "--database-url", url])
        #expect(dryRun.output.contains("Would add 1"))
        let result = try await CLI.run(["municipalities", "import", file.path, "--database-url", url])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("Added 1") && result.output.contains("ended 2"))

        let database = try await Database.open(try DatabaseURL.parse(url), logger: TestDatabase.logger)
        let store = MunicipalityStore(database: database)
        #expect(try await store.count() == 341)
        #expect(try await store.get(MunicipalityCode("GM0637")!)?.isActive == false)
        #expect(try await store.get(MunicipalityCode("GM2001")!)?.name == "Nieuwe Gemeente")
        let imports = try await AuditStore(database: database).search(AuditFilter(action: .municipalitiesImported), page: PageRequest())
        #expect(imports.total == 1, "the import is audited once; the dry run and the refused list are not")
        await database.close()
    }

    @Test("users create reads a piped password; tokens create prints the token alone on the last line")
    func usersAndTokens() async throws {
        let (url, folder) = Self.sqliteURL()
        defer { try? FileManager.default.removeItem(at: folder) }
        let weak = try await CLI.run(["users", "create", "--email", "ad@nctv.example", "--name", "Ad", "--organisation", "nctv", "--role", "analist",
                                "--database-url", url], input: "kort\n")
        #expect(weak.status != 0 && weak.error.contains("password too short"))
        let wrongRole = try await CLI.run(["users", "create", "--email", "ad@nctv.example", "--name", "Ad", "--organisation", "nctv", "--role", "adviseur",
                                     "--database-url", url], input: "een lang en sterk wachtwoord\n")
        #expect(wrongRole.status != 0 && wrongRole.error.contains("role does not fit organisation"))
        let created = try await CLI.run(["users", "create", "--email", "ad@nctv.example", "--name", "Ad", "--organisation", "nctv", "--role", "analist",
                                   "--database-url", url], input: "een lang en sterk wachtwoord\n")
        #expect(created.status == 0, "\(created.error)")
        #expect(!created.output.contains("een lang en sterk wachtwoord"), "a piped password is never echoed")

        let token = try await CLI.run(["tokens", "create", "--email", "ad@nctv.example", "--scope", "lezen", "--expires-in-days", "7", "--database-url", url])
        #expect(token.status == 0, "\(token.error)")
        let secret = try #require(token.output.split(separator: "\n").last.map(String.init))
        #expect(secret.hasPrefix("spt_") && !secret.contains(" "))
        let database = try await Database.open(try DatabaseURL.parse(url), logger: TestDatabase.logger)
        let caller = try await APITokenStore(database: database).authenticate(secret: secret, at: Date())
        #expect(caller?.user.email == "ad@nctv.example")
        #expect(caller?.token.scopes == [.read])
        await database.close()
        let personal = try await CLI.run(["tokens", "create", "--email", "ad@nctv.example", "--name", "voor dossier 2024 123456782", "--database-url", url])
        #expect(personal.status != 0 && personal.error.contains("personal identifier") && !(personal.output + personal.error).contains("123456782"),
                "refused, and the number is not echoed")
        let unknown = try await CLI.run(["tokens", "create", "--email", "niemand@nctv.example", "--database-url", url])
        #expect(unknown.status != 0 && unknown.error.contains("No active user"))

        let verified = try await CLI.run(["audit", "verify", "--database-url", url])
        #expect(verified.status == 0 && verified.output.contains("intact: 2 entries"), "user and token creation were recorded")
        let tamper = try await Database.open(try DatabaseURL.parse(url), logger: TestDatabase.logger)
        try await tamper.sql.raw("DROP TRIGGER audit_events_no_update").run()
        try await tamper.sql.raw("UPDATE audit_events SET actor_label = 'iemand anders' WHERE sequence = 1").run()
        await tamper.close()
        let broken = try await CLI.run(["audit", "verify", "--database-url", url])
        #expect(broken.status != 0 && broken.error.contains("entry 1 was changed"))
    }

    @Test("audit verify checks the trail from its signed checkpoints, with this installation's key only; audit checkpoints exports them as JSON")
    func auditCheckpoints() async throws {
        let (url, folder) = Self.sqliteURL()
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = SecretBox.newKey()
        let environment = ["STEUNPUNT_ENCRYPTION_KEY": key.base64EncodedString()]
        #expect(try await CLI.run(["migrate", "--database-url", url], environment: environment).status == 0)
        let database = try await Database.open(try DatabaseURL.parse(url), logger: TestDatabase.logger)
        let store = AuditStore(database: database)
        for (index, age) in [7.0, 6.0, 1.0].enumerated() {
            try await store.append(AuditEvent(action: .signInSucceeded, actorLabel: "\(index)", origin: "cli", occurredAt: Date().addingTimeInterval(-age * 365 * 86_400)))
        }
        let made = try await store.prune(before: Date().addingTimeInterval(-5 * 365 * 86_400), signer: AuditCheckpointSigner(box: try SecretBox(key: key)),
                                         actor: "retention", at: Date())
        await database.close()
        #expect(made.map(\.removed) == [2])

        let verified = try await CLI.run(["audit", "verify", "--database-url", url], environment: environment)
        #expect(verified.status == 0 && verified.output.contains("intact: 2 entries") && verified.output.contains("2 older entries were removed"),
                "\(verified.output) \(verified.error)")
        let file = folder.appendingPathComponent("checkpoints.json")
        let listed = try await CLI.run(["audit", "checkpoints", "--export", file.path, "--database-url", url], environment: environment)
        #expect(listed.status == 0 && listed.output.contains("lane 0: up to position 2") && listed.output.contains("signature valid"), "\(listed.error)")
        let exported = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: [[String: Any]]]
        let checkpoint = try #require(exported?["checkpoints"]?.first)
        #expect(checkpoint["signature"] as? String == made.first?.signature && checkpoint["hash"] as? String == made.first?.hash)

        let elsewhere = ["STEUNPUNT_ENCRYPTION_KEY": SecretBox.newKey().base64EncodedString()]
        let refused = try await CLI.run(["audit", "verify", "--database-url", url], environment: elsewhere)
        #expect(refused.status != 0 && refused.error.contains("is not signed with this installation's key"))
    }

    @Test("retention plan: the rules with the operator's changes, what would be listed on a day, nothing changed; a rule below its floor refused")
    func retentionPlan() async throws {
        let (url, folder) = Self.sqliteURL()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try await CLI.run(["seed", "--demo", "--database-url", url]).status == 0)
        let today = try await CLI.run(["retention", "plan", "--database-url", url])
        #expect(today.status == 0 && today.output.contains("steunvraag: destroy P5Y after afsluitdatum (destruction lists)"), "\(today.error)")
        #expect(today.output.contains("quickscan-antwoord: keep permanently") && today.output.contains("not on a list yet (2;"),
                "the demo's two requests closed six years ago")
        #expect(try await CLI.run(["retention", "plan", "--on", "2020-01-01", "--database-url", url]).output.contains("Nothing is due on 2020-01-01"))
        let later = try await CLI.run(["retention", "plan", "--on", "2040-01-01", "--database-url", url], environment: ["STEUNPUNT_RETENTION": "incident=bewaren"])
        #expect(later.status == 0 && later.output.contains("incident: keep permanently"))
        let listed = later.output.split(separator: "\n").filter { $0.hasPrefix("  steunvraag HV-") }
        #expect(!listed.isEmpty && !later.output.contains("  incident IN-"), "the demo's closed requests are due in 2040; incidents are kept")
        let again = try await CLI.run(["retention", "plan", "--on", "2040-01-01", "--database-url", url])
        #expect(again.output.split(separator: "\n").filter { $0.hasPrefix("  steunvraag HV-") } == listed, "a dry run lists nothing")
        let refused = try await CLI.run(["retention", "plan", "--database-url", url], environment: ["STEUNPUNT_RETENTION": "steunvraag=P1M"])
        #expect(refused.status != 0 && refused.error.contains("STEUNPUNT_RETENTION: steunvraag=P1M is shorter than the least allowed, P1Y"))
        #expect(try await CLI.run(["retention", "plan", "--on", "morgen", "--database-url", url]).error.contains("--on 'morgen' must be a day"))
    }

    @Test("backup while the server runs, restore into a new file (refused over an existing one), the audit chain intact there and the server starting on it")
    func backupAndRestore() async throws {
        let (url, folder) = Self.sqliteURL()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try await CLI.run(["seed", "--demo", "--database-url", url]).status == 0)
        let server = try await CLI.serve(url, log: folder.appendingPathComponent("server.log"))
        defer { server.terminate() }
        let archive = folder.appendingPathComponent("backup.zip").path
        let backup = try await CLI.run(["backup", "--to", archive, "--database-url", url])
        server.terminate()
        #expect(backup.status == 0 && backup.output.contains("Backup written to \(archive): sqlite") && backup.output.contains("steunpunt.key"), "\(backup.error)")
        let restoredFolder = folder.appendingPathComponent("restored")
        let restored = "sqlite:" + restoredFolder.appendingPathComponent("steunpunt.sqlite").path
        let restore = try await CLI.run(["restore", "--from", archive, "--database-url", restored])
        #expect(restore.status == 0 && restore.output.contains("Every table holds the rows the backup says"), "\(restore.error)")
        let again = try await CLI.run(["restore", "--from", archive, "--database-url", restored])
        #expect(again.status != 0 && again.error.contains("Nothing restored") && again.error.contains("exists already"))
        // The key is kept apart and put back beside the copy; then the copy is a working Steunpunt.
        try FileManager.default.copyItem(at: folder.appendingPathComponent("steunpunt.key"), to: restoredFolder.appendingPathComponent("steunpunt.key"))
        let verified = try await CLI.run(["audit", "verify", "--database-url", restored])
        #expect(verified.status == 0 && verified.output.contains("The audit trail is intact"), "\(verified.error)")
        let started = try await CLI.serve(restored, log: restoredFolder.appendingPathComponent("server.log"))
        started.terminate()
        #expect(try await CLI.run(["backup", "--to", archive, "--database-url", url]).error.contains("exists already"), "a backup never overwrites one")
    }

    @Test("seed --demo adds users for every role, the letter's requests, its toolbox, its quickscan and its meetings; running it again adds nothing")
    func seedDemo() async throws {
        let (url, folder) = Self.sqliteURL()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try await CLI.run(["seed", "--demo", "--database-url", url]).status == 0)
        let again = try await CLI.run(["seed", "--demo", "--database-url", url])
        #expect(again.status == 0 && again.output.contains("beheerder@steunpunt.example"))
        let database = try await Database.open(try DatabaseURL.parse(url), logger: TestDatabase.logger)
        let users = try await UserStore(database: database).list(page: PageRequest(size: 100)).items
        #expect(users.count == Role.allCases.count + 6,
                "one per role, plus the NCTV's and a school helpdesk, a second municipality, a second partner, a second analyst and an invited colleague")
        // The second progress report (the letter, A2): published, its stored bytes those its SHA-256 was taken of.
        let reports = try await ReportStore(database: database).all()
        #expect(reports.count == 1 && reports.first?.status == .published && reports.first?.title.hasPrefix("Tweede voortgangsrapportage") == true)
        #expect(Set(users.map(\.role)) == Set(Role.allCases))
        // The letter's meetings: four, one full with someone waiting, one held; and the learning circle's three sessions, two held.
        let everyMeeting = try await MeetingStore(database: database).list(MeetingScope(signedIn: true, allDrafts: true), from: .distantPast, page: PageRequest()).items
        let meetings = everyMeeting.filter { $0.meeting.circle == nil }, sessions = everyMeeting.filter { $0.meeting.circle != nil }
        #expect(meetings.count == 4 && meetings.contains { $0.seating.waiting == 1 && $0.seating.free == 0 })
        #expect(meetings.filter { $0.meeting.status == .held }.count == 1 && meetings.filter { $0.meeting.visibility == .publicAccess }.count == 2)
        #expect(sessions.count == 3 && sessions.filter { $0.meeting.status == .held }.count == 2 && Set(sessions.compactMap(\.meeting.circle)).count == 1)
        // The circle: six member municipalities and a request waiting, once.
        let circles = CircleStore(database: database)
        let circle = try #require(try await circles.list(for: .expertiseUnit, everything: true, page: PageRequest()).items.first)
        let requested = try await circles.memberships(of: circle.circle.id).filter { $0.membership.state == .requested }
        #expect(circle.members == 6 && requested.count == 1)
        // Whom the unit can propose the circle to: municipalities that named its needs in the
        // demo's quickscan (Amsterdam), not its members or Utrecht, who asked already.
        let environment = AppEnvironment(configuration: try TestApp.configuration(try DatabaseURL.parse(url)), database: database, dependencies: .live, logger: TestDatabase.logger)
        let coordinator = try #require(users.first { $0.role == .unitCoordinator })
        let candidates = try await CircleService.make(environment).candidates(for: circle.circle.id, by: coordinator)
        #expect(candidates.contains { $0.organisation.rawValue == "GM0363" && $0.quickscan })
        #expect(!candidates.contains { ["GM0637", "GM0599", "GM0518", "GM0546", "GM0503", "GM0513"].contains($0.organisation.rawValue) || $0.organisation.rawValue == "GM0344" })
        #expect(Set(users.map(\.role)) == Set(Role.allCases))
        #expect(try await MunicipalityStore(database: database).list(MunicipalityFilter(priorityOnly: true), page: PageRequest()).total == 8)
        // The demo story: sixteen requests, once, so that every role's work queue has something, six of them advised last quarter and two closed
        // six years ago (due for destruction).
        let requests = RequestStore(database: database)
        let workflow = RequestWorkflow()
        var all: [SupportRequest] = []
        for desk in [OrganisationID.vngDesk, .schoolHelpdesk, .expertiseUnit] {
            all += try await requests.list(RequestFilter(), scope: .party(desk), page: PageRequest(size: 100)).items.map(\.request)
        }
        let everything = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }).values
        let unique = everything.filter { $0.channel != .quickscan && $0.channel != .incident }
        #expect(unique.count == 16)
        #expect(unique.filter { $0.closedAt.map { $0 < Date().addingTimeInterval(-5 * 366 * 86_400) } == true }.count == 2)
        // The report's figure of municipalities advised rests on the requests closed as advised in its quarter: six at least, shown, not hidden.
        let period = try #require(reports.first?.period)
        let closedThen = unique.filter { $0.outcome == .advised && $0.closedAt.map { PlanQuarter(containing: $0) == period } == true }
        let stored = try #require(try await ReportStore(database: database).snapshot(period))
        let advised = try ReportSnapshot.decoded(stored.bytes).sections.flatMap(\.figures).first { $0.code == "gemeenten-geadviseerd" }
        #expect(closedThen.count >= 6 && advised?.value == Double(Set(closedThen.map(\.municipality)).count) && advised?.restsOn == closedThen.count,
                "\(String(describing: advised))")
        let lotte = try #require(try await UserStore(database: database).credentials(email: "loket@vng.example")?.user)
        let carla = try #require(try await UserStore(database: database).credentials(email: "coordinator@ess.example")?.user)
        for (user, queue) in [(lotte, WorkQueue.newAtDesk), (lotte, .declinedBack), (lotte, .awaitingDecision), (carla, .referralsToAccept), (carla, .withoutAdvisor)] {
            let found = try await requests.list(RequestFilter().narrowed(to: queue, for: user), scope: RequestPolicy.scope(for: user), page: PageRequest())
            #expect(found.total > 0, "\(queue) of \(user.email) is empty")
        }
        #expect(everything.filter { $0.channel == .quickscan && $0.holder == .expertiseUnit }.count == 3, "three quickscan follow-ups confirmed")
        #expect(unique.contains { $0.outcome == .advised && $0.desk == .vngDesk && $0.holder == .expertiseUnit }, "referred to the unit and advised")
        #expect(unique.contains { $0.holder == .schoolHelpdesk && $0.requester.rawValue == "school-de-brug" }, "a school through the helpdesk")
        #expect(unique.contains { $0.status == .waitingForRequester })
        #expect(unique.contains { workflow.deadlineState($0, at: Date()) == .overdue }, "one overdue")
        #expect(unique.contains { $0.municipality.rawValue == "GM0599" && $0.needs == [.training] && $0.assignee != nil })
        // The toolbox of the letter, once: seven public or signed-in offerings, two in development.
        let toolbox = OfferingStore(database: database)
        let offerings = try await toolbox.search(OfferingFilter(), reach: .unitOnly, page: PageRequest(size: 100)).items
        #expect(offerings.filter { !$0.kind.isKnowledge }.count == 8)
        #expect(Set(offerings.filter { $0.status == .inDevelopment }.map(\.kind)) == [.guide, .researchReport], "the mosque guide and measure 25f")
        #expect(try await toolbox.search(OfferingFilter(text: "moskee"), reach: .publicAccess, page: PageRequest()).items
                .first { !$0.kind.isKnowledge }?.audiences.contains(.mosques) == true)
        #expect(try await toolbox.search(OfferingFilter(), reach: .publicAccess, page: PageRequest(size: 100)).total == 12,
                "the learning circles need a sign-in")
        // Its knowledge base: four questions and an article, each linked to what helps; the plan's steps as a document.
        let knowledge = offerings.filter(\.kind.isKnowledge)
        #expect(knowledge.filter { $0.kind == .question }.count == 4 && knowledge.filter { $0.kind == .knowledgeArticle }.count == 1)
        #expect(knowledge.allSatisfy { !$0.related.isEmpty })
        let plan = try #require(offerings.first { $0.kind == .plan })
        #expect(try await DocumentStore(database: database).list(plan.id, reach: .publicAccess).map(\.file.format) == [.text])
        #expect(try await toolbox.search(OfferingFilter(text: "trekker"), reach: .publicAccess, page: PageRequest()).items.map(\.id) == [plan.id],
                "the document's words find the plan")
        // The 10-point plan: Zoetermeer's own written out, with a covenant as evidence on the point of cooperation; once.
        let zoetermeer = MunicipalityCode("GM0637")!
        #expect(try await ProgressStore(database: database).progress(of: zoetermeer)["samenwerking"]?.status == .inPlace)
        let evidence = try await EvidenceStore(database: database).list(zoetermeer, point: "samenwerking")
        #expect(evidence.map(\.title) == ["Convenant samenwerking"] && evidence.first?.file.format == .text)
        // The incident register: a mosque's incident handled and shared with the unit; a tension that rose and calmed, kept to Zoetermeer.
        let incidents = IncidentStore(database: database)
        let own = try await incidents.list(.own(zoetermeer), page: PageRequest()).items
        #expect(own.count == 2 && own.filter(\.sharedWithUnit).map(\.kind) == [.placeOfWorship])
        // Shared with the police and the anti-discrimination service too, whose staff read it; the mosque's board's share ended.
        let mosque = try #require(own.first { $0.kind == .placeOfWorship })
        #expect(mosque.sharedWith.map(\.rawValue) == ["adv-haaglanden", "politie-den-haag", "szw-ess"])
        let ended = try await incidents.shares(of: mosque.id).filter { !$0.isStanding }.map(\.organisation.rawValue)
        #expect(ended == ["moskee-palenstein"])
        #expect(try await incidents.list(.sharedWith(OrganisationID("politie-den-haag")!), page: PageRequest()).items.map(\.id) == [mosque.id])
        let fromIncident = everything.filter { $0.channel == .incident }
        #expect(fromIncident.count == 1 && own.first { $0.kind == .placeOfWorship }?.requestID == fromIncident.first?.id, "the incident led to a request for advice")
        let tension = try #require(own.first { $0.kind == .neighbourhoodTension })
        let levels = try await incidents.history(of: tension.id).compactMap { event -> TensionLevel? in
            if case .tension(_, let level) = event.change { return level } else { return nil }
        }
        #expect(levels == [.signal, .tension, .escalation, .deescalation] && tension.status == .monitoring)
        // The mosque's incident went through every step of the guide, which the steps' second version links.
        let handling = HandlingStepStore(database: database)
        let mosqueSteps = try await handling.steps(of: try #require(own.first { $0.kind == .placeOfWorship }).id)
        #expect(mosqueSteps.count == 6 && mosqueSteps.allSatisfy { $0.state == .done && $0.templateVersion == 2 })
        #expect(try await handling.current()?.guide?.rawValue == "handreiking-discriminatoire-incidenten-rond-moskeeen")
        #expect(IncidentStep.progress(try await handling.steps(of: tension.id)) == (3, 6))
        // A year of incidents across the country for the national figures, none shared with the unit.
        let thisYear = DutchCalendar().calendar.component(.year, from: Date())
        let national = try await incidents.tally(year: thisYear).months.values.reduce(into: [String: Int]()) { $0.merge($1, uniquingKeysWith: +) }
        #expect(national.count > 100 && national.values.reduce(0, +) > 400, "\(national.count) municipalities")
        #expect(try await incidents.list(.sharedWith(.expertiseUnit), page: PageRequest()).total == 1)
        // The quickscan: this year's round to 49 municipalities, 48 answered (not yet Zoetermeer); 2015 before it.
        let rounds = try await RoundStore(database: database).list()
        #expect(rounds.map(\.invited) == [49, 49] && rounds.map(\.submitted) == [48, 46])
        let current = try #require(rounds.first?.round)
        #expect(current.state(on: Round.day(of: Date())) == .open)
        #expect(try await RoundStore(database: database).progress(current.id).first { $0.target.municipality.rawValue == "GM0637" }?.status == nil)
        let instrument = try #require(try await InstrumentStore(database: database).version(current.instrumentID, current.instrumentVersion))
        let municipalities = Dictionary(try await MunicipalityStore(database: database).all().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let answers = try await ResponseStore(database: database).submitted(current.id)
        let analysis = RoundAnalysis(instrument: instrument.definition, responses: answers.map { (municipality: municipalities[$0.key]!, answers: $0.value) },
                                     disclosure: .open)
        #expect(Set(analysis.needs.prefix(4).map(\.need)) == [.preventiveApproach, .training, .networks, .cooperation], "the letter's four needs lead")
        let decisions = try await FollowUpStore(database: database).decisions(current.id)
        #expect(decisions.values.filter { $0.decision == .confirmed }.count == 3 && decisions.values.filter { $0.decision == .dismissed }.count == 1)
        await database.close()
    }
}
