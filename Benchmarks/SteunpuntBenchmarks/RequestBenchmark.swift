import Foundation
import Logging
import SQLKit
import SteunpuntDomain
import SteunpuntStorage

/// Support requests at scale: generates `count` requests with five history rows each
/// (bulk inserts, the shape `RequestStore.create` and `save` write), then measures the
/// list, filter and search a desk and a municipality use, and the creation rate through
/// the store. `swift run -c release steunpunt-benchmarks requests 1000000`.
enum RequestBenchmark {
    static let municipalities = ["GM0637", "GM0363", "GM0599", "GM0518", "GM0344", "GM0503", "GM0202", "GM0406", "GM0014", "GM0153"]
    static let desks = [OrganisationID.vngDesk, .nctv, .schoolHelpdesk, .expertiseUnit]
    static let words = ["aanpak", "training", "netwerk", "moskee", "school", "spanning", "jongeren", "wijk", "samenwerking", "informatie"]

    static func run(engine: String, url: DatabaseURL, count: Int) async throws -> [Measurement] {
        let (database, _) = try await openBenchmarkDatabase(url)
        let users = UserStore(database: database)
        let creator = try await users.create(try UserDraft(email: "bench-\(UUID().uuidString.prefix(8))@vng.example", name: "Bench",
                                                           organisation: "vng-loket", role: "loket-medewerker").validated(),
                                             id: UUID(), passwordHash: "x", at: Date())
        let started = ContinuousClock.now
        try await generate(database, count: count, creator: creator.id)
        // A live PostgreSQL database has planner statistics (autovacuum analyses changed
        // tables); a freshly loaded one has none until then.
        if database.engine == .postgres { try await database.sql.raw("ANALYZE").run() }
        let generation = ContinuousClock.now - started
        FileHandle.standardError.write(Data("generated \(count) requests on \(engine) in \(generation)\n".utf8))

        let store = RequestStore(database: database)
        let desk = RequestScope.party(.vngDesk)
        let municipality = RequestScope.requester(OrganisationID("GM0637")!)
        var results: [Measurement] = []
        let label = "\(count.formatted()) requests"
        results.append(try await measure("list, desk, newest page (\(label))", engine: engine, iterations: 200) {
            _ = try await store.list(RequestFilter(), scope: desk, page: PageRequest())
        })
        results.append(try await measure("list, municipality, newest page (\(label))", engine: engine, iterations: 200) {
            _ = try await store.list(RequestFilter(), scope: municipality, page: PageRequest())
        })
        results.append(try await measure("filter status + need, desk (\(label))", engine: engine, iterations: 200) {
            _ = try await store.list(RequestFilter(statuses: [.inProgress], need: .training), scope: desk, page: PageRequest())
        })
        results.append(try await measure("filter overdue, desk (\(label))", engine: engine, iterations: 200) {
            _ = try await store.list(RequestFilter(deadline: .overdue), scope: desk, page: PageRequest())
        })
        var index = 0
        results.append(try await measure("search two words, desk (\(label))", engine: engine, iterations: 50) {
            index += 1
            _ = try await store.list(RequestFilter(text: "\(words[index % words.count]) \(words[(index + 3) % words.count])"), scope: desk, page: PageRequest())
        })
        results.append(try await measure("search a rare word (a number in titles), desk (\(label))", engine: engine, iterations: 200) {
            index += 1
            _ = try await store.list(RequestFilter(text: String(count / 2 + index * 7)), scope: desk, page: PageRequest())
        })
        results.append(try await measure("list, desk, page 10 (\(label))", engine: engine, iterations: 200) {
            _ = try await store.list(RequestFilter(), scope: desk, page: PageRequest(number: 10))
        })
        let valid = try RequestDraft(title: "Nieuwe vraag", description: "Over de aanpak", requester: "GM0637", municipality: "GM0637",
                                     needs: ["breed-preventieve-aanpak"], channel: "telefoon").validated(knownNeeds: [.preventiveApproach])
        results.append(try await measure("create a request (\(label))", engine: engine, iterations: 200) {
            _ = try await store.create(valid, id: UUID(), desk: .vngDesk, createdBy: creator.id, at: Date(),
                                       targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 30))
        })
        await database.close()
        return results
    }

    /// Inserts requests, their needs, parties and five history lines each, 500 requests per
    /// transaction; a closed one with its closing day and outcome, an answered one with its
    /// first response.
    static func generate(_ database: Database, count: Int, creator: UUID) async throws {
        let statuses = RequestStatus.allCases
        let channels = RequestChannel.allCases
        let needs = Need.shipped.map(\.code.rawValue)
        let outcomes = RequestOutcome.allCases
        let now = Date()
        let batch = 500
        let sqlite = database.engine == .sqlite
        // SQLite's full-text row ids continue after what the database holds (several sizes can share one).
        var searchID = sqlite ? try await database.sql.raw("SELECT COALESCE(MAX(search_id), 0) AS n FROM support_requests").first()!
            .decode(column: "n", as: Int.self) : 0
        for start in stride(from: 0, to: count, by: batch) {
            let size = min(batch, count - start)
            let firstSearchID = searchID
            searchID += size
            try await database.transaction { db in
                var requests = db.insert(into: "support_requests").columns(
                    ["id", "number", "title", "description", "search_key", "requester_id", "municipality_code", "province", "channel", "urgency",
                     "preferred_contact", "status", "desk_id", "holder_id", "created_by", "created_at", "updated_at", "first_response_due",
                     "resolution_due", "deadline_state", "version", "need_codes", "first_response_at", "closed_at", "outcome"] + (sqlite ? ["search_id"] : []))
                var needRows = db.insert(into: "request_needs").columns("request_id", "need_code")
                var partyRows = db.insert(into: "request_parties").columns("request_id", "organisation_id", "created_at", "status", "deadline_state", "needs")
                var history = db.insert(into: "request_history").columns("id", "request_id", "version", "to_status", "action", "actor_id", "occurred_at")
                for offset in 0..<size {
                    let n = start + offset
                    let id = UUID().uuidString
                    let created = now.addingTimeInterval(-Double(count - n) * 60)
                    let title = "\(words[n % words.count]) \(words[(n / 7) % words.count]) \(n)"
                    let description = "Vraag over \(words[(n / 3) % words.count]) en \(words[(n / 11) % words.count])"
                    let desk = desks[(n + n / 5) % desks.count]
                    let status = statuses[n % statuses.count]
                    let number = String(format: "HV-B%d-%08d", count, n)
                    let deadline = n % 13 == 0 ? "verlopen" : "op-tijd"
                    let need = needs[(n / statuses.count) % needs.count]   // independent of the status
                    var values: [any SQLExpression] = [
                        SQLBind(id), SQLBind(number), SQLBind(title), SQLBind(description),
                        SQLBind(SearchKey.terms(number + " " + title + " " + description).joined(separator: " ")),
                        SQLBind(municipalities[n % municipalities.count]), SQLBind(municipalities[n % municipalities.count]), SQLBind("Zuid-Holland"),
                        SQLBind(channels[n % channels.count].rawValue), SQLBind("normaal"), SQLBind(""), SQLBind(status.rawValue), SQLBind(desk.rawValue),
                        SQLBind(desk.rawValue), SQLBind(creator.uuidString), SQLBind(created), SQLBind(created), SQLBind(created.addingTimeInterval(3 * 86_400)),
                        SQLBind(created.addingTimeInterval(30 * 86_400)), SQLBind(deadline), SQLBind(5), SQLBind(need),
                        // Answered within four days unless still received; closed ones with an outcome (the programme's indicators count them).
                        SQLBind(status == .received ? nil : created.addingTimeInterval(Double(1 + n % 96) * 3600)),
                        SQLBind(status == .closed ? created.addingTimeInterval(Double(1 + n % 30) * 86_400) : nil),
                        SQLBind(status == .closed ? outcomes[(n / statuses.count) % outcomes.count].rawValue : nil)]
                    if sqlite { values.append(SQLBind(firstSearchID + offset + 1)) }
                    requests = requests.values(values)
                    needRows = needRows.values(SQLBind(id), SQLBind(need))
                    partyRows = partyRows.values(SQLBind(id), SQLBind(desk.rawValue), SQLBind(created), SQLBind(status.rawValue), SQLBind(deadline), SQLBind(" \(need) "))
                    for version in 1...5 {
                        history = history.values(SQLBind(UUID().uuidString), SQLBind(id), SQLBind(version), SQLBind(status.rawValue), SQLBind("bench"),
                                                 SQLBind(creator.uuidString), SQLBind(created.addingTimeInterval(Double(version) * 3600)))
                    }
                }
                try await requests.run()
                try await needRows.run()
                try await partyRows.run()
                try await history.run()
            }
        }
    }
}
