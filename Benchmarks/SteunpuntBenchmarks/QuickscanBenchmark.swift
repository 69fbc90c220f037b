import Foundation
import HummingbirdTesting
import Logging
import SQLKit
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntWeb

/// The quickscan's analysis at national scale (issue 6): an instrument of 100 questions
/// (scales, choices, numbers, yes/no, text and needs), fielded in `rounds` rounds to all
/// 342 municipalities, every one answering every question (342 × 100 × rounds answer
/// rows, loaded in bulk). Measures the analysis of the latest round with its comparison to
/// the round before, as the storage and domain compute it and as the API serves it to the
/// unit (every municipality by name) and to an analyst (aggregates, suppression), 300
/// calls each (with 100, the p99 is the second-slowest call: one pause of the machine).
/// `swift run -c release steunpunt-benchmarks quickscan 10`.
enum QuickscanBenchmark {
    static func instrument() -> Instrument {
        let agree = ["Helemaal niet mee eens", "Niet mee eens", "Neutraal", "Mee eens", "Helemaal mee eens"]
        let dimensions: [SteunpuntDomain.Dimension] = [.capacity, .knowledge, .expertise]
        var sections: [Section] = []
        for s in 0..<10 {
            var questions: [Question] = []
            for q in 0..<10 {
                let n = s * 10 + q
                let key = "v\(n)"
                let dimension = dimensions[n % 3]
                switch q {
                case 0, 1, 2, 3:
                    questions.append(Question(key: key, text: "Stelling \(n)", type: .scale, dimension: dimension, scaleLabels: agree))
                case 4, 5:
                    questions.append(Question(key: key, text: "Keuze \(n)", type: .singleChoice, dimension: dimension,
                                              choices: (0..<4).map { Choice(code: "k\($0)", label: "Keuze \($0)", score: Double($0) * 33) }))
                case 6:
                    questions.append(Question(key: key, text: "Meerdere \(n)", type: .multipleChoice, dimension: dimension, required: false,
                                              choices: (0..<4).map { Choice(code: "m\($0)", label: "Optie \($0)", score: 25) }))
                case 7:
                    questions.append(Question(key: key, text: "Getal \(n)", type: .number, dimension: dimension, minimum: 0, maximum: 1000,
                                              bands: [NumberBand(upTo: 10, score: 20), NumberBand(upTo: 100, score: 60), NumberBand(upTo: nil, score: 100)]))
                case 8:
                    questions.append(Question(key: key, text: "Ja of nee \(n)", type: .yesNo, dimension: dimension,
                                              choices: [Choice(code: "ja", label: "Ja", score: 100), Choice(code: "nee", label: "Nee", score: 0)]))
                default:
                    questions.append(s % 2 == 0 ? Question(key: key, text: "Behoeften \(n)", type: .needsChecklist, dimension: .needs, required: false)
                        : Question(key: key, text: "Toelichting \(n)", type: .text, dimension: .context, required: false))
                }
            }
            sections.append(Section(key: "s\(s)", title: "Onderdeel \(s)", questions: questions))
        }
        return Instrument(title: "Benchmark", sections: sections)
    }

    static func run(engine: String, url: DatabaseURL, rounds: Int) async throws -> [Measurement] {
        let (database, logger) = try await openBenchmarkDatabase(url)
        let users = UserStore(database: database)
        let coordinator = try await users.create(
            try UserDraft(email: "c-\(UUID().uuidString.prefix(8))@ess.example", name: "Bench", organisation: "szw-ess", role: "coordinator").validated(),
            id: UUID(), passwordHash: "x", at: Date())
        let analyst = try await users.create(
            try UserDraft(email: "n-\(UUID().uuidString.prefix(8))@nctv.example", name: "Bench", organisation: "nctv", role: "analist").validated(),
            id: UUID(), passwordHash: "x", at: Date())
        let started = ContinuousClock.now
        let definition = instrument()
        let store = InstrumentStore(database: database)
        let draft = try await store.create(definition, id: UUID(), by: coordinator.id, at: Date())
        let published = try await store.publish(draft.instrumentID, version: 1, at: Date())
        let municipalities = try await MunicipalityStore(database: database).all().filter(\.isActive)
        let codes = municipalities.map(\.code)
        let needs = Need.shipped.map(\.code)
        var ids: [UUID] = []
        for r in 0..<rounds {
            let opens = String(format: "%04d-01-05", 2017 + r)
            let round = try await RoundStore(database: database).create(
                try RoundDraft(title: "Ronde \(r + 1)", opensOn: opens, closesOn: String(format: "%04d-02-26", 2017 + r), codes: codes.map(\.rawValue)).validated(),
                instrument: published, targets: codes, id: UUID(), by: coordinator.id, at: Date(), expiresAt: Date().addingTimeInterval(86_400)).round
            ids.append(round.id)
            var draw = UInt64(r + 1)
            func next(_ n: Int) -> Int {
                draw = draw &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int((draw >> 33) % UInt64(n))
            }
            for chunk in stride(from: 0, to: codes.count, by: 20) {
                let part = Array(codes[chunk..<min(chunk + 20, codes.count)])
                var rows: [(code: String, key: String, json: String)] = []
                var scoreRows: [(code: String, dimension: String, score: Double)] = []
                var joined: [String: String] = [:]
                for code in part {
                    var given = Answers()
                    for question in definition.questions {
                        let value: AnswerValue
                        switch question.type {
                        case .scale: value = .scale(1 + next(5))
                        case .singleChoice: value = .choice("k\(next(4))")
                        case .multipleChoice: value = .choices((0..<4).filter { _ in next(2) == 0 }.map { "m\($0)" })
                        case .number: value = .number(Double(next(300)))
                        case .yesNo: value = .yesNo(next(2) == 0)
                        case .needsChecklist: value = .needs([needs[next(needs.count)], needs[next(needs.count)]])
                        case .text: value = .text("Toelichting van de gemeente")
                        }
                        rows.append((code.rawValue, question.key, String(decoding: try JSONEncoder().encode(value), as: UTF8.self)))
                        given.values[question.key] = value
                    }
                    // What submitting stores beside the answers: the scores, and the answers as one text.
                    joined[code.rawValue] = rows.suffix(definition.questions.count).map { "\($0.key)\u{1F}\($0.json)" }.joined(separator: "\u{1E}")
                    for (dimension, score) in definition.scores(given) { scoreRows.append((code.rawValue, dimension.rawValue, score)) }
                }
                let roundID = round.id.uuidString, by = coordinator.id.uuidString, now = Date(), generated = rows, scored = scoreRows, texts = joined
                try await database.transaction { db in
                    var responses = db.insert(into: "quickscan_responses")
                        .columns("id", "round_id", "municipality_code", "status", "updated_at", "submitted_by", "submitted_at", "submitted_answers")
                    for code in part {
                        responses = responses.values(SQLBind(UUID().uuidString), SQLBind(roundID), SQLBind(code.rawValue), SQLBind("ingediend"), SQLBind(now), SQLBind(by), SQLBind(now),
                                                     SQLBind(texts[code.rawValue]!))
                    }
                    try await responses.run()
                    var scores = db.insert(into: "quickscan_scores").columns("round_id", "municipality_code", "dimension", "score")
                    for row in scored { scores = scores.values(SQLBind(roundID), SQLBind(row.code), SQLBind(row.dimension), SQLBind(row.score)) }
                    try await scores.run()
                    for slice in stride(from: 0, to: generated.count, by: 500) {
                        var answers = db.insert(into: "quickscan_answers").columns("round_id", "municipality_code", "question_key", "value", "changed_by", "changed_at")
                        for row in generated[slice..<min(slice + 500, generated.count)] {
                            answers = answers.values(SQLBind(roundID), SQLBind(row.code), SQLBind(row.key), SQLBind(row.json), SQLBind(by), SQLBind(now))
                        }
                        try await answers.run()
                    }
                }
            }
        }
        if database.engine == .postgres { try await database.sql.raw("VACUUM ANALYZE").run() }
        FileHandle.standardError.write(Data("generated \(rounds) rounds × \(codes.count) municipalities × 100 questions on \(engine) in \(ContinuousClock.now - started)\n".utf8))

        let latest = ids.last!
        let byCode = Dictionary(municipalities.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let label = "\(codes.count) × 100 × \(rounds)"
        var results: [Measurement] = []
        let responses = ResponseStore(database: database)
        results.append(try await measure("store: read the latest round's submitted answers (\(label))", engine: engine, iterations: 300) {
            let read = try await responses.submitted(latest)
            precondition(read.count == codes.count)
        })
        // The stored text reads back as the answer rows do.
        let read = try await responses.submitted(latest)[codes[0]], rows = try await responses.get(latest, codes[0])?.answers
        precondition(read != nil && read == rows)
        let fetched = try await responses.submitted(latest).map { (municipality: byCode[$0.key]!, answers: $0.value) }
        results.append(try await measure("domain: analyse them (\(label))", engine: engine, iterations: 300) {
            precondition(RoundAnalysis(instrument: definition, responses: fetched, disclosure: .open).responses == codes.count)
        })
        results.append(try await measure("store + domain: analyse the latest round (\(label))", engine: engine, iterations: 300) {
            let answers = try await responses.submitted(latest)
            let analysis = RoundAnalysis(instrument: definition, responses: answers.map { (municipality: byCode[$0.key]!, answers: $0.value) }, disclosure: .open)
            precondition(analysis.responses == codes.count)
        })

        var configuration = try AppConfiguration.load(environment: ["STEUNPUNT_LOG_LEVEL": "error"])
        configuration.databaseURL = url
        configuration.encryptionKey = Data(repeating: 7, count: SecretBox.keyLength)
        let app = try await buildApplication(AppEnvironment(configuration: configuration, database: database, logger: logger))
        let tokens = APITokenStore(database: database)
        func bearer(_ user: User) async throws -> String {
            let secret = SecretToken.generate(prefix: "spt_")
            _ = try await tokens.create(secret: secret, id: UUID(), user: user.id, name: "bench", scopes: [.read], at: Date(), expiresAt: Date().addingTimeInterval(86_400))
            return "Bearer \(secret)"
        }
        let unit = try await bearer(coordinator), aggregates = try await bearer(analyst)
        results += try await app.test(.router) { client in
            var found: [Measurement] = []
            for (who, token) in [("unit, by name", unit), ("analyst, aggregates", aggregates)] {
                found.append(try await measure("http: GET …/rondes/{id}/analyse with the change since the round before, \(who) (\(label))", engine: engine,
                                               iterations: 300) {
                    let response = try await client.executeRequest(uri: "/api/v1/quickscans/rondes/\(latest.uuidString.lowercased())/analyse", method: .get,
                                                                   headers: [.authorization: token], body: nil)
                    precondition(response.status == .ok)
                })
            }
            return found
        }
        await database.close()
        return results
    }
}
