import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

/// Every change to a versioned record names the version it was based on and is refused
/// when the record changed since: the same rule for status steps, offerings and
/// instruments, in the API (`versie` → 409, `If-Match` → 412) and in the pages.
@Suite("Versioned changes: a step or change on a record that changed since is refused, not applied")
struct VersionedChangeTests {
    static func send(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, _ json: String? = nil, auth: String,
                     ifMatch: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: auth, .contentType: "application/json"]
        if let ifMatch { headers[.ifMatch] = ifMatch }
        return try await client.executeRequest(uri: "/api/v1" + path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// The operations of the OpenAPI document that take `If-Match`, as `METHOD /path`.
    static func documentedConditions() throws -> Set<String> {
        let data = try Data(contentsOf: WebResources.directory.appendingPathComponent("openapi.json"))
        let paths = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["paths"] as? [String: [String: Any]] ?? [:]
        var found: Set<String> = []
        for (path, item) in paths {
            for (method, value) in item {
                let parameters = (value as? [String: Any])?["parameters"] as? [[String: Any]] ?? []
                if parameters.contains(where: { ($0["$ref"] as? String)?.hasSuffix("/ifMatch") == true }) { found.insert("\(method.uppercased()) \(path)") }
            }
        }
        return found
    }

    @Test("status steps: the GET's ETag and versie; a stale versie is 409, a stale If-Match 412, and neither step is taken", arguments: TestEngine.available)
    func statusSteps(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            let desk = try await TestApp.user(database, email: "lotte@vng.example", organisation: "vng-loket", role: .deskAgent)
            let auth = try await TestApp.bearer(database, user: desk, scopes: [.read, .write])
            let created = try await Self.send(client, .post, "/hulpvragen", #"""
                {"titel":"Training","omschrijving":"Graag een training.","aanvrager":"GM0637","gemeente":"GM0637","behoeften":["informatievraag"],"kanaal":"telefoon"}
                """#, auth: auth)
            let id = try #require(try created.json()["id"] as? String)
            let read = try await Self.send(client, .get, "/hulpvragen/\(id)", auth: auth)
            let version = try read.json()["versie"] as? Int
            #expect(read.headers[.eTag] == "\"1\"" && version == 1)

            // Someone else takes it into triage: version 2.
            let first = try await Self.send(client, .post, "/hulpvragen/\(id)/statuswijzigingen", #"{"actie":"in-behandeling-nemen","versie":1}"#, auth: auth)
            #expect(first.status == .created && first.headers[.eTag] == "\"2\"")
            // Steps based on version 1 are refused.
            let stale = try await Self.send(client, .post, "/hulpvragen/\(id)/statuswijzigingen", #"{"actie":"wachten-op-aanvrager","reden":"Welke school?","versie":1}"#,
                                            auth: auth)
            #expect(stale.status == .conflict && stale.text.contains("request_changed"))
            let staleTag = try await Self.send(client, .post, "/hulpvragen/\(id)/statuswijzigingen", #"{"actie":"wachten-op-aanvrager","reden":"Welke school?"}"#,
                                               auth: auth, ifMatch: "\"1\"")
            #expect(staleTag.status == .preconditionFailed && staleTag.headers[.contentType] == "application/problem+json")
            #expect(try await Self.send(client, .post, "/hulpvragen/\(id)/statuswijzigingen", #"{"actie":"wachten-op-aanvrager","reden":"x"}"#,
                                        auth: auth, ifMatch: "W/\"2\"").status == .preconditionFailed, "a weak tag never matches")
            let garbage = try await Self.send(client, .post, "/hulpvragen/\(id)/statuswijzigingen", #"{"actie":"wachten-op-aanvrager","reden":"x"}"#,
                                              auth: auth, ifMatch: "{}")
            #expect(garbage.status == .badRequest && garbage.text.contains("invalid_if_match"), "not an entity tag at all: bad input, not a failed condition")
            #expect(try await Self.send(client, .post, "/hulpvragen/\(id)/statuswijzigingen", #"{"actie":"wachten-op-aanvrager","reden":"x","versie":1}"#,
                                        auth: auth, ifMatch: "\"2\"").status == .badRequest, "body and header disagree")
            let history = try await RequestStore(database: database).history(UUID(uuidString: id)!)
            #expect(history.map(\.action) == ["aanmaken", "in-behandeling-nemen"], "no stale step was taken")
            let current = try await Self.send(client, .post, "/hulpvragen/\(id)/statuswijzigingen", #"{"actie":"wachten-op-aanvrager","reden":"Welke school?"}"#,
                                              auth: auth, ifMatch: "\"2\"")
            #expect(current.status == .created && current.headers[.eTag] == "\"3\"")
        }
    }

    @Test("the pages send the version they showed: a step from a page opened before another change is refused with a sentence", arguments: TestEngine.available)
    func pageSteps(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            let desk = try await TestApp.user(database, email: "lotte@vng.example", organisation: "vng-loket", role: .deskAgent)
            let valid = try RequestDraft(title: "Vraag", description: "Omschrijving", requester: "GM0637", municipality: "GM0637",
                                         needs: ["informatievraag"], channel: "telefoon").validated(knownNeeds: [.information])
            let store = RequestStore(database: database)
            let filed = try await store.create(valid, id: UUID(), desk: .vngDesk, createdBy: desk.id, at: Date(),
                                               targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 10))
            var browser = Browser(client)
            try await browser.signIn("lotte@vng.example")
            let path = "/hulpvragen/\(filed.id.uuidString.lowercased())"
            let page = try await browser.get(path)
            #expect(page.text.contains(#"name="versie" value="1""#))
            // Meanwhile a colleague takes the request into triage.
            let (next, change) = try RequestWorkflow().apply(.startTriage, to: filed, by: desk, at: Date(),
                                                             targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 10))
            _ = try await store.save(next, previous: filed, change: change, at: Date())
            let stale = try await browser.post(path + "/acties", form: [("actie", "wachten-op-aanvrager"), ("reden", "Welke school?"), ("versie", "1")])
            #expect(stale.status == .badRequest && stale.text.contains("iemand anders wijzigde de hulpvraag intussen"))
            #expect(try await store.history(filed.id).map(\.action) == ["aanmaken", "in-behandeling-nemen"])
            #expect(stale.text.contains(#"name="versie" value="2""#), "the page now shows the new version to act on")
            let fresh = try await browser.post(path + "/acties", form: [("actie", "wachten-op-aanvrager"), ("reden", "Welke school?"), ("versie", "2")])
            #expect(fresh.status == .seeOther)
        }
    }

    @Test("offerings and instruments: a stale If-Match is 412; publishing a version that does not exist is 404", arguments: TestEngine.available)
    func offeringsAndInstruments(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            let coordinator = try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let auth = try await TestApp.bearer(database, user: coordinator, scopes: [.read, .write])
            let body = #"{"soort":"training","titel":"Training sleutelfiguren","samenvatting":"Voor sleutelfiguren.","doelgroepen":["sleutelfiguren"],"aanbieder":"szw-ess"}"#
            let created = try await Self.send(client, .post, "/aanbod", body, auth: auth)
            #expect(created.status == .created)
            let slug = "training-sleutelfiguren"
            #expect(try await Self.send(client, .get, "/aanbod/\(slug)", auth: auth).headers[.eTag] == "\"1\"")
            let changed = try await Self.send(client, .put, "/aanbod/\(slug)", body, auth: auth, ifMatch: "\"1\"")
            #expect(changed.status == .ok && changed.headers[.eTag] == "\"2\"")
            #expect(try await Self.send(client, .put, "/aanbod/\(slug)", body, auth: auth, ifMatch: "\"1\"").status == .preconditionFailed)

            let instrument = try #require(try await InstrumentStore(database: database).list().first)
            let path = "/quickscans/instrumenten/\(instrument.instrumentID.uuidString.lowercased())"
            let read = try await Self.send(client, .get, path, auth: auth)
            #expect(read.headers[.eTag] == "\"\(instrument.version)\"")
            let definition = String(data: try JSONEncoder().encode(instrument.definition), encoding: .utf8)!
            #expect(try await Self.send(client, .put, path, #"{"definitie":\#(definition)}"#, auth: auth, ifMatch: "\"9\"").status == .preconditionFailed)
            #expect(try await Self.send(client, .put, path, #"{"definitie":\#(definition)}"#, auth: auth).status == .badRequest, "a version is required")
            #expect(try await Self.send(client, .post, path + "/versies/99/publicatie", auth: auth).status == .notFound)
        }
    }

    /// RFC 9110 §13.2.1: a precondition is ignored when the request would fail without it; a
    /// change to a record that does not exist is 404 whatever `If-Match` names, and the same
    /// tag on a record that exists is 412.
    @Test("every change with If-Match: a record that does not exist is 404 whatever the tag; a tag of no version of ours on one that does is 412",
          arguments: TestEngine.available)
    func missingBeforeCondition(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            let desk = try await TestApp.user(database, email: "lotte@vng.example", organisation: "vng-loket", role: .deskAgent)
            let coordinator = try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let official = try await TestApp.user(database, email: "a@denhaag.example", organisation: "GM0518", role: .municipalOfficial)
            let analyst = try await TestApp.user(database, email: "an@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            let auth = (desk: try await TestApp.bearer(database, user: desk, scopes: [.read, .write]),
                        unit: try await TestApp.bearer(database, user: coordinator, scopes: [.read, .write]),
                        official: try await TestApp.bearer(database, user: official, scopes: [.read, .write]),
                        analyst: try await TestApp.bearer(database, user: analyst, scopes: [.read, .write]))
            let nobody = UUID().uuidString.lowercased()
            let instrument = UUID().uuidString.lowercased()
            let definition = String(decoding: try JSONEncoder().encode(Instrument.starting), as: UTF8.self)
            // (method, the address as documented, one that names no record, body, token)
            let changes: [(HTTPRequest.Method, String, String, String, String)] = [
                (.post, "/hulpvragen/{id}/statuswijzigingen", "/hulpvragen/\(nobody)/statuswijzigingen", #"{"actie":"in-behandeling-nemen"}"#, auth.desk),
                (.put, "/aanbod/{slug}", "/aanbod/bestaat-niet",
                 #"{"soort":"training","titel":"T","samenvatting":"S","doelgroepen":["sleutelfiguren"],"aanbieder":"szw-ess"}"#, auth.unit),
                (.put, "/quickscans/instrumenten/{id}", "/quickscans/instrumenten/\(instrument)", #"{"definitie":\#(definition)}"#, auth.unit),
                (.put, "/bijeenkomsten/{id}", "/bijeenkomsten/\(nobody)", #"{"titel":"X"}"#, auth.unit),
                (.put, "/leerkringen/{id}", "/leerkringen/\(nobody)", #"{"titel":"Leerkring","behoeften":["maatschappelijke-spanning"],"status":"actief"}"#, auth.unit),
                (.put, "/netwerken/{id}", "/netwerken/\(nobody)", #"{"naam":"X"}"#, auth.unit),
                (.post, "/incidenten/{id}/wijzigingen", "/incidenten/\(nobody)/wijzigingen", #"{"status":"in-behandeling"}"#, auth.official),
                (.put, "/incidenten/{id}/delingen/{organisatie}", "/incidenten/\(nobody)/delingen/politie-a", "{}", auth.official),
                (.delete, "/incidenten/{id}/delingen/{organisatie}", "/incidenten/\(nobody)/delingen/politie-a", "{}", auth.official),
                (.post, "/incidenten/{id}/hulpvraag", "/incidenten/\(nobody)/hulpvraag", #"{"vraag":"Graag advies."}"#, auth.official),
                (.put, "/incidenten/{id}/stappen/{code}", "/incidenten/\(nobody)/stappen/melding-politie", #"{"status":"open"}"#, auth.official),
                (.put, "/maatregelen/{nummer}", "/maatregelen/99", #"{"titel":"X"}"#, auth.analyst),
                (.patch, "/gemeenten/{code}/plan-voortgang/{punt}", "/gemeenten/GM0518/plan-voortgang/bestaat-niet", #"{"status":"gestart"}"#, auth.official),
                (.put, "/voortgangsrapportages/{periode}", "/voortgangsrapportages/2026-K1", #"{"titel":"X","inleiding":"Y"}"#, auth.analyst),
                (.post, "/voortgangsrapportages/{periode}/indiening", "/voortgangsrapportages/2026-K1/indiening", "{}", auth.analyst),
                (.post, "/voortgangsrapportages/{periode}/terugzetting", "/voortgangsrapportages/2026-K1/terugzetting", #"{"reden":"X"}"#, auth.analyst),
                (.post, "/voortgangsrapportages/{periode}/publicatie", "/voortgangsrapportages/2026-K1/publicatie", "{}", auth.analyst),
            ]
            // Every operation the document says takes If-Match is here, but for those whose record always exists.
            let always: Set<String> = ["PUT /tienpuntenplan/concept", "POST /incident-stappenplan/versies"]
            #expect(Set(changes.map { "\($0.0) \($0.1)" }).union(always) == (try Self.documentedConditions()))
            for (method, _, path, body, token) in changes {
                let answer = try await Self.send(client, method, path, body, auth: token, ifMatch: "W/\"1\"")
                #expect(answer.status == .notFound, "\(method) \(path): \(answer.status)")
            }
            // The same tag on a request that exists fails the condition.
            let created = try await Self.send(client, .post, "/hulpvragen", #"""
                {"titel":"Training","omschrijving":"Graag een training.","aanvrager":"GM0637","gemeente":"GM0637","behoeften":["informatievraag"],"kanaal":"telefoon"}
                """#, auth: auth.desk)
            let id = try #require(try created.json()["id"] as? String)
            for tag in ["W/\"1\"", "\"abc\"", "\"1\", \"2\""] {
                let answer = try await Self.send(client, .post, "/hulpvragen/\(id)/statuswijzigingen", #"{"actie":"in-behandeling-nemen"}"#, auth: auth.desk, ifMatch: tag)
                #expect(answer.status == .preconditionFailed, "\(tag): \(answer.status)")
            }
            #expect(try await RequestStore(database: database).history(UUID(uuidString: id)!).map(\.action) == ["aanmaken"], "no step was taken")
        }
    }
}
