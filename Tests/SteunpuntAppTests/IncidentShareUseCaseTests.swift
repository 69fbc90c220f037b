import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: sharing incidents with partner organisations")
struct IncidentShareUseCaseTests {
    @Test("""
        a partner reads only what is shared with it, while it is: shared with the police, its staff list and read it (audited) and are told; \
        another police unit, another municipality, the unit and an analyst read nothing; ending the share ends the reading; only partner kinds \
        and active organisations can be shared with; a partner never changes or shares it, nor sees with whom else it is shared
        """, arguments: TestEngine.available)
    func partners(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let organisations = OrganisationStore(database: database)
            for organisation in [Organisation(id: OrganisationID("politie-den-haag")!, name: "Politie eenheid Den Haag", kind: .police),
                                 Organisation(id: OrganisationID("politie-rotterdam")!, name: "Politie eenheid Rotterdam", kind: .police),
                                 Organisation(id: OrganisationID("adv-haaglanden")!, name: "Antidiscriminatievoorziening Haaglanden", kind: .antiDiscriminationBureau),
                                 Organisation(id: OrganisationID("moskee-oud")!, name: "Stichting Moskee (opgeheven)", kind: .religiousOrganisation, isActive: false),
                                 Organisation(id: OrganisationID("school-de-brug")!, name: "De Brug", kind: .school, municipality: MunicipalityCode("GM0637"))] {
                try await organisations.create(organisation, at: Date())
            }
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))
            let service = IncidentUseCaseTests.service(database, clock: clock)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            let delft = try await MeetingUseCaseTests.user(database, "GM0503", .municipalOfficial)
            let police = try await MeetingUseCaseTests.user(database, "politie-den-haag", .partnerStaff)
            let otherPolice = try await MeetingUseCaseTests.user(database, "politie-rotterdam", .partnerStaff)
            let adv = try await MeetingUseCaseTests.user(database, "adv-haaglanden", .partnerStaff)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            let analyst = try await MeetingUseCaseTests.user(database, "nctv", .nationalAnalyst)
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }
            func listed(_ user: User) async throws -> [UUID] { try await service.list(.init(), page: PageRequest(), actor: actor(user)).items.map(\.id) }

            let incident = try await service.register(IncidentUseCaseTests.mosque, actor: actor(official))
            let id = incident.id.uppercasedText
            #expect(try await listed(police).isEmpty)
            await #expect(throws: DomainError.notFound) { _ = try await service.read(id, actor: actor(police)) }

            // Only the unit and active partner organisations; every problem named on the field.
            for target in ["school-de-brug", "moskee-oud", "nctv", "bestaat-niet", "Politie!"] {
                let refused = await IncidentUseCaseTests.asyncProblems { _ = try await service.share(id, with: target, true, version: nil, actor: actor(official)) }
                #expect(refused == ["organisatie:invalid_share_organisation"], "\(target)")
            }
            await #expect(throws: DomainError.notFound) { _ = try await service.share(id, with: "politie-den-haag", true, version: nil, actor: actor(police)) }
            await #expect(throws: DomainError.forbidden) { _ = try await service.sharePartners(actor: actor(police)) }
            let choices = try await service.sharePartners(actor: actor(official)).map(\.id)
            #expect(choices == ["szw-ess", "adv-haaglanden", "politie-den-haag", "politie-rotterdam"], "\(choices)")

            let shared = try await service.share(id, with: "politie-den-haag", true, version: 1, actor: actor(official))
            #expect(shared.version == 2 && shared.sharedWith.map(\.rawValue) == ["politie-den-haag"] && !shared.sharedWithUnit)
            let again = try await service.share(id, with: "politie-den-haag", true, version: nil, actor: actor(official))
            #expect(again.version == 2, "sharing what is shared changes nothing")
            _ = try await service.share(id, with: "adv-haaglanden", true, version: nil, actor: actor(official))

            let (byPolice, byADV) = (try await listed(police), try await listed(adv))
            #expect(byPolice == [incident.id] && byADV == [incident.id])
            let (byOtherPolice, byDelft, byUnit) = (try await listed(otherPolice), try await listed(delft), try await listed(advisor))
            #expect(byOtherPolice.isEmpty && byDelft.isEmpty && byUnit.isEmpty)
            await #expect(throws: DomainError.notFound) { _ = try await service.read(id, actor: actor(otherPolice)) }
            await #expect(throws: DomainError.notFound) { _ = try await service.read(id, actor: actor(advisor)) }
            await #expect(throws: DomainError.forbidden) { _ = try await service.list(.init(), page: PageRequest(), actor: actor(analyst)) }
            await #expect(throws: DomainError.forbidden) { _ = try await service.figures(year: 2026, kind: nil, actor: actor(police)) }
            await #expect(throws: DomainError.forbidden) { _ = try await service.report(year: 2026, actor: actor(police)) }

            let read = try await service.read(id, actor: actor(police))
            #expect(read.incident.description == IncidentUseCaseTests.mosque.description && !read.mayKeep && !read.mayFollowRequest && read.shares.isEmpty)
            let sharesSeen = read.history.compactMap { event -> String? in
                switch event.change {
                case .shared(let organisation), .unshared(let organisation): organisation.rawValue
                default: nil
                }
            }
            #expect(sharesSeen == ["politie-den-haag"], "the police do not see that the anti-discrimination service reads it too")
            await #expect(throws: DomainError.forbidden) {
                _ = try await service.update(id, with: IncidentUpdate(status: "afgesloten"), version: nil, actor: actor(police))
            }
            await #expect(throws: DomainError.forbidden) { _ = try await service.share(id, with: "politie-rotterdam", true, version: nil, actor: actor(police)) }
            await #expect(throws: DomainError.forbidden) { _ = try await service.shares(of: id, actor: actor(police)) }
            await #expect(throws: DomainError.forbidden) {
                _ = try await service.askHelp(id, question: "Kan de unit helpen?", version: nil, actor: actor(police))
            }

            // The police's staff were told, by number and municipality; the official who shared was not.
            let notices = NotificationStore(database: database)
            let told = try await notices.list(user: police.id, page: PageRequest()).items
            #expect(told.map(\.kind) == [RequestNotice.Kind.incidentShared.rawValue] && told.first?.subject == .incident
                    && told.first?.objectID == id && told.first?.number == incident.number && told.first?.title == "Zoetermeer")
            #expect(try await notices.list(user: official.id, page: PageRequest()).items.isEmpty)
            #expect(try await notices.list(user: otherPolice.id, page: PageRequest()).items.isEmpty)

            // Ended: the police read it no more; the anti-discrimination service still does; shared again, a new share.
            clock.advance(by: 3_600)
            let ended = try await service.share(id, with: "politie-den-haag", false, version: nil, actor: actor(official))
            #expect(ended.sharedWith.map(\.rawValue) == ["adv-haaglanden"])
            let (afterPolice, afterADV) = (try await listed(police), try await listed(adv))
            #expect(afterPolice.isEmpty && afterADV == [incident.id])
            await #expect(throws: DomainError.notFound) { _ = try await service.read(id, actor: actor(police)) }
            clock.advance(by: 3_600)
            _ = try await service.share(id, with: "politie-den-haag", true, version: nil, actor: actor(official))
            let shares = try await service.shares(of: id, actor: actor(official)).shares
            #expect(shares.map(\.organisation.rawValue) == ["adv-haaglanden", "politie-den-haag", "politie-den-haag"]
                    || shares.map(\.organisation.rawValue) == ["politie-den-haag", "adv-haaglanden", "politie-den-haag"])
            let police1 = shares.filter { $0.organisation.rawValue == "politie-den-haag" }
            #expect(police1.count == 2 && police1[0].revokedBy == official.id && police1[0].revokedAt == clock.now.addingTimeInterval(-3_600)
                    && police1[1].isStanding && police1[1].sharedAt == clock.now)

            let trail = try await AuditStore(database: database).search(AuditFilter(), page: PageRequest(size: 100)).items.map(\.event)
            #expect(trail.filter { $0.action == .incidentShared }.compactMap(\.objectID).sorted()
                    == ["\(id)/adv-haaglanden", "\(id)/politie-den-haag", "\(id)/politie-den-haag"])
            #expect(trail.filter { $0.action == .incidentUnshared }.compactMap(\.objectID) == ["\(id)/politie-den-haag"])
            #expect(trail.filter { $0.action == .incidentRead && $0.actor == police.id }.count == 1)
            #expect(trail.filter { $0.action == .incidentListRead && $0.actor == police.id }.count == 3)
        }
    }

    @Test("an incident shared with one partner and asked about at the unit: the unit reads it for the request, the partner for the share, and neither sees the other's share",
          arguments: TestEngine.available)
    func unitAndPartner(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            try await OrganisationStore(database: database).create(Organisation(id: OrganisationID("adv-haaglanden")!, name: "ADV Haaglanden",
                                                                                kind: .antiDiscriminationBureau), at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))
            let service = IncidentUseCaseTests.service(database, clock: clock)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            let adv = try await MeetingUseCaseTests.user(database, "adv-haaglanden", .partnerStaff)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }
            let incident = try await service.register(IncidentUseCaseTests.mosque, actor: actor(official))
            let id = incident.id.uppercasedText
            _ = try await service.share(id, with: "adv-haaglanden", true, version: nil, actor: actor(official))
            _ = try await service.askHelp(id, question: "Hoe organiseren wij een gesprek met de gemeenschap?", version: nil, actor: actor(official))
            _ = try await service.share(id, with: "szw-ess", true, version: nil, actor: actor(official))

            let unitView = try await service.read(id, actor: actor(advisor))
            #expect(unitView.mayFollowRequest && unitView.shares.isEmpty)
            #expect(!unitView.history.contains { $0.change == .shared(OrganisationID("adv-haaglanden")!) })
            #expect(unitView.history.contains { $0.change == .shared(.expertiseUnit) })
            let partnerView = try await service.read(id, actor: actor(adv))
            #expect(!partnerView.mayFollowRequest && !partnerView.history.contains { $0.change == .shared(.expertiseUnit) })
            // Ending the unit's share leaves it the incident it was asked about.
            _ = try await service.share(id, with: "szw-ess", false, version: nil, actor: actor(official))
            #expect(try await service.read(id, actor: actor(advisor)).incident.id == incident.id)
        }
    }
}
