import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("API: learning circles under /api/v1/leerkringen")
struct CircleAPITests {
    @Test("the unit creates with invitations; a municipality asks and is admitted; the space is the members' and the unit's (audited); sessions are for members")
    func flow() async throws {
        try await TestApp.with(.sqlite) { client, database in
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let arnhem = try await TestApp.user(database, email: "a@arnhem.example", organisation: "GM0202", role: .municipalOfficial, name: "Anna Arnhem")
            let ede = try await TestApp.user(database, email: "e@ede.example", organisation: "GM0228", role: .municipalOfficial, name: "Eva Ede")
            let utrecht = try await TestApp.user(database, email: "u@utrecht.example", organisation: "GM0344", role: .municipalOfficial)
            let analyst = try await TestApp.user(database, email: "an@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            func send(_ method: HTTPRequest.Method, _ path: String, _ json: String? = nil, as user: User? = nil,
                      headers extra: HTTPFields = [:]) async throws -> (status: HTTPResponse.Status, json: [String: Any], headers: HTTPFields) {
                try await MeetingAPITests.send(client, database, method, path, json, as: user, headers: extra)
            }

            let wrong = try await send(.post, "/leerkringen", #"{"titel":"","behoeften":["bestaat-niet"],"uitnodigen":["GM0202","nctv"]}"#, as: advisor)
            let names = Set((wrong.json["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            #expect(wrong.status == .badRequest && names == ["titel", "behoeften", "uitnodigen"], "every problem at once: \(wrong.json)")
            #expect(try await send(.post, "/leerkringen", #"{"titel":"Kring","beschrijving":"BSN 111222333","behoeften":["maatschappelijke-spanning"]}"#,
                                   as: advisor).status == .badRequest)
            #expect(try await send(.post, "/leerkringen", #"{"titel":"Kring","behoeften":["maatschappelijke-spanning"]}"#, as: arnhem).status == .forbidden)
            let created = try await send(.post, "/leerkringen", #"{"titel":"Leerkring spanningen","beschrijving":"Samen leren.","behoeften":["maatschappelijke-spanning"],"status":"voorgesteld","uitnodigen":["GM0202"]}"#,
                                         as: advisor)
            #expect(created.status == .created && created.json["status"] as? String == "voorgesteld")
            let id = try #require(created.json["id"] as? String)
            #expect(created.headers[.location] == "/api/v1/leerkringen/\(id)")

            // A proposal: the invited see it, others do not.
            #expect(try await send(.get, "/leerkringen/\(id)", as: utrecht).status == .notFound)
            #expect(try await send(.get, "/leerkringen/\(id)", as: arnhem).json["mijnDeelname"] as? String == "uitgenodigd")
            #expect((try await send(.get, "/leerkringen?mijn=true", as: arnhem).json["resultaten"] as? [[String: Any]])?.count == 1)
            let accepted = try await send(.post, "/leerkringen/\(id)/deelnemers/GM0202/besluit", #"{"besluit":"accepteren"}"#, as: arnhem)
            #expect(accepted.status == .ok && accepted.json["status"] as? String == "lid")

            // Activated: another municipality asks (guarded), the unit admits.
            let changed = try await send(.put, "/leerkringen/\(id)", #"{"titel":"Leerkring spanningen","behoeften":["maatschappelijke-spanning"],"status":"actief","versie":1}"#, as: advisor)
            #expect(changed.status == .ok && changed.json["versie"] as? Int == 2)
            #expect(try await send(.put, "/leerkringen/\(id)", #"{"titel":"X","behoeften":["maatschappelijke-spanning"]}"#, as: advisor,
                                   headers: [.ifMatch: "\"1\""]).status == .preconditionFailed)
            #expect(try await send(.post, "/leerkringen/\(id)/aanvragen", #"{"motivatie":"BSN 111222333"}"#, as: ede).status == .badRequest)
            let asked = try await send(.post, "/leerkringen/\(id)/aanvragen", #"{"motivatie":"Spanningen in de wijk"}"#, as: ede)
            #expect(asked.status == .created && asked.json["status"] as? String == "aangevraagd")
            #expect(try await send(.post, "/leerkringen/\(id)/aanvragen", "{}", as: ede).status == .conflict)
            #expect(try await send(.get, "/leerkringen/\(id)/aantekeningen", as: ede).status == .forbidden, "asking is not membership")
            let refusal = try await send(.post, "/leerkringen/\(id)/deelnemers/GM0228/besluit", #"{"besluit":"afwijzen"}"#, as: advisor)
            #expect(refusal.status == .badRequest, "refusing needs a reason")
            #expect(try await send(.post, "/leerkringen/\(id)/deelnemers/GM0228/besluit", #"{"besluit":"toelaten"}"#, as: advisor).json["status"] as? String == "lid")

            // The space: notes and members for members and the unit, every read audited.
            let note = try await send(.post, "/leerkringen/\(id)/aantekeningen", #"{"soort":"geleerde-les","tekst":"Begin bij de sleutelfiguren."}"#, as: ede)
            #expect(note.status == .created && note.json["organisatie"] as? String == "GM0228")
            #expect(try await send(.post, "/leerkringen/\(id)/aantekeningen", #"{"soort":"aantekening","tekst":"BSN 111222333"}"#, as: ede).status == .badRequest)
            let notes = try await send(.get, "/leerkringen/\(id)/aantekeningen", as: arnhem)
            #expect((notes.json["resultaten"] as? [[String: Any]])?.first?["tekst"] as? String == "Begin bij de sleutelfiguren.")
            for outsider in [utrecht, analyst] {
                #expect(try await send(.get, "/leerkringen/\(id)/aantekeningen", as: outsider).status == .forbidden)
                #expect(try await send(.get, "/leerkringen/\(id)/deelnemers", as: outsider).status == .forbidden)
            }
            let members = try await send(.get, "/leerkringen/\(id)/deelnemers", as: arnhem)
            #expect(Set((members.json["resultaten"] as? [[String: Any]] ?? []).compactMap { $0["organisatie"] as? String }) == ["GM0202", "GM0228"])
            let reads = try await AuditStore(database: database).search(AuditFilter(action: .circleSpaceRead), page: PageRequest())
            #expect(reads.items.count == 2 && Set(reads.items.compactMap(\.event.actor)) == [arnhem.id])
            #expect(try await send(.get, "/leerkringen/\(id)/kandidaten", as: arnhem).status == .forbidden)
            #expect(try await send(.get, "/leerkringen/\(id)/kandidaten", as: advisor).status == .ok)

            // A session for members only.
            let begin = AmsterdamTime.local(Date().addingTimeInterval(20 * 86_400)), end = AmsterdamTime.local(Date().addingTimeInterval(20 * 86_400 + 7200))
            let session = try await send(.post, "/bijeenkomsten", #"{"soort":"leerkring-sessie","titel":"Sessie 1","organisator":"szw-ess","locatie":"Utrecht","begin":"\#(begin)","einde":"\#(end)","capaciteit":20,"status":"open","leerkring":"\#(id)"}"#,
                                         as: advisor)
            #expect(session.status == .created && session.json["leerkring"] as? String == id, "\(session.json)")
            let meeting = try #require(session.json["id"] as? String)
            let outsiderPlace = try await send(.post, "/bijeenkomsten/\(meeting)/inschrijvingen", "{}", as: utrecht)
            #expect(outsiderPlace.status == .conflict && "\(outsiderPlace.json)".contains("alleen voor deelnemers van de leerkring"), "\(outsiderPlace.json)")
            #expect(try await send(.post, "/bijeenkomsten/\(meeting)/inschrijvingen", "{}", as: ede).status == .created)
            #expect((try await send(.get, "/leerkringen/\(id)/sessies", as: utrecht).json["resultaten"] as? [[String: Any]])?.count == 1)

            // Leaving ends the access.
            #expect(try await send(.post, "/leerkringen/\(id)/deelnemers/GM0228/besluit", #"{"besluit":"beeindigen"}"#, as: ede).json["status"] as? String == "vertrokken")
            #expect(try await send(.get, "/leerkringen/\(id)/aantekeningen", as: ede).status == .forbidden)
            #expect(try await send(.post, "/leerkringen/\(id)/deelnemers/GM0202/besluit", #"{"besluit":"toelaten"}"#, as: ede).status == .notFound,
                    "a municipality cannot decide for another")
        }
    }
}
