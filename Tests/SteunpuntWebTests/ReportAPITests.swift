import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("API: the programme's progress reports")
struct ReportAPITests {
    @Test("""
        an analyst starts a report (every problem at once), changes and hands it in with If-Match or versie; the same analyst cannot publish, another \\
        is told the quarter is open, then publishes; the answer is what was stored (its SHA-256 over the stored bytes); a published report is read by \\
        any caller and changes no more; the unit reads drafts, a municipality only published ones
        """, arguments: TestEngine.available)
    func flow(engine: TestEngine) async throws {
        try await TestApp.with(engine, clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in  // 29 November 2026
            func caller(_ email: String, _ organisation: String, _ role: Role) async throws -> PlanAPITests.Caller {
                let user = try await TestApp.user(database, email: email, organisation: organisation, role: role)
                return PlanAPITests.Caller(client: client, auth: try await TestApp.bearer(database, user: user, scopes: [.read, .write]))
            }
            func send(_ who: PlanAPITests.Caller, _ method: HTTPRequest.Method, _ path: String, _ json: String, ifMatch: String? = nil) async throws -> TestResponse {
                var headers: HTTPFields = [.authorization: who.auth, .contentType: "application/json"]
                if let ifMatch { headers[.ifMatch] = ifMatch }
                return try await client.executeRequest(uri: "/api/v1" + path, method: method, headers: headers, body: ByteBuffer(string: json))
            }
            let unit = try await caller("carla@ess.example", "szw-ess", .unitCoordinator)
            let anouk = try await caller("anouk@nctv.example", "nctv", .nationalAnalyst)
            let bram = try await caller("bram@nctv.example", "nctv", .nationalAnalyst)
            let official = try await caller("gina@zoetermeer.example", "GM0637", .municipalOfficial)
            #expect(try await unit.post("/maatregelen", #"{"nummer":"25","titel":"Expertise-unit sociale stabiliteit","status":"lopend"}"#).status == .created)
            _ = try await send(unit, .put, "/maatregelen/25/voortgang/2026-K3", #"{"tekst":"Een aantal gemeenten is geadviseerd."}"#)

            let refused = try await anouk.post("/voortgangsrapportages", #"{"periode":"2027-K3","titel":"","inleiding":"BSN 111222333"}"#)
            let refusedProblems = try PlanAPITests.problems(refused)
            #expect(refused.status == .badRequest && refusedProblems == ["periode:period_in_future", "titel:required", "inleiding:personal_identifier_bsn"],
                    "\(refusedProblems)")
            #expect(try await unit.post("/voortgangsrapportages", #"{"periode":"2026-K3","titel":"X","inleiding":"Y"}"#).status == .forbidden)
            let created = try await anouk.post("/voortgangsrapportages", #"{"periode":"2026-K3","titel":"Tweede voortgangsrapportage","inleiding":"Hierbij."}"#)
            let body = try created.json()
            let sections = body["secties"] as? [[String: Any]] ?? []
            #expect(created.status == .created && created.headers[.location] == "/api/v1/voortgangsrapportages/2026-K3" && created.headers[.eTag] == "\"1\""
                    && body["status"] as? String == "concept" && sections.first?["nummer"] as? String == "25"
                    && sections.first?["voortgang"] as? String == "Een aantal gemeenten is geadviseerd."
                    && (sections.first?["cijfers"] as? [[String: Any]])?.contains { $0["code"] as? String == "gemeenten-geadviseerd" } == true
                    && (body["bijlage"] as? [Any])?.count == 1 && body["sha256"] == nil)
            #expect(try await anouk.post("/voortgangsrapportages", #"{"periode":"2026-K3","titel":"Nog een","inleiding":"Y"}"#).status == .conflict)

            let changed = try await send(anouk, .put, "/voortgangsrapportages/2026-K3", #"{"titel":"Tweede voortgangsrapportage 2026","inleiding":"Hierbij."}"#,
                                         ifMatch: "\"1\"")
            let changedTitle = try changed.json()["titel"] as? String
            #expect(changed.status == .ok && changed.headers[.eTag] == "\"2\"" && changedTitle == "Tweede voortgangsrapportage 2026")
            #expect(try await send(anouk, .post, "/voortgangsrapportages/2026-K3/indiening", "{}", ifMatch: "\"1\"").status == .preconditionFailed)
            #expect(try await send(anouk, .post, "/voortgangsrapportages/2026-K3/indiening", #"{"versie":1}"#).status == .conflict, "a stale versie is 409")
            let submitted = try await send(anouk, .post, "/voortgangsrapportages/2026-K3/indiening", #"{"versie":2}"#)
            let submittedStatus = try submitted.json()["status"] as? String
            #expect(submitted.status == .ok && submittedStatus == "ter-beoordeling")
            #expect(try await send(anouk, .put, "/voortgangsrapportages/2026-K3", #"{"titel":"Later","inleiding":"Hierbij."}"#).status == .conflict, "locked")

            let same = try await send(anouk, .post, "/voortgangsrapportages/2026-K3/publicatie", "{}")
            let sameCode = try same.json()["code"] as? String
            #expect(same.status == .conflict && sameCode == "report_same_reviewer")
            let open = try await send(bram, .post, "/voortgangsrapportages/2026-K3/publicatie", "{}", ifMatch: "\"3\"")
            let openCode = try open.json()["code"] as? String
            #expect(open.status == .conflict && openCode == "report_period_open")
            // Returned with a reason, handed in again.
            let returned = try await send(bram, .post, "/voortgangsrapportages/2026-K3/terugzetting", #"{"reden":"Voeg de cijfers van K3 toe."}"#, ifMatch: "\"3\"")
            let reason = try returned.json()["redenTeruggezet"] as? String
            #expect(returned.status == .ok && reason == "Voeg de cijfers van K3 toe.")
            #expect(try await send(anouk, .post, "/voortgangsrapportages/2026-K3/indiening", "{}", ifMatch: "\"4\"").status == .ok)
            #expect(try await bram.post("/indicatoren/vaststellingen", #"{"periode":"2026-K3"}"#).status == .created)

            let draftCSV = try await client.executeRequest(uri: "/api/v1/voortgangsrapportages/2026-K3", method: .get,
                                                           headers: [.authorization: unit.auth, .accept: "text/csv"], body: nil)
            #expect(draftCSV.status == .ok && draftCSV.headers[.contentType] == "text/csv; charset=utf-8"
                    && draftCSV.headers[.contentDisposition] == "attachment; filename=\"voortgangsrapportage-2026-K3-cijfers.csv\""
                    && String(buffer: draftCSV.body).contains("25;Gemeenten geadviseerd;gemeenten-geadviseerd;1;2026-K3;Totaal;0;nee;0;"))
            #expect(try await official.get("/voortgangsrapportages/2026-K3").status == .forbidden, "a draft is the programme's")
            let officialList = try await official.get("/voortgangsrapportages").json()["resultaten"] as? [Any]
            #expect(officialList?.isEmpty == true)

            let published = try await send(bram, .post, "/voortgangsrapportages/2026-K3/publicatie", "{}", ifMatch: "\"5\"")
            let report = try published.json()
            let stored = try #require(try await ReportStore(database: database).snapshot(PlanQuarter("2026-K3")!))
            let sha = try #require(report["sha256"] as? String)
            #expect(published.status == .ok && report["status"] as? String == "gepubliceerd" && stored.report.sha256 == sha
                    && ((report["_links"] as? [String: Any])?["vastlegging"] as? [String: Any])?["href"] as? String == "/voortgangsrapportages/2026-K3/rapportage.json")
            let snapshot = try ReportSnapshot.decoded(stored.bytes)
            #expect(report["titel"] as? String == snapshot.title && (report["secties"] as? [Any])?.count == snapshot.sections.count)

            // Published: every caller reads it as stored, the records changing afterwards change nothing.
            _ = try await send(unit, .put, "/maatregelen/25/voortgang/2026-K3", #"{"tekst":"Later herschreven."}"#)
            let read = try await official.get("/voortgangsrapportages/2026-K3")
            let readBody = try read.json()
            let readSections = readBody["secties"] as? [[String: Any]] ?? []
            #expect(read.status == .ok && readSections.first?["voortgang"] as? String == "Een aantal gemeenten is geadviseerd."
                    && readBody["sha256"] as? String == sha)
            let list = try await official.get("/voortgangsrapportages").json()["resultaten"] as? [[String: Any]] ?? []
            #expect(list.count == 1 && list.first?["sha256"] as? String == sha)
            let again = try await send(anouk, .put, "/voortgangsrapportages/2026-K3", #"{"titel":"Anders","inleiding":"Hierbij."}"#)
            let againCode = try again.json()["code"] as? String
            #expect(again.status == .conflict && againCode == "report_published")
            #expect(try await anouk.get("/voortgangsrapportages/2026-K2").status == .notFound)
            #expect(try await anouk.get("/voortgangsrapportages/onzin").status == .notFound)
        }
    }
}
