import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SQLKit
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntWeb

// Measures the foundation's hot paths on SQLite and, when STEUNPUNT_BENCH_POSTGRES_URL
// names a database, on PostgreSQL: municipality search and session lookup in storage,
// and whole requests through the real application (router, middleware, rendering),
// without a network. Prints a Markdown table for docs/benchmarks.md.
// Run: swift run -c release steunpunt-benchmarks

struct Measurement {
    let name: String
    let engine: String
    let samples: [Duration]

    var sorted: [Double] { samples.map { Double($0.components.attoseconds) / 1e15 + Double($0.components.seconds) * 1000 }.sorted() }
    func percentile(_ p: Double) -> Double { let s = sorted; return s[min(s.count - 1, Int(Double(s.count) * p))] }
    var perSecond: Double { Double(samples.count) / (sorted.reduce(0, +) / 1000) }
}

func measure(_ name: String, engine: String, iterations: Int, _ body: () async throws -> Void) async throws -> Measurement {
    for _ in 0..<min(50, iterations / 10) { try await body() }  // warm-up
    let clock = ContinuousClock()
    var samples: [Duration] = []
    samples.reserveCapacity(iterations)
    for _ in 0..<iterations {
        let start = clock.now
        try await body()
        samples.append(clock.now - start)
    }
    let measurement = Measurement(name: name, engine: engine, samples: samples)
    // Each row as soon as it is measured (standard error), so a long run shows progress.
    FileHandle.standardError.write(Data("| \(name) | \(engine) | \(String(format: "%.3f", measurement.percentile(0.5))) | \(String(format: "%.3f", measurement.percentile(0.99))) |\n".utf8))
    return measurement
}

/// A database for a benchmark: migrated, with the reference data, quiet logging and
/// generous limits (generating data takes long transactions).
func openBenchmarkDatabase(_ url: DatabaseURL) async throws -> (Database, Logger) {
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    let database = try await Database.open(url, logger: logger, limits: DatabaseLimits(acquire: .seconds(60), call: .seconds(3600)))
    try await Migrator.migrate(database)
    try await ReferenceData.ensure(in: database, at: Date())
    return (database, logger)
}

func run(engine: String, url: DatabaseURL) async throws -> [Measurement] {
    let (database, logger) = try await openBenchmarkDatabase(url)
    let municipalities = MunicipalityStore(database: database)
    let sessions = SessionStore(database: database)
    let users = UserStore(database: database)
    let email = "bench-\(UUID().uuidString.prefix(8))@nctv.example"
    let user = try await users.create(try UserDraft(email: email, name: "Bench", organisation: "nctv", role: "analist").validated(),
                                      id: UUID(), passwordHash: "x", at: Date())
    let token = SecretToken.generate()
    try await sessions.create(token: token, csrfToken: "c", user: user.id, at: Date(), lifetime: .init())

    var results: [Measurement] = []
    let terms = ["amster", "fryslan", "berg", "GM03", "zee", "'s-", "dam", "veen"]
    var index = 0
    results.append(try await measure("store: search municipalities (page of 20)", engine: engine, iterations: 2000) {
        index += 1
        _ = try await municipalities.list(MunicipalityFilter(text: terms[index % terms.count]), page: PageRequest())
    })
    results.append(try await measure("store: session lookup", engine: engine, iterations: 2000) {
        _ = try await sessions.find(token: token, at: Date(), lifetime: .init())
    })

    var configuration = try AppConfiguration.load(environment: ["STEUNPUNT_LOG_LEVEL": "error"])
    configuration.databaseURL = url
    configuration.encryptionKey = Data(repeating: 7, count: SecretBox.keyLength)
    let app = try await buildApplication(AppEnvironment(configuration: configuration, database: database, logger: logger))
    let more = try await app.test(.router) { client in
        var found: [Measurement] = []
        var index = 0
        found.append(try await measure("http: GET /api/v1/gemeenten?zoek=…", engine: engine, iterations: 2000) {
            index += 1
            _ = try await client.executeRequest(uri: "/api/v1/gemeenten?zoek=\(terms[index % terms.count].addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                                                method: .get, headers: [:], body: nil)
        })
        found.append(try await measure("http: GET /gemeenten (HTML, 50 rows)", engine: engine, iterations: 1000) {
            _ = try await client.executeRequest(uri: "/gemeenten", method: .get, headers: [:], body: nil)
        })
        found.append(try await measure("http: GET /dashboard (signed in)", engine: engine, iterations: 1000) {
            _ = try await client.executeRequest(uri: "/dashboard", method: .get, headers: [.cookie: "steunpunt_sessie=\(token)"], body: nil)
        })
        return found
    }
    results += more
    await database.close()
    return results
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("steunpunt-bench-\(UUID().uuidString)")
var all: [Measurement] = []
let arguments = CommandLine.arguments.dropFirst()
// `STEUNPUNT_BENCH_SKIP_SQLITE=1` measures PostgreSQL alone (a long run per engine).
let skipSQLite = ProcessInfo.processInfo.environment["STEUNPUNT_BENCH_SKIP_SQLITE"] == "1"
if arguments.first == "tracing" {
    // `tracing`: what a statement's span costs with tracing off.
    all += try await TracingOverhead.run(folder: folder)
} else if arguments.first == "requests" {
    // `requests N [N…]`: the support-request benchmark at each size, on a fresh database each.
    for count in arguments.dropFirst().compactMap({ Int($0) }) {
        let sqliteFolder = folder.appendingPathComponent("\(count)")
        if !skipSQLite {
            all += try await RequestBenchmark.run(engine: "SQLite", url: .sqlite(path: sqliteFolder.appendingPathComponent("bench.sqlite").path), count: count)
        }
        try? FileManager.default.removeItem(at: sqliteFolder)
        if let text = ProcessInfo.processInfo.environment["STEUNPUNT_BENCH_POSTGRES_URL"] {
            all += try await RequestBenchmark.run(engine: "PostgreSQL", url: try DatabaseURL.parse(text), count: count)
        }
    }
} else if arguments.first == "toolbox" {
    // `toolbox N [N…]`: the toolbox search benchmark at each size, on a fresh database each.
    for count in arguments.dropFirst().compactMap({ Int($0) }) {
        let sqliteFolder = folder.appendingPathComponent("toolbox-\(count)")
        if !skipSQLite {
            all += try await ToolboxBenchmark.run(engine: "SQLite", url: .sqlite(path: sqliteFolder.appendingPathComponent("bench.sqlite").path), count: count)
        }
        try? FileManager.default.removeItem(at: sqliteFolder)
        if let text = ProcessInfo.processInfo.environment["STEUNPUNT_BENCH_POSTGRES_URL"] {
            all += try await ToolboxBenchmark.run(engine: "PostgreSQL", url: try DatabaseURL.parse(text), count: count)
        }
    }
} else if arguments.first == "quickscan" {
    // `quickscan R`: the analysis over 342 municipalities × 100 questions × R rounds.
    let rounds = arguments.dropFirst().compactMap { Int($0) }.first ?? 10
    let sqliteFolder = folder.appendingPathComponent("quickscan")
    if !skipSQLite {
        all += try await QuickscanBenchmark.run(engine: "SQLite", url: .sqlite(path: sqliteFolder.appendingPathComponent("bench.sqlite").path), rounds: rounds)
    }
    try? FileManager.default.removeItem(at: sqliteFolder)
    if let text = ProcessInfo.processInfo.environment["STEUNPUNT_BENCH_POSTGRES_URL"] {
        all += try await QuickscanBenchmark.run(engine: "PostgreSQL", url: try DatabaseURL.parse(text), rounds: rounds)
    }
} else if arguments.first == "notifications" {
    // `notifications`: what telling people costs a change, and composing their mail.
    let sqliteFolder = folder.appendingPathComponent("notifications")
    if !skipSQLite {
        all += try await NotificationBenchmark.run(engine: "SQLite", url: .sqlite(path: sqliteFolder.appendingPathComponent("bench.sqlite").path))
    }
    try? FileManager.default.removeItem(at: sqliteFolder)
    if let text = ProcessInfo.processInfo.environment["STEUNPUNT_BENCH_POSTGRES_URL"] {
        all += try await NotificationBenchmark.run(engine: "PostgreSQL", url: try DatabaseURL.parse(text))
    }
} else if arguments.first == "fill" {
    // `fill N DATABASE-URL`: N generated requests added to a database that has the demo
    // (scripts/load), filed by the VNG desk's demo agent.
    let rest = Array(arguments.dropFirst())
    guard rest.count == 2, let count = Int(rest[0]) else { fatalError("usage: steunpunt-benchmarks fill N DATABASE-URL") }
    let (database, _) = try await openBenchmarkDatabase(try DatabaseURL.parse(rest[1]))
    guard let desk = try await UserStore(database: database).credentials(email: "loket@vng.example")?.user else {
        fatalError("the database has no demo data: run `steunpunt migrate --demo` first")
    }
    try await RequestBenchmark.generate(database, count: count, creator: desk.id)
    if database.engine == .postgres { try await database.sql.raw("ANALYZE").run().get() }
    await database.close()
    print("added \(count) requests")
    exit(0)
} else if arguments.first == "fill-incidents" {
    // `fill-incidents N DATABASE-URL`: N incidents over five years for scripts/load-incidents.
    let rest = Array(arguments.dropFirst())
    guard rest.count == 2, let count = Int(rest[0]) else { fatalError("usage: steunpunt-benchmarks fill-incidents N DATABASE-URL") }
    let (database, _) = try await openBenchmarkDatabase(try DatabaseURL.parse(rest[1]))
    guard let coordinator = try await UserStore(database: database).credentials(email: "coordinator@ess.example")?.user else {
        fatalError("the database has no demo data: run `steunpunt seed --demo` first")
    }
    try await IncidentBenchmark.fill(database, count: count, creator: coordinator.id)
    if database.engine == .postgres { try await database.sql.raw("ANALYZE").run().get() }
    await database.close()
    print("added \(count) incidents")
    exit(0)
} else if arguments.first == "fill-meetings" {
    // `fill-meetings M R DATABASE-URL WORK-FOLDER`: meetings and registrations for scripts/load-meetings.
    let rest = Array(arguments.dropFirst())
    guard rest.count == 4, let meetings = Int(rest[0]), let registrations = Int(rest[1]) else {
        fatalError("usage: steunpunt-benchmarks fill-meetings M R DATABASE-URL WORK-FOLDER")
    }
    let (database, _) = try await openBenchmarkDatabase(try DatabaseURL.parse(rest[2]))
    guard let organiser = try await UserStore(database: database).credentials(email: "loket@nctv.example")?.user else {
        fatalError("the database has no demo data: run `steunpunt seed --demo` first")
    }
    try await MeetingBenchmark.fill(database, meetings: meetings, registrations: registrations, organiser: organiser.id,
                                    work: URL(fileURLWithPath: rest[3]))
    if database.engine == .postgres { try await database.sql.raw("ANALYZE").run().get() }
    await database.close()
    exit(0)
} else if arguments.first == "sessions" {
    // `sessions DATABASE-URL WORK-FOLDER EMAIL…`: signed-in sessions of demo users for the page rows of the load scripts.
    let rest = Array(arguments.dropFirst())
    guard rest.count >= 3 else { fatalError("usage: steunpunt-benchmarks sessions DATABASE-URL WORK-FOLDER EMAIL…") }
    let (database, _) = try await openBenchmarkDatabase(try DatabaseURL.parse(rest[0]))
    try await Sessions.make(database, emails: Array(rest.dropFirst(2)), work: URL(fileURLWithPath: rest[1]))
    await database.close()
    exit(0)
} else if arguments.first == "plan-quarters" {
    // `plan-quarters DATABASE-URL COUNT`: the 10-point plan kept for COUNT quarters back (scripts/load-plan).
    let rest = Array(arguments.dropFirst())
    guard rest.count == 2, let count = Int(rest[1]) else { fatalError("usage: steunpunt-benchmarks plan-quarters DATABASE-URL COUNT") }
    let (database, _) = try await openBenchmarkDatabase(try DatabaseURL.parse(rest[0]))
    try await PlanQuarters.fill(database, count: count)
    if database.engine == .postgres { try await database.sql.raw("ANALYZE").run().get() }
    await database.close()
    exit(0)
} else if arguments.first == "audit" {
    // `audit`: sixteen writers appending to the audit trail at once, in one lane and in sixteen.
    let sqliteFolder = folder.appendingPathComponent("audit")
    if !skipSQLite {
        all += try await AuditBenchmark.run(engine: "SQLite", url: .sqlite(path: sqliteFolder.appendingPathComponent("bench.sqlite").path))
    }
    try? FileManager.default.removeItem(at: sqliteFolder)
    if let text = ProcessInfo.processInfo.environment["STEUNPUNT_BENCH_POSTGRES_URL"] {
        all += try await AuditBenchmark.run(engine: "PostgreSQL", url: try DatabaseURL.parse(text))
    }
} else if arguments.first == "webhooks" {
    // `webhooks`: what queueing events costs a change, and delivering them to a local receiver.
    let sqliteFolder = folder.appendingPathComponent("webhooks")
    if !skipSQLite {
        all += try await WebhookBenchmark.run(engine: "SQLite", url: .sqlite(path: sqliteFolder.appendingPathComponent("bench.sqlite").path))
    }
    try? FileManager.default.removeItem(at: sqliteFolder)
    if let text = ProcessInfo.processInfo.environment["STEUNPUNT_BENCH_POSTGRES_URL"] {
        all += try await WebhookBenchmark.run(engine: "PostgreSQL", url: try DatabaseURL.parse(text))
    }
} else {
    all += try await run(engine: "SQLite", url: .sqlite(path: folder.appendingPathComponent("bench.sqlite").path))
    try? FileManager.default.removeItem(at: folder)
    if let text = ProcessInfo.processInfo.environment["STEUNPUNT_BENCH_POSTGRES_URL"] {
        all += try await run(engine: "PostgreSQL", url: try DatabaseURL.parse(text))
    }
}
print("| operation | engine | p50 ms | p99 ms | per second (one caller) |")
print("|---|---|---|---|---|")
for m in all {
    print("| \(m.name) | \(m.engine) | \(String(format: "%.3f", m.percentile(0.5))) | \(String(format: "%.3f", m.percentile(0.99))) | \(String(format: "%.0f", m.perSecond)) |")
}
let rss = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8))?.split(separator: "\n").first { $0.hasPrefix("VmHWM") } ?? ""
print("\nPeak resident memory of the benchmark process: \(rss.split(separator: " ", omittingEmptySubsequences: true).dropFirst().joined(separator: " "))")
