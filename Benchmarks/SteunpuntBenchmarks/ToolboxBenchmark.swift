import Foundation
import Logging
import SQLKit
import SteunpuntDomain
import SteunpuntStorage

/// The toolbox at scale (issue 5): generates `count` offerings in bulk (the columns
/// `OfferingStore` writes, stemmed search words included), then measures Dutch search and
/// filtering through `OfferingStore.search`, as a visitor and as the unit, 1,000 calls each
/// (with 200, the p99 is the second-slowest call: too much noise on a shared machine).
/// `swift run -c release steunpunt-benchmarks toolbox 100000`.
enum ToolboxBenchmark {
    static let words = ["aanpak", "radicalisering", "training", "sleutelfiguren", "moskeeën", "spanningen", "jongeren", "wijkteams", "samenwerking",
                        "school", "netwerken", "gemeenten", "polarisatie", "dialoog", "handreiking", "onderzoek", "ouders", "veiligheid",
                        "signalen", "preventie"]

    static func run(engine: String, url: DatabaseURL, count: Int) async throws -> [Measurement] {
        let (database, _) = try await openBenchmarkDatabase(url)
        let author = try await UserStore(database: database).create(
            try UserDraft(email: "bench-\(UUID().uuidString.prefix(8))@ess.example", name: "Bench", organisation: "szw-ess", role: "adviseur").validated(),
            id: UUID(), passwordHash: "x", at: Date())
        let started = ContinuousClock.now
        try await generate(database, count: count, author: author.id)
        // A live PostgreSQL database has planner statistics (autovacuum analyses changed
        // tables); a freshly loaded one has none until then.
        // Autovacuum also vacuums tables after many inserts (PostgreSQL 13 and later), which
        // keeps the visibility map that index-only scans rely on; the benchmark does it at once.
        if database.engine == .postgres { try await database.sql.raw("VACUUM ANALYZE").run() }
        FileHandle.standardError.write(Data("generated \(count) offerings on \(engine) in \(ContinuousClock.now - started)\n".utf8))

        let store = OfferingStore(database: database)
        let label = "\(count.formatted()) offerings"
        var results: [Measurement] = []
        var index = 0
        results.append(try await measure("search one word, visitor (\(label))", engine: engine, iterations: 1000) {
            index += 1
            _ = try await store.search(OfferingFilter(text: words[index % words.count]), reach: .publicAccess, page: PageRequest())
        })
        results.append(try await measure("search two words (plural finds singular), visitor (\(label))", engine: engine, iterations: 1000) {
            index += 1
            _ = try await store.search(OfferingFilter(text: "\(words[index % words.count]) \(words[(index + 7) % words.count])"),
                                       reach: .publicAccess, page: PageRequest())
        })
        results.append(try await measure("search a rare word, unit (\(label))", engine: engine, iterations: 1000) {
            index += 1
            _ = try await store.search(OfferingFilter(text: "code\(index % count)"), reach: .unitOnly, page: PageRequest())
        })
        results.append(try await measure("search a word with kind + audience filters, signed in (\(label))", engine: engine, iterations: 1000) {
            index += 1
            _ = try await store.search(OfferingFilter(text: words[index % words.count], kind: .training, audience: .keyFigures),
                                       reach: .signedIn, page: PageRequest())
        })
        results.append(try await measure("list by title with a need filter, visitor (\(label))", engine: engine, iterations: 1000) {
            _ = try await store.search(OfferingFilter(need: .training), reach: .publicAccess, page: PageRequest())
        })
        results.append(try await measure("list by title with kind + audience filters, page 5, signed in (\(label))", engine: engine, iterations: 1000) {
            _ = try await store.search(OfferingFilter(kind: .training, audience: .keyFigures), reach: .signedIn, page: PageRequest(number: 5))
        })
        results.append(try await measure("list questions (kind filter), visitor (\(label))", engine: engine, iterations: 1000) {
            _ = try await store.search(OfferingFilter(kind: .question), reach: .publicAccess, page: PageRequest())
        })
        await database.close()
        return results
    }

    /// Inserts offerings with their audiences and needs, 500 per transaction.
    static func generate(_ database: Database, count: Int, author: UUID) async throws {
        let kinds = OfferingKind.allCases
        let audiences = Audience.allCases
        let needs = Need.shipped.map(\.code.rawValue)
        let visibilities = [Visibility.publicAccess, .publicAccess, .signedIn, .unitOnly]
        let sqlite = database.engine == .sqlite
        var searchID = sqlite ? try await database.sql.raw("SELECT COALESCE(MAX(search_id), 0) AS n FROM offerings").first()!
            .decode(column: "n", as: Int.self) : 0
        let now = Date()
        for start in stride(from: 0, to: count, by: 500) {
            let size = min(500, count - start)
            let first = searchID
            searchID += size
            try await database.transaction { db in
                var rows = db.insert(into: "offerings").columns(
                    ["id", "slug", "kind", "title", "summary", "body", "provider_id", "contact", "status", "visibility", "search_title", "search_body", "search_facets",
                     "version", "created_by", "created_at", "updated_at"] + (sqlite ? ["search_id"] : []))
                var audienceRows = db.insert(into: "offering_audiences").columns(["offering_id", "audience"] + OfferingStore.copiedColumns)
                var needRows = db.insert(into: "offering_needs").columns(["offering_id", "need_code"] + OfferingStore.copiedColumns)
                for offset in 0..<size {
                    let n = start + offset
                    let id = UUID().uuidString
                    let title = "\(words[n % words.count].capitalized) en \(words[(n / 3) % words.count]) \(n)"
                    let summary = "Over \(words[(n / 7) % words.count]) voor \(words[(n / 11) % words.count]) in de \(words[(n / 13) % words.count])."
                    let body = "Een aanbod met code\(n) over \(words[(n / 17) % words.count]), \(words[(n / 19) % words.count]) en \(words[(n / 23) % words.count])."
                    var values: [any SQLExpression] = [
                        SQLBind(id), SQLBind("bench-\(count)-\(n)"), SQLBind(kinds[n % kinds.count].rawValue), SQLBind(title), SQLBind(summary), SQLBind(body),
                        SQLBind("szw-ess"), SQLBind(""), SQLBind(n % 29 == 0 ? OfferingStatus.withdrawn.rawValue : OfferingStatus.available.rawValue),
                        SQLBind(visibilities[n % visibilities.count].rawValue), SQLBind(SearchText.indexed(title)),
                        SQLBind(SearchText.indexed(summary + " " + body)),
                        SQLBind([OfferingFacets.token("soort", kinds[n % kinds.count].rawValue),
                                 OfferingFacets.token("status", n % 29 == 0 ? OfferingStatus.withdrawn.rawValue : OfferingStatus.available.rawValue),
                                 OfferingFacets.token("zicht", visibilities[n % visibilities.count].rawValue), OfferingFacets.token("aanbieder", "szw-ess"),
                                 OfferingFacets.token("doelgroep", audiences[n % audiences.count].rawValue),
                                 OfferingFacets.token("doelgroep", audiences[(n / 2 + 3) % audiences.count].rawValue),
                                 OfferingFacets.token("behoefte", needs[(n / 5) % needs.count])].joined(separator: " ")),
                        SQLBind(1), SQLBind(author.uuidString), SQLBind(now), SQLBind(now)]
                    if sqlite { values.append(SQLBind(first + offset + 1)) }
                    rows = rows.values(values)
                    // The list rows copy what the listing indexes cover, as OfferingStore writes them.
                    let copied: [any SQLExpression] = [SQLBind(title), SQLBind(kinds[n % kinds.count].rawValue), SQLBind("szw-ess"),
                                                       SQLBind(visibilities[n % visibilities.count].rawValue),
                                                       SQLBind(n % 29 == 0 ? OfferingStatus.withdrawn.rawValue : OfferingStatus.available.rawValue)]
                    audienceRows = audienceRows.values([SQLBind(id), SQLBind(audiences[n % audiences.count].rawValue)] + copied)
                    audienceRows = audienceRows.values([SQLBind(id), SQLBind(audiences[(n / 2 + 3) % audiences.count].rawValue)] + copied)
                    needRows = needRows.values([SQLBind(id), SQLBind(needs[(n / 5) % needs.count])] + copied)
                }
                try await rows.run()
                try await audienceRows.ignoringConflicts().run()
                try await needRows.run()
            }
        }
    }
}
