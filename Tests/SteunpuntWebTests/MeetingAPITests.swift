import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("API: meetings under /api/v1/bijeenkomsten")
struct MeetingAPITests {
    /// A meeting 30 days from now, for 1 place, with an online link.
    /// Fixed once, so a change of visibility made a minute later is not a change of time.
    static let start = Date().addingTimeInterval(30 * 86_400)

    static func body(_ extra: String = "", visibility: String = "ingelogd") -> String {
        let begin = AmsterdamTime.local(start), end = AmsterdamTime.local(start.addingTimeInterval(3 * 3600))
        return #"{"soort":"regionale-kennisbijeenkomst","titel":"Kennisbijeenkomst Oost","organisator":"nctv","provincies":["Gelderland"],"#
            + #""doelgroep":["gemeente"],"onlineLink":"https://meet.example.nl/oost","begin":"\#(begin)","einde":"\#(end)","capaciteit":1,"#
            + #""zichtbaarheid":"\#(visibility)","status":"open"\#(extra)}"#
    }

    /// A call of the API as `user` (a token that reads and writes), with its JSON answer.
    static func send(_ client: any TestClientProtocol, _ database: Database, _ method: HTTPRequest.Method, _ path: String, _ json: String? = nil,
                     as user: User? = nil, headers extra: HTTPFields = [:]) async throws -> (status: HTTPResponse.Status, json: [String: Any], headers: HTTPFields) {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        if let user { headers[.authorization] = try await TestApp.bearer(database, user: user, scopes: [.read, .write]) }
        let response = try await client.executeRequest(uri: "/api/v1" + path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
        return (response.status, json, response.headers)
    }

    @Test("organisers create and change; callers register themselves; the second waits; a cancelled place is offered and accepted; the link is for people with a place")
    func flow() async throws {
        try await TestApp.with(.sqlite) { client, database in
            let desk = try await TestApp.user(database, email: "desk@nctv.example", organisation: "nctv", role: .deskAgent)
            let vng = try await TestApp.user(database, email: "desk@vng.example", organisation: "vng-loket", role: .deskAgent)
            let arnhem = try await TestApp.user(database, email: "a@arnhem.example", organisation: "GM0202", role: .municipalOfficial, name: "Anna Arnhem")
            let ede = try await TestApp.user(database, email: "e@ede.example", organisation: "GM0228", role: .municipalOfficial, name: "Eva Ede")
            let utrecht = try await TestApp.user(database, email: "u@utrecht.example", organisation: "GM0344", role: .municipalOfficial)
            func send(_ method: HTTPRequest.Method, _ path: String, _ json: String? = nil, as user: User? = nil,
                      headers extra: HTTPFields = [:]) async throws -> (status: HTTPResponse.Status, json: [String: Any], headers: HTTPFields) {
                try await Self.send(client, database, method, path, json, as: user, headers: extra)
            }
            #expect(try await send(.post, "/bijeenkomsten", Self.body()).status == .unauthorized)
            #expect(try await send(.post, "/bijeenkomsten", Self.body(), as: arnhem).status == .forbidden)
            let refused = try await send(.post, "/bijeenkomsten", Self.body(), as: vng)
            #expect(refused.status == .badRequest && (refused.json["invalidParams"] as? [[String: Any]])?.first?["name"] as? String == "organisator")
            let invalid = try await send(.post, "/bijeenkomsten", #"{"soort":"feest","titel":"x","organisator":"nctv","begin":"2027-03-28T02:30","einde":"2027-03-28T01:00","capaciteit":0}"#, as: desk)
            let names = Set(((invalid.json["invalidParams"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String })
            #expect(invalid.status == .badRequest && names.isSuperset(of: ["soort", "begin", "capaciteit", "locatie"]), "\(names)")

            let created = try await send(.post, "/bijeenkomsten", Self.body(), as: desk)
            #expect(created.status == .created && created.json["stand"] as? String == "open" && created.json["onlineLink"] as? String == "https://meet.example.nl/oost")
            let id = try #require(created.json["id"] as? String)
            #expect(created.headers[.location] == "/api/v1/bijeenkomsten/\(id)" && created.headers[.eTag] == "\"1\"")

            #expect(try await send(.get, "/bijeenkomsten/\(id)").status == .notFound, "for signed-in callers only")
            let seen = try await send(.get, "/bijeenkomsten/\(id)", as: arnhem)
            #expect(seen.status == .ok && seen.json["onlineLink"] == nil && seen.json["mijnInschrijving"] == nil)

            #expect(try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen", "{}", as: utrecht).json["code"] as? String == "not_in_region")
            let first = try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen", #"{"behoeften":"Rolstoeltoegankelijk"}"#, as: arnhem)
            #expect(first.status == .created && first.json["status"] as? String == "bevestigd")
            let second = try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen", "{}", as: ede)
            #expect(second.status == .created && second.json["status"] as? String == "wachtlijst" && second.json["plaatsOpWachtlijst"] as? Int == 1)
            #expect(try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen", "{}", as: ede).status == .conflict)
            let mine = try await send(.get, "/bijeenkomsten/\(id)", as: arnhem)
            #expect(mine.json["onlineLink"] as? String == "https://meet.example.nl/oost" && mine.json["stand"] as? String == "vol")
            #expect((mine.json["mijnInschrijving"] as? [String: Any])?["status"] as? String == "bevestigd")

            let list = try await send(.get, "/bijeenkomsten/\(id)/inschrijvingen", as: desk)
            let rows = (list.json["resultaten"] as? [[String: Any]]) ?? []
            #expect(rows.map { $0["naam"] as? String } == ["Anna Arnhem", "Eva Ede"] && rows.first?["behoeften"] as? String == "Rolstoeltoegankelijk")
            #expect(try await send(.get, "/bijeenkomsten/\(id)/inschrijvingen", as: ede).status == .forbidden)
            let firstID = try #require(first.json["id"] as? String), secondID = try #require(second.json["id"] as? String)
            #expect(try await send(.get, "/bijeenkomsten/\(id)/inschrijvingen/\(firstID)", as: ede).status == .notFound, "someone else's registration")

            let cancelled = try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen/\(firstID)/annulering", "{}", as: arnhem)
            #expect(cancelled.status == .ok && cancelled.json["status"] as? String == "geannuleerd")
            let offered = try await send(.get, "/bijeenkomsten/\(id)/inschrijvingen/\(secondID)", as: ede)
            #expect(offered.json["status"] as? String == "aangeboden" && offered.json["aanbodGeldigTot"] is String)
            #expect(try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen/\(secondID)/acceptatie", as: arnhem).status == .notFound)
            let accepted = try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen/\(secondID)/acceptatie", as: ede)
            #expect(accepted.status == .ok && accepted.json["status"] as? String == "bevestigd")
            #expect(try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen/\(secondID)/afwijzing", as: ede).status == .conflict)

            // More places: a stale version is refused; the public sees it once it is public.
            let stale = try await send(.put, "/bijeenkomsten/\(id)", Self.body(visibility: "openbaar"), as: desk, headers: [.ifMatch: "\"7\""])
            #expect(stale.status == .preconditionFailed)
            let changed = try await send(.put, "/bijeenkomsten/\(id)", Self.body(visibility: "openbaar"), as: desk, headers: [.ifMatch: "\"1\""])
            #expect(changed.status == .ok && changed.json["versie"] as? Int == 2)
            let visitors = try await send(.get, "/bijeenkomsten")
            #expect(((visitors.json["resultaten"] as? [[String: Any]]) ?? []).map { $0["id"] as? String } == [id])
            #expect(((visitors.json["resultaten"] as? [[String: Any]]) ?? []).first?["onlineLink"] == nil)
            // Calendars: the public feed without signing in; a meeting's file with the link for people with a place only.
            let feed = try await client.executeRequest(uri: "/api/v1/bijeenkomsten/agenda.ics", method: .get, headers: [:], body: nil)
            #expect(feed.status == .ok && feed.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(String(buffer: feed.body).contains("UID:\(id)@steunpunt") && String(buffer: feed.body).contains("SEQUENCE:0"))
            #expect(!String(buffer: feed.body).contains("meet.example.nl"))
            // A literal segment is its own resource: the feed allows GET only, not the PUT of `/bijeenkomsten/{id}`.
            let put = try await client.executeRequest(uri: "/api/v1/bijeenkomsten/agenda.ics", method: .put, headers: [:], body: nil)
            #expect(put.status == .methodNotAllowed && put.headers[.allow] == "GET, HEAD")
            let other = try await client.executeRequest(uri: "/api/v1/bijeenkomsten/\(id)", method: .delete, headers: [:], body: nil)
            #expect(other.headers[.allow] == "GET, HEAD, PUT")
            func file(_ user: User) async throws -> String {
                let headers: HTTPFields = [.authorization: try await TestApp.bearer(database, user: user)]
                return String(buffer: try await client.executeRequest(uri: "/api/v1/bijeenkomsten/\(id)/agenda.ics", method: .get, headers: headers, body: nil).body)
            }
            #expect(try await file(ede).contains("Online: https://meet.example.nl/oost"), "Eva has a place")
            #expect(try await !file(utrecht).contains("meet.example.nl"))
            let trail = try await AuditStore(database: database).search(AuditFilter(objectType: "meeting_registration"), page: PageRequest())
            #expect(Set(trail.items.map(\.event.action)) == [.registrationCreated, .registrationCancelled, .registrationAccepted])
        }
    }

    @Test("around and after the meeting: the waiting list in order, the check-in list with figures, one person's attendance, the report with readable materials, feedback once")
    func followUp() async throws {
        let clock = TestClock(try AmsterdamTime.parse("2027-03-01T09:00").get())
        try await TestApp.with(clock: clock) { client, database in
            let desk = try await TestApp.user(database, email: "desk@nctv.example", organisation: "nctv", role: .deskAgent)
            let arnhem = try await TestApp.user(database, email: "a@arnhem.example", organisation: "GM0202", role: .municipalOfficial, name: "Anna Arnhem")
            let ede = try await TestApp.user(database, email: "e@ede.example", organisation: "GM0228", role: .municipalOfficial, name: "Eva Ede")
            let nijmegen = try await TestApp.user(database, email: "n@nijmegen.example", organisation: "GM0268", role: .municipalOfficial, name: "Nina Nijmegen")
            func send(_ method: HTTPRequest.Method, _ path: String, _ json: String? = nil, as user: User? = nil)
                async throws -> (status: HTTPResponse.Status, json: [String: Any], headers: HTTPFields) {
                try await Self.send(client, database, method, path, json, as: user)
            }
            let body = #"{"soort":"regionale-kennisbijeenkomst","titel":"Kennisbijeenkomst Oost","organisator":"nctv","locatie":"Arnhem","#
                + #""begin":"2027-03-30T13:00","einde":"2027-03-30T17:00","capaciteit":1,"status":"open"}"#
            let id = try #require(try await send(.post, "/bijeenkomsten", body, as: desk).json["id"] as? String)
            let first = try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen", "{}", as: arnhem)
            _ = try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen", "{}", as: ede)
            _ = try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen", "{}", as: nijmegen)
            // The registrant's notice names the meeting as the API names records.
            let notices = ((try await send(.get, "/meldingen", as: arnhem).json["resultaten"] as? [[String: Any]]) ?? [])
            #expect(notices.first?["soort"] as? String == "inschrijving-bevestigd" && notices.first?["objectType"] as? String == "bijeenkomst")
            #expect(notices.first?["object"] as? String == "/api/v1/bijeenkomsten/\(id)" && notices.first?["nummer"] as? String == "2027-03-30")
            let waiting = try await send(.get, "/bijeenkomsten/\(id)/wachtlijst", as: desk)
            let rows = (waiting.json["resultaten"] as? [[String: Any]]) ?? []
            #expect(rows.map { $0["naam"] as? String } == ["Eva Ede", "Nina Nijmegen"] && rows.map { $0["plaatsOpWachtlijst"] as? Int } == [1, 2])
            // The organiser puts Nina first, with a reason (required).
            let ninaID = try #require(rows.last?["id"] as? String)
            #expect(try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen/\(ninaID)/voorrang", "{}", as: desk).status == .badRequest)
            #expect(try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen/\(ninaID)/voorrang", #"{"reden":"Regio"}"#, as: ede).status == .notFound)
            let prioritised = try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen/\(ninaID)/voorrang", #"{"reden":"Nog niemand uit Nijmegen"}"#, as: desk)
            #expect(prioritised.status == .ok && prioritised.json["plaatsOpWachtlijst"] as? Int == 1)
            // Colleagues: one of another organisation is refused.
            let group = try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen", #"{"collegas":["e@ede.example"]}"#, as: desk)
            #expect(group.status == .badRequest && ((group.json["invalidParams"] as? [[String: Any]]) ?? []).first?["code"] as? String == "colleague_not_found")
            #expect(try await send(.get, "/bijeenkomsten/\(id)/wachtlijst", as: ede).status == .forbidden)

            let firstID = try #require(first.json["id"] as? String)
            let early = try await send(.put, "/bijeenkomsten/\(id)/inschrijvingen/\(firstID)/aanwezigheid", #"{"aanwezigheid":"aanwezig"}"#, as: desk)
            #expect(early.status == .conflict && early.json["code"] as? String == "attendance_not_open")
            clock.advance(by: try AmsterdamTime.parse("2027-03-30T13:05").get().timeIntervalSince(clock.now))
            let wrong = try await send(.put, "/bijeenkomsten/\(id)/inschrijvingen/\(firstID)/aanwezigheid", #"{"aanwezigheid":"misschien"}"#, as: desk)
            #expect(wrong.status == .badRequest)
            let marked = try await send(.put, "/bijeenkomsten/\(id)/inschrijvingen/\(firstID)/aanwezigheid", #"{"aanwezigheid":"aanwezig"}"#, as: desk)
            #expect(marked.status == .ok && marked.json["aanwezigheid"] as? String == "aanwezig")
            #expect(try await send(.put, "/bijeenkomsten/\(id)/inschrijvingen/\(firstID)/aanwezigheid", #"{"aanwezigheid":"aanwezig"}"#, as: arnhem).status == .forbidden)
            let list = try await send(.get, "/bijeenkomsten/\(id)/aanwezigheid", as: desk)
            let figures = list.json["cijfers"] as? [String: Any]
            #expect(figures?["plaatsen"] as? Int == 1 && figures?["aanwezig"] as? Int == 1 && figures?["gemeenten"] as? Int == 1)
            #expect(((list.json["resultaten"] as? [[String: Any]]) ?? []).first?["naam"] as? String == "Anna Arnhem")
            #expect(try await send(.delete, "/bijeenkomsten/\(id)/inschrijvingen/\(firstID)/aanwezigheid", as: desk).status == .noContent, "a mark is cleared")
            #expect(try await send(.get, "/bijeenkomsten/\(id)/inschrijvingen/\(firstID)", as: desk).json["aanwezigheid"] == nil)
            _ = try await send(.put, "/bijeenkomsten/\(id)/inschrijvingen/\(firstID)/aanwezigheid", #"{"aanwezigheid":"aanwezig"}"#, as: desk)

            let guarded = try await send(.put, "/bijeenkomsten/\(id)/verslag", #"{"verslag":"BSN 111222333"}"#, as: desk)
            #expect(guarded.status == .badRequest && ((guarded.json["invalidParams"] as? [[String: Any]]) ?? []).first?["name"] as? String == "verslag")
            let unknown = try await send(.put, "/bijeenkomsten/\(id)/verslag", #"{"verslag":"","materialen":["\#(UUID().uuidString)"]}"#, as: desk)
            #expect(unknown.status == .badRequest && ((unknown.json["invalidParams"] as? [[String: Any]]) ?? []).first?["code"] as? String == "material_not_readable")
            let saved = try await send(.put, "/bijeenkomsten/\(id)/verslag", #"{"verslag":"Goed gesprek.","materialen":[]}"#, as: desk)
            #expect(saved.status == .ok && saved.json["verslag"] as? String == "Goed gesprek.")
            #expect(try await send(.get, "/bijeenkomsten/\(id)/verslag", as: ede).json["verslag"] as? String == "Goed gesprek.")

            #expect(try await send(.post, "/bijeenkomsten/\(id)/feedback", #"{"waardering":5}"#, as: arnhem).status == .conflict, "not before the end")
            clock.advance(by: 4 * 3600)
            #expect(try await send(.post, "/bijeenkomsten/\(id)/feedback", #"{"waardering":9}"#, as: arnhem).status == .badRequest)
            let given = try await send(.post, "/bijeenkomsten/\(id)/feedback", #"{"waardering":4,"toelichting":"Nuttig"}"#, as: arnhem)
            #expect(given.status == .created && given.json["waardering"] as? Int == 4)
            #expect(try await send(.post, "/bijeenkomsten/\(id)/feedback", #"{"waardering":4}"#, as: arnhem).status == .conflict, "once")
            #expect(try await send(.post, "/bijeenkomsten/\(id)/feedback", #"{"waardering":4}"#, as: ede).status == .conflict, "no place")
            let summary = try await send(.get, "/bijeenkomsten/\(id)/feedback", as: desk)
            #expect(summary.json["aantal"] as? Int == 1 && summary.json["gemiddelde"] as? Double == 4 && summary.json["toelichtingen"] as? [String] == ["Nuttig"])
            #expect((summary.json["verdeling"] as? [String: Int])?["4"] == 1)
            #expect(try await send(.get, "/bijeenkomsten/\(id)/feedback", as: arnhem).status == .forbidden)
            let past = try await send(.get, "/bijeenkomsten?periode=afgelopen", as: ede)
            #expect(((past.json["resultaten"] as? [[String: Any]]) ?? []).map { $0["id"] as? String } == [id])
            #expect(((try await send(.get, "/bijeenkomsten", as: ede).json["resultaten"] as? [[String: Any]]) ?? []).isEmpty)
            #expect(try await send(.get, "/bijeenkomsten?periode=gisteren", as: ede).status == .badRequest)
        }
    }
}
