import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("API: support requests, every step")
struct RequestAPITests {
    struct Caller {
        let client: any TestClientProtocol
        let auth: String

        func get(_ path: String) async throws -> TestResponse {
            try await client.executeRequest(uri: "/api/v1" + path, method: .get, headers: [.authorization: auth], body: nil)
        }

        func post(_ path: String, _ json: String) async throws -> TestResponse {
            try await client.executeRequest(uri: "/api/v1" + path, method: .post, headers: [.authorization: auth, .contentType: "application/json"],
                                            body: ByteBuffer(string: json))
        }
    }

    @Test("desk intake → referral → acceptance → assignment → activity → waiting → reply → closed → reopened", arguments: TestEngine.available)
    func flow(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            func caller(_ email: String, _ organisation: String, _ role: Role) async throws -> (User, Caller) {
                let user = try await TestApp.user(database, email: email, organisation: organisation, role: role)
                return (user, Caller(client: client, auth: try await TestApp.bearer(database, user: user, scopes: [.read, .write])))
            }
            let (_, official) = try await caller("gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let (_, desk) = try await caller("lotte@vng.example", "vng-loket", .deskAgent)
            let (_, coordinator) = try await caller("carla@ess.example", "szw-ess", .unitCoordinator)
            let (advisorUser, advisor) = try await caller("ahmed@ess.example", "szw-ess", .unitAdvisor)

            let created = try await desk.post("/hulpvragen", #"""
                {"titel":"Brede preventieve aanpak","omschrijving":"Hoe zetten we een brede aanpak op?","aanvrager":"GM0637","gemeente":"GM0637",
                 "behoeften":["breed-preventieve-aanpak","lokale-samenwerking"],"kanaal":"telefoon","urgentie":"normaal","contactvoorkeur":"Via de gemeentelijke coördinator"}
                """#)
            #expect(created.status == .created)
            let request = try created.json()
            let id = try #require(request["id"] as? String)
            #expect(created.headers[.location] == "/api/v1/hulpvragen/\(id)")
            #expect(request["nummer"] as? String == "HV-\(DutchCalendar().calendar.component(.year, from: Date()))-00001")
            #expect(request["status"] as? String == "ontvangen" && request["loket"] as? String == "vng-loket" && request["houder"] as? String == "vng-loket")

            func step(_ who: Caller, _ json: String) async throws -> [String: Any] {
                let response = try await who.post("/hulpvragen/\(id)/statuswijzigingen", json)
                #expect(response.status == .created, "\(json) → \(response.text)")
                return try response.json()
            }
            let illegal = try await desk.post("/hulpvragen/\(id)/statuswijzigingen", #"{"actie":"accepteren"}"#)
            #expect(illegal.status == .conflict && illegal.headers[.contentType] == "application/problem+json")
            let incomplete = try await desk.post("/hulpvragen/\(id)/statuswijzigingen", #"{"actie":"doorverwijzen"}"#)
            let fields = Set((try incomplete.json()["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            #expect(incomplete.status == .badRequest && fields == ["naar", "reden"], "every missing field at once")
            let notTarget = try await desk.post("/hulpvragen/\(id)/statuswijzigingen", #"{"actie":"doorverwijzen","naar":"GM0363","reden":"x"}"#)
            #expect(notTarget.status == .badRequest, "a municipality is no referral target")

            #expect(try await step(desk, #"{"actie":"in-behandeling-nemen"}"#)["status"] as? String == "in-behandeling")
            #expect(try await step(desk, #"{"actie":"doorverwijzen","naar":"szw-ess","reden":"Advies op maat door de unit"}"#)["houder"] as? String == "szw-ess")
            #expect(try await advisor.get("/hulpvragen/\(id)").status == .notFound, "not assigned yet")
            #expect(try await step(coordinator, #"{"actie":"accepteren"}"#)["status"] as? String == "geaccepteerd")
            let assigned = try await step(coordinator, "{\"actie\":\"toewijzen\",\"behandelaar\":\"\(advisorUser.id.uuidString)\"}")
            #expect(assigned["status"] as? String == "in-uitvoering" && assigned["behandelaar"] as? String == advisorUser.id.uuidString.lowercased())

            let activity = try await advisor.post("/hulpvragen/\(id)/activiteiten", #"{"soort":"adviesgesprek","datum":"2026-01-15","uren":2.5,"deelnemers":4,"toelichting":"Met wethouder en ambtenaren"}"#)
            #expect(activity.status == .created)
            let badActivity = try await advisor.post("/hulpvragen/\(id)/activiteiten", #"{"soort":"feest","datum":"morgen","uren":0,"deelnemers":-1}"#)
            #expect(Set((try badActivity.json()["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }) == ["soort", "datum", "uren", "deelnemers"])
            #expect(try await official.post("/hulpvragen/\(id)/activiteiten", #"{"soort":"training","datum":"2026-01-15","uren":1,"deelnemers":1}"#).status == .forbidden)
            // A training activity names the meeting it was; a meeting that does not exist (or is a draft) is refused.
            let valid = try MeetingDraft(kind: "training", title: "Training signalen", organiser: "nctv", venue: "Zoetermeer", startsAt: "2026-01-15T13:00",
                                         endsAt: "2026-01-15T16:00", capacity: "20", status: "gehouden").validated()
            let meeting = try await MeetingStore(database: database).create(valid, id: UUID(), by: advisorUser.id, at: Date())
            let unknown = try await advisor.post("/hulpvragen/\(id)/activiteiten", "{\"soort\":\"training\",\"datum\":\"2026-01-15\",\"uren\":3,\"deelnemers\":12,\"bijeenkomst\":\"\(UUID().uuidString)\"}")
            let unknownName = (try unknown.json()["invalidParams"] as? [[String: Any]])?.first?["name"] as? String
            #expect(unknown.status == .badRequest && unknownName == "bijeenkomst")
            let training = try await advisor.post("/hulpvragen/\(id)/activiteiten", "{\"soort\":\"training\",\"datum\":\"2026-01-15\",\"uren\":3,\"deelnemers\":12,\"bijeenkomst\":\"\(meeting.id.lowercasedText)\"}")
            let trainingMeeting = try training.json()["bijeenkomst"] as? String
            #expect(training.status == .created && trainingMeeting == meeting.id.lowercasedText)
            let listed = (try await advisor.get("/hulpvragen/\(id)/activiteiten").json()["resultaten"] as? [[String: Any]]) ?? []
            #expect(listed.contains { $0["bijeenkomst"] as? String == meeting.id.lowercasedText })

            #expect(try await advisor.post("/hulpvragen/\(id)/berichten", #"{"tekst":"Gemeente lijkt op Delft-aanpak","intern":true}"#).status == .created)
            #expect(try await step(advisor, #"{"actie":"wachten-op-aanvrager","reden":"Welke partners zijn al betrokken?"}"#)["termijnStatus"] as? String == "gepauzeerd")
            #expect(try await official.post("/hulpvragen/\(id)/berichten", #"{"tekst":"Politie en onderwijs","intern":true}"#).status == .forbidden)
            #expect(try await official.post("/hulpvragen/\(id)/berichten", #"{"tekst":"Politie en onderwijs"}"#).status == .created)
            #expect(try await official.get("/hulpvragen/\(id)").json()["status"] as? String == "in-uitvoering", "the reply ended the wait")
            let seenByOfficial = (try await official.get("/hulpvragen/\(id)/berichten").json()["resultaten"] as? [[String: Any]] ?? []).map { $0["tekst"] as? String }
            #expect(seenByOfficial == ["Politie en onderwijs"], "the unit's internal note stays in the unit")
            #expect((try await advisor.get("/hulpvragen/\(id)/berichten").json()["resultaten"] as? [Any])?.count == 2)
            let bsn = try await official.post("/hulpvragen/\(id)/berichten", #"{"tekst":"Het gaat om 111222333"}"#)
            #expect(bsn.status == .badRequest && bsn.text.contains("personal_identifier_bsn"))

            #expect(try await step(advisor, #"{"actie":"afsluiten","uitkomst":"geadviseerd"}"#)["uitkomst"] as? String == "geadviseerd")
            #expect(try await official.get("/hulpvragen/\(id)/beoordeling").status == .notFound, "no feedback yet")
            #expect(try await desk.post("/hulpvragen/\(id)/beoordeling", #"{"score":5}"#).status == .forbidden, "only the requester judges")
            // Each refused for its own reason alone: a valid score with a BSN, a bad score without one.
            let bsnComment = try await official.post("/hulpvragen/\(id)/beoordeling", #"{"score":4,"toelichting":"BSN 111222333"}"#)
            #expect(bsnComment.status == .badRequest && bsnComment.text.contains(#""name":"toelichting""#) && bsnComment.text.contains("personal_identifier_bsn"))
            let badScore = try await official.post("/hulpvragen/\(id)/beoordeling", #"{"score":9,"toelichting":"Bruikbaar"}"#)
            #expect(badScore.status == .badRequest && badScore.text.contains(#""name":"score""#) && !badScore.text.contains("personal_identifier"))
            #expect(try await official.post("/hulpvragen/\(id)/beoordeling", #"{"score":4,"toelichting":"Bruikbaar advies"}"#).status == .created)
            #expect(try await official.post("/hulpvragen/\(id)/beoordeling", #"{"score":5}"#).status == .conflict, "once")
            #expect(try await advisor.get("/hulpvragen/\(id)/beoordeling").json()["score"] as? Int == 4, "the unit reads how it was received")
            #expect(try await step(official, #"{"actie":"heropenen","reden":"Vervolgvraag over training"}"#)["status"] as? String == "heropend")
            let history = (try await desk.get("/hulpvragen/\(id)/statuswijzigingen").json()["resultaten"] as? [[String: Any]] ?? []).compactMap { $0["actie"] as? String }
            #expect(history == ["aanmaken", "in-behandeling-nemen", "doorverwijzen", "accepteren", "toewijzen", "wachten-op-aanvrager", "reactie-aanvrager",
                                "afsluiten", "heropenen"], "the referring desk keeps reading the outcome")
            let reads = try await AuditStore(database: database).search(AuditFilter(action: .requestRead), page: PageRequest(size: 100)).total
            #expect(reads == 7, "every read is in the audit trail (one request, one activity list, two message lists, one history, two feedback reads), refused ones not")
        }
    }

    @Test("filing: every problem at once, defaults for one's own organisation, only desks as channels for requesters")
    func filing() async throws {
        try await TestApp.with { client, database in
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let caller = Caller(client: client, auth: try await TestApp.bearer(database, user: official, scopes: [.read, .write]))
            let empty = try await caller.post("/hulpvragen", "{}")
            let fields = Set((try empty.json()["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            #expect(empty.status == .badRequest && fields == ["titel", "omschrijving", "behoeften", "kanaal"])
            let otherTown = try await caller.post("/hulpvragen", #"{"titel":"t","omschrijving":"o","aanvrager":"GM0363","behoeften":["informatievraag"],"kanaal":"nctv"}"#)
            #expect(otherTown.status == .badRequest && otherTown.text.contains("cannot_file_for_requester"))
            let phone = try await caller.post("/hulpvragen", #"{"titel":"t","omschrijving":"o","behoeften":["informatievraag"],"kanaal":"telefoon"}"#)
            #expect(phone.status == .badRequest && phone.text.contains("channel_not_a_desk"))
            let direct = try await caller.post("/hulpvragen", #"{"titel":"t","omschrijving":"o","behoeften":["informatievraag"],"kanaal":"unit-direct","urgentie":"hoog"}"#)
            let filed = try direct.json()
            #expect(direct.status == .created && filed["aanvrager"] as? String == "GM0637" && filed["gemeente"] as? String == "GM0637")
            #expect(filed["houder"] as? String == "szw-ess", "straight to the unit")
            let needs = try await caller.get("/behoeften").json()["resultaten"] as? [[String: Any]] ?? []
            #expect(needs.count == 8 && needs.first?["code"] as? String == "breed-preventieve-aanpak")
            #expect(try await caller.get("/hulpvragen?status=bestaat-niet&termijn=x").status == .badRequest)
            #expect(try await caller.get("/hulpvragen/\(UUID().uuidString)").status == .notFound)
            #expect(try await caller.get("/hulpvragen/geen-uuid").status == .notFound)
        }
    }

    @Test("the list's next link carries a cursor; following it reads every request once, filters kept; a cursor not given out is refused", arguments: TestEngine.available)
    func cursorPaging(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            let user = try await TestApp.user(database, email: "lotte@vng.example", organisation: "vng-loket", role: .deskAgent)
            let desk = Caller(client: client, auth: try await TestApp.bearer(database, user: user, scopes: [.read, .write]))
            for index in 0..<7 {
                let created = try await desk.post("/hulpvragen", """
                    {"titel":"Vraag \(index)","omschrijving":"Graag advies.","aanvrager":"GM0637","gemeente":"GM0637","behoeften":["breed-preventieve-aanpak"],"kanaal":"telefoon"}
                    """)
                #expect(created.status == .created)
            }
            struct Listing: Decodable {
                struct Links: Decodable { let next: Link? }
                struct Link: Decodable { let href: String }
                struct Item: Decodable { let id: String; let kanaal: String }
                let _links: Links
                let pagina: Int
                let resultaten: [Item]
            }
            func read(_ path: String) async throws -> Listing {
                let response = try await client.executeRequest(uri: path, method: .get, headers: [.authorization: desk.auth], body: nil)
                #expect(response.status == .ok, "\(path)")
                return try JSONDecoder().decode(Listing.self, from: Data(buffer: response.body))
            }
            let all = try await read("/api/v1/hulpvragen?kanaal=telefoon&paginaGrootte=100").resultaten.map(\.id)
            #expect(all.count == 7)
            var seen: [String] = []
            var path: String? = "/api/v1/hulpvragen?kanaal=telefoon&paginaGrootte=3"
            var numbers: [Int] = []
            while let next = path {
                let page = try await read(next)
                seen += page.resultaten.map(\.id)
                numbers.append(page.pagina)
                #expect(page.resultaten.allSatisfy { $0.kanaal == "telefoon" })
                if let href = page._links.next?.href {
                    #expect(href.contains("cursor=") && href.contains("kanaal=telefoon") && !href.contains("pagina="), "\(href)")
                }
                path = page._links.next?.href
            }
            #expect(seen == all)
            #expect(numbers == [1, 2, 3])
            for bad in ["bm9wZQ", "!!", "MX4", String(repeating: "A", count: 401)] {
                let refused = try await desk.get("/hulpvragen?cursor=\(bad)")
                #expect(refused.status == .badRequest, "\(bad)")
                #expect(String(buffer: refused.body).contains("\"cursor\""), "\(bad)")
            }
        }
    }
}
