import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Pages: the incident register")
struct IncidentPageTests {
    static let valid: [(String, String)] = [("soort", "discriminatoir-incident-gebedshuis"), ("datum", "2026-11-20"), ("tijd", "22:15"), ("plaats", "gebedshuis"),
                                            ("wijk", "Palenstein"), ("gronden", "godsdienst"), ("gronden", "herkomst"), ("aard", "vernieling-of-bekladding"),
                                            ("terrein", "openbare-ruimte"), ("ernst", "hoog"), ("spanningsniveau", ""),
                                            ("beschrijving", "Leuzen op de gevel van de moskee gekalkt; het bestuur heeft aangifte gedaan.")]

    @Test("a municipality registers an incident (every problem at once, typed values kept), updates its handling and shares it; the unit reads only what is shared; another municipality and an analyst read nothing")
    func register() async throws {
        try await TestApp.with(clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in
            _ = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina Gemeente")
            _ = try await TestApp.user(database, email: "dirk@delft.example", organisation: "GM0503", role: .municipalOfficial)
            _ = try await TestApp.user(database, email: "adam@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            _ = try await TestApp.user(database, email: "anouk@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            let empty = try await official.get("/incidenten")
            #expect(empty.status == .ok && empty.text.contains("href=\"/incidenten/nieuw\"") && empty.text.contains("aria-current=\"page\">Incidenten</a>"))
            let form = try await official.get("/incidenten/nieuw")
            #expect(form.status == .ok && form.text.contains("name=\"gronden\""))

            let refused = try await official.post("/incidenten/nieuw", form: [("soort", "discriminatoir-incident-gebedshuis"), ("datum", ""), ("wijk", "Dorpsstraat 12"),
                                                                             ("ernst", "hoog"), ("beschrijving", "Getypt en bewaard")])
            #expect(refused.status == .badRequest)
            for field in ["datum-fout", "plaats-fout", "wijk-fout", "gronden-fout", "aard-fout", "terrein-fout"] { #expect(refused.text.contains(field), "\(field)") }
            #expect(refused.text.contains("Getypt en bewaard") && refused.text.contains("value=\"Dorpsstraat 12\""), "what was typed is kept")

            let saved = try await official.post("/incidenten/nieuw", form: Self.valid)
            let location = try #require(saved.headers[.location])
            #expect(saved.status == .seeOther && location.hasPrefix("/incidenten/") && location.hasSuffix("?gedaan=geregistreerd"))
            let page = try await official.get(location)
            #expect(page.text.contains("IN-2026-00001") && page.text.contains("Het incident is geregistreerd.") && page.text.contains("Godsdienst, Herkomst"))
            #expect(page.text.contains("20\u{00A0}nov.\u{00A0}2026,\u{00A0}22.15") && page.text.contains("Gina Gemeente"))
            let path = String(location.prefix { $0 != "?" })

            let nothing = try await official.post("\(path)/behandeling", form: [("status", "geregistreerd"), ("versie", "1")])
            #expect(nothing.status == .badRequest && nothing.text.contains("status-fout"))
            let handled = try await official.post("\(path)/behandeling", form: [("status", "in-behandeling"), ("toelichting", "Overleg met het moskeebestuur gepland."),
                                                                               ("versie", "1")])
            #expect(handled.status == .seeOther)
            let stale = try await official.post("\(path)/behandeling", form: [("status", "afgesloten"), ("toelichting", "Op een oude versie"), ("versie", "1")])
            #expect(stale.status == .conflict && stale.text.contains("Op een oude versie"))

            var unit = Browser(client)
            try await unit.signIn("adam@ess.example")
            #expect(try await unit.get(path).status == .notFound, "not shared yet")
            #expect(!(try await unit.get("/incidenten").text.contains("IN-2026-00001")))
            _ = try await official.get(path)
            #expect(try await official.post("\(path)/delen", form: [("delen", "ja"), ("organisatie", "szw-ess")]).status == .seeOther)
            let list = try await unit.get("/incidenten")
            #expect(list.text.contains("IN-2026-00001") && list.text.contains("Zoetermeer") && !list.text.contains("href=\"/incidenten/nieuw\""))
            let read = try await unit.get(path)
            #expect(read.status == .ok && read.text.contains("Overleg met het moskeebestuur gepland.") && !read.text.contains("name=\"toelichting\""))
            #expect(try await unit.post("\(path)/behandeling", form: [("status", "afgesloten"), ("versie", "3")]).status == .forbidden)

            var delft = Browser(client)
            try await delft.signIn("dirk@delft.example")
            #expect(try await delft.get(path).status == .notFound)
            var analyst = Browser(client)
            try await analyst.signIn("anouk@nctv.example")
            #expect(try await analyst.get("/incidenten").status == .forbidden)
            #expect(!(try await analyst.get("/dashboard").text.contains("href=\"/incidenten\"")), "no incidents in the navigation")
            let audited = try await AuditStore(database: database).search(AuditFilter(action: .incidentRead), page: PageRequest()).total
            #expect(audited >= 4, "every read of the incident is audited")
        }
    }

    @Test("""
        sharing with partners in the pages: the official picks the police from the partners (a made-up organisation refused on the field), sees the share \
        standing and ends it; the police's staff find it on their dashboard, in their list and in their notifications, read it without forms, the request \
        or the other shares, and not the figures or the report; once ended, it is gone for them and listed as an earlier share
        """)
    func partners() async throws {
        try await TestApp.with(clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in
            let organisations = OrganisationStore(database: database)
            try await organisations.create(Organisation(id: OrganisationID("politie-den-haag")!, name: "Politie eenheid Den Haag", kind: .police), at: Date())
            try await organisations.create(Organisation(id: OrganisationID("adv-haaglanden")!, name: "Antidiscriminatievoorziening Haaglanden",
                                                        kind: .antiDiscriminationBureau), at: Date())
            _ = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina Gemeente")
            _ = try await TestApp.user(database, email: "pim@politie.example", organisation: "politie-den-haag", role: .partnerStaff)
            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            _ = try await official.get("/incidenten/nieuw")
            let saved = try await official.post("/incidenten/nieuw", form: Self.valid)
            let path = String(try #require(saved.headers[.location]).prefix { $0 != "?" })
            let page = try await official.get(path)
            #expect(page.text.contains("Dit incident is niet gedeeld") && page.text.contains("<option value=\"politie-den-haag\">Politie eenheid Den Haag</option>")
                    && page.text.contains("<option value=\"szw-ess\">"))

            let refused = try await official.post("\(path)/delen", form: [("delen", "ja"), ("organisatie", "nctv")])
            #expect(refused.status == .badRequest && refused.text.contains("id=\"organisatie-fout\"") && refused.text.contains("aria-invalid=\"true\""))
            let shared = try await official.post("\(path)/delen", form: [("delen", "ja"), ("organisatie", "politie-den-haag")])
            #expect(shared.status == .seeOther && shared.headers[.location] == "\(path)?gedaan=gedeeld#delen")
            _ = try await official.post("\(path)/delen", form: [("delen", "ja"), ("organisatie", "adv-haaglanden")])
            let after = try await official.get("\(path)?gedaan=gedeeld")
            #expect(after.text.contains("De organisatie krijgt een melding") && after.text.contains("Gedeeld met organisaties: 2")
                    && after.text.contains("Delen beëindigen<span class=\"visually-hidden\">: Politie eenheid Den Haag</span>"))
            #expect(!after.text.contains("<option value=\"politie-den-haag\">"), "no second share with the same organisation")
            #expect(after.text.contains("Gedeeld met Politie eenheid Den Haag"), "the history names the organisation")

            var police = Browser(client)
            try await police.signIn("pim@politie.example")
            let dashboard = try await police.get("/dashboard")
            #expect(dashboard.text.contains("Met uw organisatie gedeelde incidenten: 1") && dashboard.text.contains("IN-2026-00001"))
            let list = try await police.get("/incidenten")
            #expect(list.status == .ok && list.text.contains("met uw organisatie delen") && list.text.contains("Zoetermeer")
                    && !list.text.contains("href=\"/incidenten/nieuw\"") && !list.text.contains("href=\"/incidenten/jaarverslag\""))
            let notices = try await police.get("/meldingen")
            #expect(notices.text.contains("Een gemeente heeft een incident met uw organisatie gedeeld") && notices.text.contains("IN-2026-00001"))
            let read = try await police.get(path)
            #expect(read.status == .ok && read.text.contains("De gemeente Zoetermeer deelt dit incident met uw organisatie")
                    && read.text.contains("Leuzen op de gevel van de moskee gekalkt"))
            #expect(!read.text.contains("name=\"toelichting\"") && !read.text.contains("id=\"delen-kop\"") && !read.text.contains("/stappen/melding-politie\"")
                    && !read.text.contains("Antidiscriminatievoorziening Haaglanden"), "no forms, and not whom else it is shared with")
            #expect(try await police.post("\(path)/behandeling", form: [("status", "afgesloten"), ("versie", "3")]).status == .forbidden)
            #expect(try await police.post("\(path)/delen", form: [("delen", "nee"), ("organisatie", "adv-haaglanden")]).status == .forbidden)
            #expect(try await police.get("/incidenten/jaarverslag").status == .forbidden)
            #expect(try await police.get("/incidenten/kengetallen").status == .forbidden)

            let ended = try await official.post("\(path)/delen", form: [("delen", "nee"), ("organisatie", "politie-den-haag")])
            #expect(ended.status == .seeOther)
            #expect(try await police.get(path).status == .notFound)
            #expect(!(try await police.get("/incidenten").text.contains("IN-2026-00001")))
            let earlier = try await official.get(path)
            #expect(earlier.text.contains("Eerdere delingen") && earlier.text.contains("beëindigd") && earlier.text.contains("Niet meer gedeeld met Politie eenheid Den Haag"))
        }
    }

    @Test("a tension signal: its level changes with what was seen, and the timeline shows how it developed")
    func tension() async throws {
        try await TestApp.with(clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in
            _ = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            _ = try await official.get("/incidenten/nieuw")
            let saved = try await official.post("/incidenten/nieuw", form: [("soort", "spanning-in-wijk"), ("datum", "2026-11-01"), ("plaats", "wijk"),
                                                                           ("wijk", "Meerzicht"), ("ernst", "midden"),
                                                                           ("beschrijving", "Onrust tussen groepen jongeren na een vechtpartij.")])
            let path = String(try #require(saved.headers[.location]).prefix { $0 != "?" })
            let refused = try await official.post("\(path)/behandeling", form: [("status", "geregistreerd"), ("spanningsniveau", "escalatie"), ("versie", "1")])
            #expect(refused.status == .badRequest && refused.text.contains("toelichting-fout"), "a new level says what was seen")
            #expect(try await official.post("\(path)/behandeling", form: [("status", "in-behandeling"), ("spanningsniveau", "escalatie"),
                                                                         ("toelichting", "Tweede confrontatie bij het winkelcentrum."), ("versie", "1")]).status == .seeOther)
            let page = try await official.get(path)
            #expect(page.text.contains("Verloop van de spanning") && page.text.contains("tension-signaal") && page.text.contains("tension-escalatie"))
            #expect(page.text.contains("Tweede confrontatie bij het winkelcentrum.") && page.text.contains("Status van Geregistreerd naar In behandeling"))
        }
    }
    @Test("help from the unit in the pages: the official asks from the incident (a question with a BSN refused, kept), follows the request, which links back; the unit reads the incident from the request")
    func askHelp() async throws {
        try await TestApp.with(clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in
            _ = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            _ = try await TestApp.user(database, email: "carla@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            _ = try await official.get("/incidenten/nieuw")
            let saved = try await official.post("/incidenten/nieuw", form: Self.valid)
            let path = String(try #require(saved.headers[.location]).prefix { $0 != "?" })
            let page = try await official.get(path)
            #expect(page.text.contains("action=\"\(path)/hulpvraag\""))
            let refused = try await official.post("\(path)/hulpvraag", form: [("vraag", "Bel 111222333"), ("versie", "1")])
            #expect(refused.status == .badRequest && refused.text.contains("vraag-fout") && refused.text.contains("Bel 111222333"))
            let asked = try await official.post("\(path)/hulpvraag", form: [("vraag", "Hoe organiseren wij een gesprek met de gemeenschap?"), ("versie", "1")])
            #expect(asked.status == .seeOther && asked.headers[.location]?.contains("gedaan=hulp-gevraagd&hulpvraag=HV-2026-") == true)
            let after = try await official.get(try #require(asked.headers[.location]))
            #expect(after.text.contains("staat bij het expertisepunt") && !after.text.contains("action=\"\(path)/hulpvraag\""), "help is asked once")
            let request = try #require(try await IncidentStore(database: database).list(.own(MunicipalityCode("GM0637")!), page: PageRequest()).items.first?.requestID)
            let requestPage = try await official.get("/hulpvragen/\(request.lowercasedText)")
            #expect(requestPage.text.contains("href=\"\(path)\">Vanuit incident IN-2026-00001</a>") && requestPage.text.contains("Vanuit een incident"))

            // The unit's coordinator, who sees every request at the unit, reads it and the incident.
            var unit = Browser(client)
            try await unit.signIn("carla@ess.example")
            let seen = try await unit.get("/hulpvragen/\(request.lowercasedText)")
            #expect(seen.status == .ok && seen.text.contains("href=\"\(path)\""))
            let incident = try await unit.get(path)
            #expect(incident.status == .ok && incident.text.contains("Leuzen op de gevel") && incident.text.contains("Naar de hulpvraag aan het expertisepunt"))
        }
    }

    /// The version a page's form carries (its hidden `versie`).
    static func formVersion(_ html: String) -> String? {
        html.firstMatch(of: /name="versie" value="([0-9]+)"/).map { String($0.output.1) }
    }

    @Test("handling steps in the pages: the incident lists its steps; a step is done on a day (every problem at once, typed kept), a stale step refused with the version now standing to save again; the unit reads the steps, has no form; a stale handling form can be saved again too")
    func steps() async throws {
        try await TestApp.with(clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in
            _ = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            _ = try await TestApp.user(database, email: "piet@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            _ = try await TestApp.user(database, email: "adam@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            _ = try await official.get("/incidenten/nieuw")
            let path = String(try #require(try await official.post("/incidenten/nieuw", form: Self.valid).headers[.location]).prefix { $0 != "?" })
            let page = try await official.get(path)
            #expect(page.text.contains("id=\"stappen\"") && page.text.contains("0 van 6 stappen afgerond") && page.text.contains("href=\"\(path)/stappen/melding-politie\""))
            let form = try await official.get("\(path)/stappen/melding-politie")
            #expect(form.status == .ok && form.text.contains("Melding of aangifte bij de politie") && Self.formVersion(form.text) == "1")

            let refused = try await official.post("\(path)/stappen/melding-politie", form: [("status", "gedaan"), ("datum", "2026-11-19"),
                                                                                           ("toelichting", "Aangifte gedaan"), ("versie", "1")])
            #expect(refused.status == .badRequest && refused.text.contains("datum-fout") && refused.text.contains("Aangifte gedaan"))
            let done = try await official.post("\(path)/stappen/melding-politie", form: [("status", "gedaan"), ("datum", "2026-11-21"),
                                                                                        ("toelichting", "Aangifte gedaan"), ("versie", "1")])
            #expect(done.status == .seeOther && done.headers[.location] == "\(path)?gedaan=stap#stappen")
            let after = try await official.get("\(path)?gedaan=stap")
            #expect(after.text.contains("De stap is bijgewerkt.") && after.text.contains("1 van 6 stappen afgerond")
                    && after.text.contains("Gedaan op 21\u{00A0}nov.\u{00A0}2026") && after.text.contains("Stap ‘Melding of aangifte bij de politie’: Gedaan"))

            // A colleague saves on the version she read before: refused, what she typed kept, the state now shown; saving again lands.
            var colleague = Browser(client)
            try await colleague.signIn("piet@zoetermeer.example")
            _ = try await colleague.get("\(path)/stappen/melding-politie")
            let stale = try await colleague.post("\(path)/stappen/melding-politie", form: [("status", "niet-van-toepassing"), ("toelichting", "Geen aangifte"),
                                                                                          ("versie", "1")])
            #expect(stale.status == .conflict && stale.text.contains("Geen aangifte") && stale.text.contains("Gedaan op 21\u{00A0}nov.\u{00A0}2026"))
            #expect(Self.formVersion(stale.text) == "2")
            #expect(try await colleague.post("\(path)/stappen/melding-politie", form: [("status", "niet-van-toepassing"), ("toelichting", "Geen aangifte"),
                                                                                      ("versie", "2")]).status == .seeOther)
            // The same for the handling form: after a conflict it carries the version standing.
            _ = try await colleague.get(path)
            #expect(try await official.post("\(path)/behandeling", form: [("status", "in-behandeling"), ("versie", "1")]).status == .seeOther)
            let staleHandling = try await colleague.post("\(path)/behandeling", form: [("status", "monitoring"), ("toelichting", "Rustig"), ("versie", "1")])
            #expect(staleHandling.status == .conflict && Self.formVersion(staleHandling.text) == "2")

            _ = try await official.get(path)
            #expect(try await official.post("\(path)/delen", form: [("delen", "ja"), ("organisatie", "szw-ess")]).status == .seeOther)
            var unit = Browser(client)
            try await unit.signIn("adam@ess.example")
            let read = try await unit.get(path)
            #expect(read.status == .ok && read.text.contains("Geen aangifte") && !read.text.contains("/stappen/melding-politie\""))
            // It may read the incident, so it is told it may not change it.
            #expect(try await unit.get("\(path)/stappen/melding-politie").status == .forbidden)
            #expect(try await unit.post("\(path)/stappen/melding-politie", form: [("status", "open"), ("versie", "3")]).status == .forbidden)
        }
    }

    @Test("the template in the pages: everyone who works with incidents reads it; the unit's coordinator writes a version (a row's problem names the row, typed kept); earlier versions stay readable")
    func template() async throws {
        try await TestApp.with(clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in
            _ = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            _ = try await TestApp.user(database, email: "carla@ess.example", organisation: "szw-ess", role: .unitCoordinator, name: "Carla Coördinator")
            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            let read = try await official.get("/incidenten/stappenplan")
            #expect(read.status == .ok && read.text.contains("Versie 1") && read.text.contains("Contact met het bestuur van het gebedshuis")
                    && !read.text.contains("name=\"wijziging\""))
            #expect(try await official.post("/incidenten/stappenplan", form: [("rijen", "1"), ("stap-1-titel", "Iets"), ("stap-1-partij", "gemeente"),
                                                                              ("wijziging", "Poging"), ("versie", "1")]).status == .forbidden)
            #expect(try await official.get("/incidenten/stappenplan?versie=abc").status == .notFound)

            var coordinator = Browser(client)
            try await coordinator.signIn("carla@ess.example")
            let form = try await coordinator.get("/incidenten/stappenplan")
            #expect(form.text.contains("name=\"rijen\" value=\"9\"") && form.text.contains("id=\"stap-9-titel\"") && Self.formVersion(form.text) == "1")
            var fields: [(String, String)] = [("rijen", "9"), ("versie", "1"), ("handreiking", ""), ("wijziging", "Nazorg toegevoegd.")]
            for (index, step) in HandlingTemplate.startingSteps.enumerated() {
                fields += [("stap-\(index + 1)-code", step.code), ("stap-\(index + 1)-titel", step.title), ("stap-\(index + 1)-partij", step.party.rawValue),
                           ("stap-\(index + 1)-toelichting", step.guidance)]
            }
            let refused = try await coordinator.post("/incidenten/stappenplan", form: fields + [("stap-7-titel", "Nazorg voor het bestuur"), ("stap-7-partij", "")])
            #expect(refused.status == .badRequest && refused.text.contains("Stap 7: Kies een partij") && refused.text.contains("id=\"stap-7-partij-fout\"")
                    && refused.text.contains("href=\"#stap-7-partij\"") && refused.text.contains("value=\"Nazorg voor het bestuur\""))
            let saved = try await coordinator.post("/incidenten/stappenplan", form: fields + [("stap-7-titel", "Nazorg voor het bestuur"), ("stap-7-partij", "gebedshuis")])
            #expect(saved.status == .seeOther && saved.headers[.location] == "/incidenten/stappenplan?gedaan=vastgesteld")
            let now = try await official.get("/incidenten/stappenplan")
            #expect(now.text.contains("Versie 2") && now.text.contains("Nazorg voor het bestuur") && now.text.contains("Carla Coördinator")
                    && now.text.contains("href=\"/incidenten/stappenplan?versie=1\""))
            let old = try await official.get("/incidenten/stappenplan?versie=1")
            #expect(old.status == .ok && !old.text.contains("Nazorg voor het bestuur") && old.text.contains("Naar de geldende versie"))
            let stale = try await coordinator.post("/incidenten/stappenplan", form: fields + [("stap-7-titel", "Nog een stap"), ("stap-7-partij", "politie")])
            #expect(stale.status == .conflict && stale.text.contains("value=\"Nog een stap\"") && Self.formVersion(stale.text) == "2")
        }
    }

    @Test("incidents in figures: the analyst reaches them from the navigation, sees the trend as a chart with its table and a hidden figure as a dash with its note; a municipality's official is refused")
    func figures() async throws {
        try await TestApp.with(clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            _ = try await TestApp.user(database, email: "anouk@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            _ = try await TestApp.user(database, email: "adam@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let store = IncidentStore(database: database)
            let codes = ["GM0637", "GM0503", "GM0518", "GM0344", "GM0363", "GM0935"]
            for (index, code) in codes.enumerated() {
                let draft = IncidentDraft(kind: "incident-elders", occurredOn: index < 5 ? "2026-03-10" : "2026-04-02", location: "openbare-ruimte", grounds: ["godsdienst"],
                                          nature: "bedreiging", setting: "openbare-ruimte", severity: "midden", description: "Voorval")
                _ = try await store.create(try draft.validated(today: Date(timeIntervalSince1970: 1_796_000_000)), municipality: MunicipalityCode(code)!, id: UUID(),
                                           by: official.id, at: Date(timeIntervalSince1970: 1_796_000_000))
            }
            var analyst = Browser(client)
            try await analyst.signIn("anouk@nctv.example")
            #expect(try await analyst.get("/dashboard").text.contains("href=\"/incidenten/kengetallen\""))
            let page = try await analyst.get("/incidenten/kengetallen?jaar=2026")
            #expect(page.status == .ok && page.text.contains("<svg class=\"bar-chart\"") && page.text.contains("aria-labelledby=\"trend-t trend-d\""))
            #expect(page.text.contains("In 2026: 6 incidenten en signalen, in 6 gemeenten."))
            // March rests on five municipalities, April on one: April hidden, and March with it.
            #expect(page.text.contains("id=\"verborgen-uitleg\"") && page.text.contains("<th scope=\"row\">mrt.</th><td class=\"number\"><span aria-describedby=\"verborgen-uitleg\">–</span>"))
            #expect(page.text.contains("<th scope=\"row\">Godsdienst</th><td class=\"number\">6</td>"))
            #expect(!page.text.contains("Zoetermeer") && !page.text.contains("Voorval"), "no municipality and no incident")
            let narrowed = try await analyst.get("/incidenten/kengetallen?jaar=2026&soort=spanning-in-wijk")
            #expect(narrowed.status == .ok && narrowed.text.contains("In 2026: 0 incidenten en signalen, in 0 gemeenten."))
            var unit = Browser(client)
            try await unit.signIn("adam@ess.example")
            #expect(try await unit.get("/incidenten").text.contains("href=\"/incidenten/kengetallen\""))
            var municipality = Browser(client)
            try await municipality.signIn("gina@zoetermeer.example")
            #expect(try await municipality.get("/incidenten/kengetallen").status == .forbidden)
            #expect(!(try await municipality.get("/incidenten").text.contains("href=\"/incidenten/kengetallen\"")))
        }
    }

    @Test("the bar chart writes figures as the page's language does and a hidden one as a dash, never as a bar of zero")
    func barChart() {
        let svg = BarChart(id: "t", title: "Titel", description: "Uitleg", labels: ["jan.", "feb.", "mrt."], values: [1_587, nil, 0],
                           number: { NumberText.format($0, .dutch) }).svg
        #expect(svg.contains(">1.587</text>") && svg.contains("<title id=\"t-t\">Titel</title>") && svg.contains("aria-labelledby=\"t-t t-d\""))
        #expect(svg.components(separatedBy: "class=\"bar\"").count == 2, "one bar: the zero has none")
        #expect(svg.components(separatedBy: "class=\"bar-hidden\"").count == 2 && svg.contains(">–</text>"))
        #expect(BarChart.step(for: 1_587) == 500 && BarChart.step(for: 3) == 1 && BarChart.step(for: 40) == 10)
    }
}
