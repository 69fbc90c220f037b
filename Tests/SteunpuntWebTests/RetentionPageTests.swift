import Foundation
import HummingbirdTesting
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Pages: destruction lists, reviewed by the coordinator and approved by an administrator")
struct RetentionPageTests {
    @Test("the coordinator excludes with a reason and hands the list on, an administrator approves, the job destroys; nobody else sees lists")
    func reviewAndApprove() async throws {
        try await TestApp.with { client, database in
            let desk = try await TestApp.user(database, email: "desk@vng.example", organisation: "vng-loket", role: .deskAgent)
            _ = try await TestApp.user(database, email: "coordinator@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            _ = try await TestApp.user(database, email: "beheer@ess.example", organisation: "szw-ess", role: .administrator)
            _ = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let requests = RequestStore(database: database)
            let filed = Date(timeIntervalSince1970: 1_583_143_200)   // 2 March 2020
            var closed: [SupportRequest] = []
            for title in ["Radicaliserende leerling", "Spanning rond de moskee"] {
                let valid = try RequestDraft(title: title, description: "Vertrouwelijk: \(title)", requester: "GM0637", municipality: "GM0637",
                                             needs: ["breed-preventieve-aanpak"], channel: "vng-loket").validated(knownNeeds: Set(Need.shipped.map(\.code)))
                let request = try await requests.create(valid, id: UUID(), desk: .vngDesk, createdBy: desk.id, at: filed,
                                                        targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 10))
                let (done, change) = try RequestWorkflow().apply(.close(outcome: .advised, reason: "Advies gegeven"), to: request, by: desk, at: filed.addingTimeInterval(86_400),
                                                                 targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 10))
                closed.append(try await requests.save(done, previous: request, change: change, at: filed.addingTimeInterval(86_400)))
            }
            let service = RetentionService(store: RetentionStore(database: database), schedule: .standard, dependencies: .live)
            #expect(try await service.round() == RetentionService.Round(listed: 2, destroyed: 0))

            var coordinator = Browser(client)
            try await coordinator.signIn("coordinator@ess.example")
            #expect(try await coordinator.get("/dashboard").text.contains("wacht op uw beoordeling (2 dossiers)"))
            let overview = try await coordinator.get("/beheer/vernietiging")
            #expect(overview.status == .ok && overview.text.contains("Afgesloten hulpvraag") && overview.text.contains("5 jaar"))
            let listPath = try #require(overview.text.firstMatch(of: /href="(\/beheer\/vernietiging\/[0-9a-f-]{36})"/)).1
            let list = try await coordinator.get(String(listPath))
            #expect(list.text.contains(closed[0].number) && list.text.contains("Zoetermeer") && !list.text.contains("Radicaliserende"),
                    "numbers and municipalities, never a title")
            let excludePath = try #require(list.text.firstMatch(of: /href="(\/beheer\/vernietiging\/[0-9a-f-]{36}\/uitzonderen\?[^"]+)"/)).1
                .replacingOccurrences(of: "&amp;", with: "&")
            let form = try await coordinator.get(excludePath)
            #expect(form.status == .ok && form.text.contains("name=\"reden\""))
            let empty = try await coordinator.post(excludePath, form: [("reden", " ")])
            #expect(empty.status == .badRequest && empty.text.contains("reden-fout"))
            let identifier = try await coordinator.post(excludePath, form: [("reden", "Klacht van burger 111222333")])
            #expect(identifier.status == .badRequest && identifier.text.contains("reden-fout"), "the privacy guard on the reason")
            #expect(try await coordinator.post(excludePath, form: [("reden", "Er loopt een Woo-verzoek")]).status == .seeOther)
            let stale = try await coordinator.post("\(listPath)/beoordeling", form: [("versie", "1")])
            #expect(stale.status == .conflict && stale.text.contains("veranderd sinds u hem opende"))
            let current = try await coordinator.get(String(listPath))
            #expect(current.text.contains("Er loopt een Woo-verzoek") && current.text.contains("uitgezonderd tot"))
            let version = try #require(current.text.firstMatch(of: /name="versie" value="(\d+)"/)).1
            let reviewed = try await coordinator.post("\(listPath)/beoordeling", form: [("versie", String(version))])
            #expect(reviewed.status == .seeOther)

            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            #expect(try await official.get("/beheer/vernietiging").status == .forbidden)
            #expect(try await official.get(String(listPath)).status == .forbidden)

            var admin = Browser(client)
            try await admin.signIn("beheer@ess.example")
            #expect(try await admin.get("/dashboard").text.contains("wacht op uw goedkeuring"))
            let approval = try await admin.get(String(listPath))
            #expect(approval.text.contains("Lijst goedkeuren") && !approval.text.contains("/uitzonderen?"))
            let adminVersion = try #require(approval.text.firstMatch(of: /name="versie" value="(\d+)"/)).1
            let noReason = try await admin.post("\(listPath)/terugsturen", form: [("versie", String(adminVersion)), ("reden", "")])
            #expect(noReason.status == .badRequest && noReason.text.contains("reden-fout"))
            #expect(try await admin.post("\(listPath)/goedkeuring", form: [("versie", String(adminVersion))]).status == .seeOther)
            #expect(try await coordinator.post("\(listPath)/beoordeling", form: [("versie", String(adminVersion))]).status == .conflict)

            #expect(try await service.round() == RetentionService.Round(listed: 0, destroyed: 1))
            let records = try await admin.get("/beheer/vernietiging/verklaringen")
            #expect(records.text.contains(closed[1].number) && !records.text.contains(closed[0].number))
            let skeleton = try #require(try await requests.get(closed[1].id, scope: .party(.vngDesk))).request
            let api = DocumentWebTests.API(client: client, database: database)
            let destroyedJSON = try await api.send(.get, "/hulpvragen/\(closed[1].id.lowercasedText)", as: desk).json()
            let keptJSON = try await api.send(.get, "/hulpvragen/\(closed[0].id.lowercasedText)", as: desk).json()
            #expect(destroyedJSON["vernietigdOp"] is String && keptJSON["vernietigdOp"] == nil, "the API says which one was destroyed")
            #expect(skeleton.title.hasPrefix("Vernietigd (VL-") && skeleton.description.isEmpty && skeleton.destroyedAt != nil)
            var deskBrowser = Browser(client)
            try await deskBrowser.signIn("desk@vng.example")
            let page = try await deskBrowser.get("/hulpvragen/\(closed[1].id.lowercasedText)")
            #expect(page.status == .ok && page.text.contains("vernietigd: de bewaartermijn was verstreken") && !page.text.contains("Vertrouwelijk"))
            #expect(!page.text.contains("name=\"actie\" value=\"heropenen\""), "a skeleton offers no steps")
            let kept = try await deskBrowser.get("/hulpvragen/\(closed[0].id.lowercasedText)")
            #expect(kept.text.contains("Vertrouwelijk: Radicaliserende leerling") && !kept.text.contains("de bewaartermijn was verstreken"))
            #expect(kept.text.contains("name=\"actie\" value=\"heropenen\""), "a closed request that is kept can be reopened")
            let trail = try await AuditStore(database: database).search(AuditFilter(), page: PageRequest(size: 100)).items.map(\.event.action)
            for action: AuditEvent.Action in [.destructionListCreated, .destructionItemExcluded, .destructionListReviewed, .destructionListApproved,
                                              .recordDestroyed, .destructionListDestroyed] {
                #expect(trail.contains(action), "\(action)")
            }
        }
    }

    @Test("a destroyed incident's page says so and offers nothing to change; the municipality keeps a closed one that is not due")
    func destroyedIncident() async throws {
        try await TestApp.with { client, database in
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let coordinator = try await TestApp.user(database, email: "coordinator@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let admin = try await TestApp.user(database, email: "beheer@ess.example", organisation: "szw-ess", role: .administrator)
            let incidents = IncidentStore(database: database)
            let then = Date(timeIntervalSince1970: 1_583_143_200)   // 2 March 2020
            let draft = IncidentDraft(kind: "discriminatoir-incident-gebedshuis", occurredOn: "2020-03-01", location: "gebedshuis", neighbourhood: "Palenstein",
                                      grounds: ["godsdienst"], nature: "vernieling-of-bekladding", setting: "openbare-ruimte", severity: "hoog",
                                      description: "Leuzen op de gevel")
            var made: [Incident] = []
            for closedAt in [then, Date()] {
                let incident = try await incidents.create(try draft.validated(today: then), municipality: MunicipalityCode("GM0637")!, id: UUID(), by: official.id, at: then)
                made.append(try await incidents.update(incident.id, with: try IncidentUpdate(status: "afgesloten", note: "Afgehandeld").validated(for: incident),
                                                       expectedVersion: nil, by: official.id, at: closedAt))
            }
            let store = RetentionStore(database: database)
            let list = try #require(try await store.collect(on: CalendarDay(of: Date()), schedule: .standard, id: UUID(), at: Date())).list
            #expect(list.items == 1)
            let audit = AuditEvent(action: .destructionListReviewed, actor: coordinator.id, occurredAt: Date())
            try await store.review(list.id, version: list.version, by: coordinator.id, at: Date(), audit: audit)
            try await store.approve(list.id, version: list.version + 1, by: admin.id, at: Date(), audit: audit)
            #expect(try await store.destroyApproved(schedule: .standard, on: CalendarDay(of: Date()), at: Date()).map(\.recordID) == [made[0].id])

            var browser = Browser(client)
            try await browser.signIn("gina@zoetermeer.example")
            let destroyed = try await browser.get("/incidenten/\(made[0].id.lowercasedText)")
            #expect(destroyed.status == .ok && destroyed.text.contains("vernietigd: de bewaartermijn was verstreken") && !destroyed.text.contains("Leuzen op de gevel"))
            #expect(!destroyed.text.contains("/behandeling\""), "no form to change it")
            let kept = try await browser.get("/incidenten/\(made[1].id.lowercasedText)")
            #expect(kept.text.contains("Leuzen op de gevel") && kept.text.contains("/behandeling\""))
        }
    }

    @Test("a list shows a network entry by reference with a link to it and a registration without a municipality; a destroyed entry's page says so and offers no change")
    func networkEntryAndRegistration() async throws {
        try await TestApp.with { client, database in
            let coordinator = try await TestApp.user(database, email: "coordinator@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let admin = try await TestApp.user(database, email: "beheer@ess.example", organisation: "szw-ess", role: .administrator)
            let organiser = try await TestApp.user(database, email: "org@nctv.example", organisation: "nctv", role: .deskAgent)
            let then = Date(timeIntervalSince1970: 1_583_143_200)   // 2 March 2020
            let valid = try NetworkEntryDraft(kind: "sleutelfiguur", name: "Y. Bakkali", role: "Imam", municipality: "GM0637", themes: [NeedCode.networks.rawValue],
                                              contactRoute: "secretariaat@moskee.example.nl", consent: "schriftelijk", consentOn: "2020-02-01",
                                              note: "Spreekt alleen via het secretariaat").validated(knownNeeds: Set(Need.shipped.map(\.code)), today: then)
            let entry = try await NetworkStore(database: database).create(valid, id: UUID(), by: coordinator.id, at: then)
            let meetings = MeetingStore(database: database)
            let meeting = try await meetings.create(try MeetingDraft(kind: "regionale-kennisbijeenkomst", title: "Bijeenkomst 2020", organiser: "nctv",
                                                                     venue: "Den Haag", startsAt: "2020-03-10T13:00", endsAt: "2020-03-10T17:00", capacity: "10",
                                                                     perOrganisation: "", offerHoldHours: "48", visibility: "ingelogd", status: "open").validated(),
                                                    id: UUID(), by: organiser.id, at: then)
            let registration = try await meetings.register(for: meeting.id, person: organiser.id, organisation: organiser.organisation, needs: "Rolstoel",
                                                           id: UUID(), at: then, check: { _, _ in })
            let store = RetentionStore(database: database)
            let list = try #require(try await store.collect(on: CalendarDay(of: Date()), schedule: .standard, id: UUID(), at: Date())).list
            #expect(list.items == 2)

            var browser = Browser(client)
            try await browser.signIn("coordinator@ess.example")
            let page = try await browser.get("/beheer/vernietiging/\(list.id.lowercasedText)")
            let reference = try #require(RetentionRecordType.networkEntry.reference(entry.id))
            #expect(page.text.contains("href=\"/netwerken/\(entry.id.lowercasedText)\">\(reference)</a>") && !page.text.contains("Bakkali"))
            #expect(page.text.contains(try #require(RetentionRecordType.registration.reference(registration.id))) && page.text.contains("—"),
                    "the NCTV's registration has no municipality")
            #expect(page.text.contains("Vermelding in het netwerkregister") && page.text.contains("Aanmelding voor een bijeenkomst"))

            let audit = AuditEvent(action: .destructionListReviewed, actor: coordinator.id, occurredAt: Date())
            try await store.review(list.id, version: list.version, by: coordinator.id, at: Date(), audit: audit)
            try await store.approve(list.id, version: list.version + 1, by: admin.id, at: Date(), audit: audit)
            #expect(try await store.destroyApproved(schedule: .standard, on: CalendarDay(of: Date()), at: Date()).count == 2)
            let destroyed = try await browser.get("/netwerken/\(entry.id.lowercasedText)")
            #expect(destroyed.status == .ok && destroyed.text.contains("Deze vermelding is op") && !destroyed.text.contains("Bakkali"))
            #expect(!destroyed.text.contains("/bewerken\""), "no change offered")
            let form = try await browser.get("/netwerken/\(entry.id.lowercasedText)/bewerken")
            #expect(form.status == .seeOther && form.headers[.location] == "/netwerken/\(entry.id.lowercasedText)", "nor a form to change it")
            let api = DocumentWebTests.API(client: client, database: database)
            let read = try await api.send(.get, "/netwerken/\(entry.id.lowercasedText)", as: coordinator)
            let shown = try #require(try read.json()["vermelding"] as? [String: Any])
            #expect(read.status == .ok && shown["vernietigdOp"] is String && (shown["naam"] as? String)?.hasPrefix("Vernietigd (VL-") == true,
                    "the API says it was destroyed")
            let register = try await browser.get("/netwerken")
            #expect(!register.text.contains(entry.id.lowercasedText), "no longer in the register")
            let change = try await browser.post("/netwerken/\(entry.id.lowercasedText)", form: [
                ("soort", "sleutelfiguur"), ("naam", "Y. Bakkali"), ("rol", "Imam"), ("gemeente", "GM0637"), ("themas", NeedCode.networks.rawValue),
                ("contactroute", "secretariaat@moskee.example.nl"), ("toestemming", "schriftelijk"), ("toestemmingOp", "2020-02-01"), ("versie", "2")])
            #expect(change.status == .conflict && change.text.contains("vernietigd volgens de bewaartermijn"), "a skeleton takes no change")
        }
    }
}
