import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Pages: notifications")
struct NotificationPageTests {
    @Test("the header counts what is unread; Meldingen lists it; opening one reads it and leads to the request; only one's own")
    func page() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina Gemeente")
            try await TestApp.user(database, email: "lotte@vng.example", organisation: "vng-loket", role: .deskAgent, name: "Lotte Loket")
            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            _ = try await official.get("/hulpvragen/nieuw")
            let filed = try await official.post("/hulpvragen", form: [("titel", "Netwerk sleutelfiguren"), ("omschrijving", "Wij zoeken contact."),
                                                                      ("behoeften", "informatievraag"), ("kanaal", "vng-loket")])
            let id = try RequestPageTests.id(from: filed.headers[.location])
            #expect(try await official.get("/meldingen").text.contains("U hebt nog geen meldingen"))

            var desk = Browser(client)
            try await desk.signIn("lotte@vng.example")
            let dashboard = try await desk.get("/dashboard")
            #expect(dashboard.text.contains(">Meldingen (1 nieuw)</a>"), "the header counts the unread")
            let list = try await desk.get("/meldingen")
            #expect(list.status == .ok && list.text.contains("Netwerk sleutelfiguren") && list.text.contains("Ingediend bij uw organisatie"))
            #expect(!list.text.contains("Wij zoeken contact."), "a notification never carries the request's contents")
            let link = try #require(list.text.firstMatch(of: /href="(\/meldingen\/[0-9a-f-]{36})"/)?.output.1)
            #expect(try await official.get(String(link)).status == .notFound, "someone else's notification is nobody's business")
            let opened = try await desk.get(String(link))
            #expect(opened.status == .seeOther && opened.headers[.location] == "/hulpvragen/\(id)")
            #expect(try await desk.get("/dashboard").text.contains(">Meldingen</a>"), "read, so no count")
            #expect(try await desk.post("/meldingen/gelezen", form: []).headers[.location] == "/meldingen?gelezen=1")
        }
    }
}
