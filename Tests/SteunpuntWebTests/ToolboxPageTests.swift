import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Toolbox pages: public addresses, Dutch search, editing with versions")
struct ToolboxPageTests {
    static let form: [(String, String)] = [
        ("soort", "handreiking"), ("titel", "Handreiking aanpak radicalisering"), ("samenvatting", "Een brede preventieve aanpak voor gemeenten."),
        ("tekst", "## Stappen\n\n- Breng **partners** in kaart\n- Lees [de brief](https://www.rijksoverheid.nl)\n\n<script>alert('x')</script>\n\n[klik](javascript:alert(1))\n\n<img src=x onerror=alert(1)>"),
        ("doelgroepen", "gemeenten"), ("doelgroepen", "professionals"), ("behoeften", "breed-preventieve-aanpak"), ("aanbieder", "nctv"),
        ("contact", "toolbox@nctv.example"), ("status", "beschikbaar"), ("verwachtOp", ""), ("zichtbaarheid", "openbaar"),
    ]

    @Test("the unit adds an offering; its public address is readable signed out, with Markdown rendered and HTML inert")
    func publicOffering() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            var advisor = Browser(client)
            _ = try await advisor.signIn("a@ess.example")
            #expect(try await advisor.get("/aanbod/nieuw").status == .ok)
            let created = try await advisor.post("/aanbod", form: Self.form)
            #expect(created.status == .seeOther && created.headers[.location] == "/aanbod/handreiking-aanpak-radicalisering")

            var visitor = Browser(client)
            let page = try await visitor.get("/aanbod/handreiking-aanpak-radicalisering")
            #expect(page.status == .ok && page.text.contains("<h1>Handreiking aanpak radicalisering</h1>"))
            #expect(page.text.contains("<h3>Stappen</h3>") && page.text.contains("<li>Breng <strong>partners</strong> in kaart</li>"))
            #expect(page.text.contains("<a href=\"https://www.rijksoverheid.nl\">de brief</a>"))
            #expect(!page.text.contains("<script>alert") && page.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "raw HTML is text")
            #expect(!page.text.contains("href=\"javascript:") && !page.text.contains("<img"), "no script links, no images")
            #expect(page.text.contains("Nationaal Coördinator") || page.text.contains("NCTV"), "the provider by name")
            #expect(!page.text.contains("/bewerken"), "visitors get no edit link")
            #expect(try await AuditStore(database: database).search(AuditFilter(action: .offeringCreated), page: PageRequest()).total == 1)

            var official = Browser(client)
            _ = try await official.signIn("gina@zoetermeer.example")
            #expect(try await official.get("/aanbod/nieuw").status == .forbidden)
            #expect(try await official.post("/aanbod", form: Self.form).status == .forbidden)
        }
    }

    @Test("refused input keeps the form and lists every problem in Dutch; a stale edit is refused; versions stay readable")
    func editing() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            var advisor = Browser(client)
            _ = try await advisor.signIn("a@ess.example")
            let bad = try await advisor.post("/aanbod", form: [("soort", "handreiking"), ("titel", ""), ("samenvatting", "BSN 111222333"),
                                                               ("aanbieder", "nctv"), ("status", "in-ontwikkeling"), ("zichtbaarheid", "openbaar")])
            #expect(bad.status == .badRequest && bad.text.contains("Vul een titel in") && bad.text.contains("Kies minstens één doelgroep")
                    && bad.text.contains("Verwacht op is verplicht voor aanbod in ontwikkeling") && bad.text.contains(#"id="samenvatting-fout""#))
            _ = try await advisor.post("/aanbod", form: Self.form)
            let edit = try await advisor.get("/aanbod/handreiking-aanpak-radicalisering/bewerken")
            #expect(edit.status == .ok && edit.text.contains("name=\"versie\" value=\"1\""))
            var changed = Self.form.filter { $0.0 != "titel" }
            changed.append(("titel", "Handreiking brede aanpak"))
            changed.append(("versie", "1"))
            #expect(try await advisor.post("/aanbod/handreiking-aanpak-radicalisering", form: changed).status == .seeOther)
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("c@ess.example")
            let stale = try await coordinator.post("/aanbod/handreiking-aanpak-radicalisering", form: changed)
            #expect(stale.status == .conflict && stale.text.contains("intussen door iemand anders opgeslagen"))
            let versions = try await advisor.get("/aanbod/handreiking-aanpak-radicalisering/versies")
            #expect(versions.text.contains("Handreiking brede aanpak") && versions.text.contains("Handreiking aanpak radicalisering"))
            let old = try await advisor.get("/aanbod/handreiking-aanpak-radicalisering/versies/1")
            #expect(old.status == .ok && old.text.contains("<h1>Handreiking aanpak radicalisering</h1>") && old.text.contains("niet de huidige versie"))
            var stranger = Browser(client)
            #expect(try await stranger.get("/aanbod/handreiking-aanpak-radicalisering/versies").status == .notFound, "versions are for the unit")
        }
    }

    @Test("search: signed-out visitors find what is public, users also what they may see; snippets mark the words; no results suggests")
    func search() async throws {
        try await TestApp.with { client, database in
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let store = OfferingStore(database: database)
            func add(_ title: String, _ summary: String, _ visibility: Visibility) async throws {
                let valid = try OfferingDraft(kind: "training", title: title, summary: summary, audiences: ["professionals"], provider: "szw-ess",
                                              visibility: visibility.rawValue).validated(knownNeeds: [])
                _ = try await store.create(valid, id: UUID(), by: advisor.id, at: Date())
            }
            try await add("Trainingen voor sleutelfiguren", "Sleutelfiguren herkennen spanningen in de wijk.", .publicAccess)
            try await add("Training voor ingelogden", "Alleen voor wie is ingelogd.", .signedIn)
            try await add("Interne training", "Werkwijze van de unit.", .unitOnly)

            var visitor = Browser(client)
            let found = try await visitor.get("/zoeken?q=training")
            #expect(found.status == .ok && found.text.contains("Trainingen voor sleutelfiguren"))
            #expect(!found.text.contains("Training voor ingelogden") && !found.text.contains("Interne training"))
            let marked = try await visitor.get("/zoeken?q=spanning")
            #expect(marked.text.contains("<mark>spanningen</mark>"), "the plural in the text is marked for the singular asked")
            var official = Browser(client)
            _ = try await official.signIn("gina@zoetermeer.example")
            let signedIn = try await official.get("/zoeken?q=training")
            #expect(signedIn.text.contains("Training voor ingelogden") && !signedIn.text.contains("Interne training"))
            #expect(try await official.get("/aanbod/interne-training").status == .notFound, "unit-only is not found by others")

            let nothing = try await visitor.get("/zoeken?q=sleutelfiguren+moskee&soort=training")
            #expect(nothing.status == .ok && nothing.text.contains("Niets gevonden"))
            #expect(nothing.text.contains("zonder filters") && nothing.text.contains("alleen “moskee”"))
            let bad = try await visitor.get("/zoeken?soort=boek&doelgroep=iedereen")
            #expect(bad.status == .badRequest && bad.text.contains(#"id="soort-fout""#) && bad.text.contains(#"id="doelgroep-fout""#))
            #expect(try await visitor.get("/aanbod").text.contains("Trainingen voor sleutelfiguren"), "the catalogue lists without words")
            #expect(nothing.text.contains("href=\"/zoeken?q=sleutelfiguren%20moskee\""), "a form's + is a space, and links escape it")
        }
    }

    @Test("query values decode as forms send them: + is a space, %2B a plus; links keep each value exactly")
    func formDecoding() {
        let pairs = Query.pairs("q=brede+aanpak&x=1%2B1&leeg=&zonder")
        #expect(pairs.map(\.name) == ["q", "x", "leeg", "zonder"] && pairs.map(\.value) == ["brede aanpak", "1+1", "", ""])
        #expect(Query.encode([("q", "1+1 = twee"), ("ë", "&")]) == "q=1%2B1%20%3D%20twee&%C3%AB=%26")
        #expect(Query.pairs(Query.encode([("q", "a+b c")])).first?.value == "a+b c")
    }
}
