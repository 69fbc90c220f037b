import Foundation
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Quickscan pages: fielding a round, answering without script, following the response")
struct QuickscanPageTests {
    /// The value of a hidden field in a page, unescaped.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func links(in html: String) throws -> [String] {
        html.matches(of: try Regex(#"/quickscan/qs_[A-Za-z0-9_\-]+"#)).map { String(html[$0.range]) }
    }

    struct Setup {
        let round: UUID
        let zoetermeer: String
        let rotterdam: String
    }

    /// The coordinator fields the shipped questionnaire to Zoetermeer and Rotterdam, open
    /// from the clock's day for two weeks.
    static func field(_ coordinator: inout Browser, database: Database, clock: TestClock) async throws -> Setup {
        let instrument = try #require(try await InstrumentStore(database: database).list().first)
        let today = Round.day(of: clock.now)
        let closes = Round.day(of: clock.now.addingTimeInterval(14 * 86_400))
        _ = try await coordinator.get("/quickscans/rondes/nieuw")
        let created = try await coordinator.post("/quickscans/rondes", form: [
            ("titel", "Quickscan 2027"), ("vragenlijst", "\(instrument.instrumentID.uuidString)/\(instrument.version)"),
            ("opent", today), ("sluit", closes), ("gemeenten", "GM0637, GM0599")])
        #expect(created.status == .created && created.headers[.cacheControl] == "no-store")
        let links = try links(in: created.text)
        #expect(links.count == 2, "one link per municipality, shown once")
        let rounds = try await RoundStore(database: database).list()
        let round = try #require(rounds.first?.round.id)
        let targets = try await RoundStore(database: database).targets(round).map(\.municipality.rawValue)
        #expect(targets == ["GM0599", "GM0637"])
        // Listed by code order: Rotterdam (GM0599) first.
        return Setup(round: round, zoetermeer: links[1], rotterdam: links[0])
    }

    @Test("a round form lists every problem at once; a valid one shows each municipality's link once", arguments: TestEngine.available)
    func fielding(engine: TestEngine) async throws {
        let clock = TestClock()
        try await TestApp.with(engine, clock: clock) { client, database in
            try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            var coordinator = Browser(client)
            try await coordinator.signIn("c@ess.example")
            _ = try await coordinator.get("/quickscans/rondes/nieuw")
            let refused = try await coordinator.post("/quickscans/rondes", form: [("titel", ""), ("opent", "2027-02-30"), ("sluit", ""), ("gemeenten", "GM9999 XX")])
            #expect(refused.status == .badRequest)
            for field in ["#titel", "#opent", "#sluit", "#gemeenten", "#vragenlijst"] { #expect(refused.text.contains("href=\"\(field)\""), "\(field)") }
            #expect(refused.text.contains("GM9999 XX"), "what was typed stays")
            let setup = try await Self.field(&coordinator, database: database, clock: clock)

            var advisor = Browser(client)
            try await advisor.signIn("a@ess.example")
            #expect(try await advisor.get("/quickscans/rondes/nieuw").status == .forbidden, "only the coordinator fields rounds")
            let page = try await advisor.get("/quickscans/rondes/\(setup.round.uuidString.lowercased())")
            #expect(page.status == .ok && page.text.contains("Zoetermeer") && page.text.contains("Niet begonnen"))
            #expect(!page.text.contains("/uitnodiging\""), "an advisor follows the round but does not manage links")
            let index = try await advisor.get("/quickscans")
            #expect(index.text.contains("Quickscan 2027") && index.text.contains("0 %"))
            let audit = AuditStore(database: database)
            #expect(try await audit.search(AuditFilter(action: .roundCreated), page: PageRequest()).total == 1)
        }
    }

    @Test("officials answer together without losing answers, resume, see what is missing and submit; then it is read-only until reopened",
          arguments: TestEngine.available)
    func answering(engine: TestEngine) async throws {
        let clock = TestClock()
        try await TestApp.with(engine, clock: clock) { client, database in
            try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let gina = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            try await TestApp.user(database, email: "piet@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            try await TestApp.user(database, email: "rob@rotterdam.example", organisation: "GM0599", role: .municipalOfficial)
            var coordinator = Browser(client)
            try await coordinator.signIn("c@ess.example")
            let setup = try await Self.field(&coordinator, database: database, clock: clock)
            let path = "/quickscans/rondes/\(setup.round.uuidString.lowercased())/gemeenten/GM0637"

            var first = Browser(client)
            try await first.signIn("gina@zoetermeer.example")
            #expect(try await first.get(setup.rotterdam).status == .conflict, "another municipality's link is refused")
            let redeemed = try await first.get(setup.zoetermeer)
            #expect(redeemed.status == .found && redeemed.headers[.location] == path)
            var rob = Browser(client)
            try await rob.signIn("rob@rotterdam.example")
            #expect(try await rob.get(path).status == .notFound, "another municipality's response is not there for it")

            let form = try await first.get(path)
            #expect(form.status == .ok && form.text.contains("0 van 14 vragen beantwoord"))
            #expect(form.text.contains("Alleen als u bij vraag 3 antwoordde: Ja."), "a condition is written out, the question shown without script")
            var second = Browser(client)
            try await second.signIn("piet@zoetermeer.example")
            let secondForm = try await second.get(path)
            let secondLoaded = try #require(Self.hidden("_geladen", in: secondForm.text))

            // Gina: valid answers with one number that is not a number: the rest is kept.
            let loaded = try #require(Self.hidden("_geladen", in: form.text))
            let saved = try await first.post(path, form: [("_geladen", loaded), ("aanspreekpunt", "ja"), ("fte-aanspreekpunt", "veel"),
                                                           ("casusoverleg", "nee"), ("budget", "4"), ("_actie", "sectie-capaciteit")])
            #expect(saved.status == .badRequest && saved.text.contains("href=\"#vraag-fte-aanspreekpunt\"") && saved.text.contains("value=\"veel\""))
            let store = ResponseStore(database: database)
            var stored = try #require(try await store.get(setup.round, MunicipalityCode("GM0637")!))
            #expect(stored.answers["aanspreekpunt"] == .yesNo(true) && stored.answers["budget"] == .scale(4) && stored.answers["fte-aanspreekpunt"] == nil)

            // Piet, from the form he opened before Gina saved: his answer joins hers.
            let piet = try await second.post(path, form: [("_geladen", secondLoaded), ("signalen-herkennen", "3"), ("_actie", "sectie-kennis")])
            #expect(piet.status == .seeOther && piet.headers[.location] == path + "?opgeslagen=1#sectie-kennis")
            stored = try #require(try await store.get(setup.round, MunicipalityCode("GM0637")!))
            #expect(stored.answers["signalen-herkennen"] == .scale(3) && stored.answers["budget"] == .scale(4) && stored.answers["aanspreekpunt"] == .yesNo(true),
                    "neither official's answers were lost")

            let summary = try await first.get(path + "/samenvatting")
            #expect(summary.text.contains("Deze verplichte vragen zijn nog niet beantwoord") && summary.text.contains("#vraag-fte-aanspreekpunt"))
            #expect(!summary.text.contains("/indiening\""), "no submit button while something required is missing")
            let early = try await first.post(path + "/indiening", form: [])
            #expect(early.status == .badRequest && early.text.contains("vraag-zicht-op-netwerken"))

            let resumed = try await first.get(path)
            let current = try #require(Self.hidden("_geladen", in: resumed.text))
            let rest = try await first.post(path, form: [
                ("_geladen", current), ("signalen-afgelopen-jaar", "enkele"), ("aanspreekpunt", "ja"), ("fte-aanspreekpunt", "12"), ("casusoverleg", "nee"),
                ("budget", "4"), ("signalen-herkennen", "3"), ("zicht-op-netwerken", "2"), ("getrainde-professionals", "0"),
                ("ervaring-incidenten", "2"), ("samenwerking-partners", "4"), ("gewenste-ondersteuning", "training-professionals-sleutelfiguren"), ("_actie", "samenvatting")])
            #expect(rest.status == .seeOther && rest.headers[.location] == path + "/samenvatting", "\(rest.text.components(separatedBy: "error-summary").dropFirst().first?.prefix(800) ?? "")")
            let complete = try await first.get(path + "/samenvatting")
            #expect(complete.text.contains("2 – Niet mee eens") && complete.text.contains("/indiening\""))
            let submitted = try await first.post(path + "/indiening", form: [])
            #expect(submitted.status == .seeOther)
            #expect(try await first.get(path + "/samenvatting?ingediend=1").text.contains("ingediend bij de expertise-unit"))
            #expect(try await first.post(path, form: [("_geladen", current), ("budget", "1")]).status == .conflict, "read-only once submitted")
            #expect(!(try await first.get(path)).text.contains("name=\"_geladen\""), "the page shows the answers, no form")

            // The unit: the round shows it, reading it is audited, the coordinator reopens it.
            let round = try await coordinator.get("/quickscans/rondes/\(setup.round.uuidString.lowercased())?toon=niet-ingediend")
            #expect(round.text.contains("Rotterdam") && !round.text.contains(">Zoetermeer<") && round.text.contains("50 %"))
            #expect(try await coordinator.get(path).text.contains("U leest de antwoorden van deze gemeente"))
            _ = try await coordinator.get("/quickscans/rondes/\(setup.round.uuidString.lowercased())")
            let reopened = try await coordinator.post(path.replacingOccurrences(of: "/gemeenten/GM0637", with: "/gemeenten/GM0637/heropening"), form: [])
            #expect(reopened.status == .seeOther)
            #expect(try await first.get(path).text.contains("name=\"_geladen\""), "editable again")
            let audit = AuditStore(database: database)
            #expect(try await audit.search(AuditFilter(action: .responseSubmitted), page: PageRequest()).total == 1)
            #expect(try await audit.search(AuditFilter(action: .responseReopened), page: PageRequest()).total == 1)
            #expect(try await audit.search(AuditFilter(action: .responseRead), page: PageRequest()).total >= 1)
            _ = gina
        }
    }

    @Test("a revoked link stops at once and a new one works; an expired link is refused; the official's own list leads to the response",
          arguments: TestEngine.available)
    func links(engine: TestEngine) async throws {
        let clock = TestClock()
        try await TestApp.with(engine, clock: clock) { client, database in
            try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            try await TestApp.user(database, email: "rob@rotterdam.example", organisation: "GM0599", role: .municipalOfficial)
            var coordinator = Browser(client)
            try await coordinator.signIn("c@ess.example")
            let setup = try await Self.field(&coordinator, database: database, clock: clock)
            let base = "/quickscans/rondes/\(setup.round.uuidString.lowercased())"
            var rob = Browser(client)
            try await rob.signIn("rob@rotterdam.example")
            let own = try await rob.get("/quickscans")
            #expect(own.text.contains("Quickscan 2027") && own.text.contains(base + "/gemeenten/GM0599"))

            _ = try await coordinator.get(base)
            #expect(try await coordinator.post(base + "/gemeenten/GM0599/intrekking", form: []).status == .seeOther)
            #expect(try await rob.get(setup.rotterdam).status == .conflict, "revoked")
            #expect(try await rob.get(base + "/gemeenten/GM0599").status == .conflict, "the response too, until a new link")
            _ = try await coordinator.get(base)
            let reissued = try await coordinator.post(base + "/gemeenten/GM0599/uitnodiging", form: [])
            let fresh = try #require(try Self.links(in: reissued.text).first)
            #expect(fresh != setup.rotterdam && reissued.headers[.cacheControl] == "no-store")
            #expect(try await rob.get(fresh).status == .found)
            #expect(try await rob.get(setup.rotterdam).status == .notFound, "the old link is gone")

            clock.advance(by: 16 * 86_400)
            rob = Browser(client)
            try await rob.signIn("rob@rotterdam.example")
            let expired = try await rob.get(fresh)
            #expect(expired.status == .conflict && expired.text.contains("verlopen"))
            let audit = AuditStore(database: database)
            #expect(try await audit.search(AuditFilter(action: .invitationRevoked), page: PageRequest()).total == 1)
            #expect(try await audit.search(AuditFilter(action: .invitationReissued), page: PageRequest()).total == 1)
        }
    }

    @Test("with a mail server, each target's link goes to its officials (not to the coordinator's screen); a municipality without officials gets its link shown")
    func linksByMail() async throws {
        let clock = TestClock()
        let variables = ["STEUNPUNT_SMTP_URL": "smtp://127.0.0.1:2525", "STEUNPUNT_PUBLIC_URL": "http://steunpunt.test"]
        try await TestApp.with(.sqlite, clock: clock, environment: variables) { client, database in
            try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina de Gemeente")
            var coordinator = Browser(client)
            try await coordinator.signIn("c@ess.example")
            let instrument = try #require(try await InstrumentStore(database: database).list().first)
            _ = try await coordinator.get("/quickscans/rondes/nieuw")
            let created = try await coordinator.post("/quickscans/rondes", form: [
                ("titel", "Quickscan 2027"), ("vragenlijst", "\(instrument.instrumentID.uuidString)/\(instrument.version)"),
                ("opent", Round.day(of: clock.now)), ("sluit", Round.day(of: clock.now.addingTimeInterval(14 * 86_400))), ("gemeenten", "GM0637 GM0599")])
            #expect(created.status == .created && created.text.contains("Gemaild aan 1 medewerker(s)"))
            let shown = try Self.links(in: created.text)
            #expect(shown.count == 1, "only Rotterdam's link, which has no officials here, is shown")
            let mails = try await MailOutboxStore(database: database, box: TestApp.box).list(recipient: "gina@zoetermeer.example")
            let mail = try #require(mails.first)
            #expect(mails.count == 1 && mail.subject == "Uitnodiging: Quickscan 2027" && mail.body.contains("Beste Gina de Gemeente"))
            let link = try #require(mail.body.firstMatch(of: try Regex(#"http://steunpunt\.test(/quickscan/qs_[A-Za-z0-9_\-]+)"#)))
            var gina = Browser(client)
            try await gina.signIn("gina@zoetermeer.example")
            let opened = try await gina.get(String(link.output[1].substring ?? ""))
            #expect(opened.status == .found && opened.headers[.location]?.hasSuffix("/gemeenten/GM0637") == true)
        }
    }
}
