import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Toolbox in storage: versions, visibility in the queries, Dutch search alike on both engines")
struct OfferingStoreTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    static func draft(_ title: String, summary: String, body: String = "", kind: OfferingKind = .guide, audiences: [Audience] = [.municipalities],
                      needs: [NeedCode] = [], provider: OrganisationID = .expertiseUnit, status: OfferingStatus = .available,
                      expectedOn: String = "", visibility: Visibility = .publicAccess) throws -> OfferingDraft.Valid {
        try OfferingDraft(kind: kind.rawValue, title: title, summary: summary, body: body, audiences: audiences.map(\.rawValue),
                          needs: needs.map(\.rawValue), provider: provider.rawValue, status: status.rawValue, expectedOn: expectedOn,
                          visibility: visibility.rawValue).validated(knownNeeds: Set(Need.shipped.map(\.code)))
    }

    /// A small corpus that tells the letter, filed by one unit advisor.
    struct Corpus {
        let store: OfferingStore
        let author: User
        let guide: Offering, trainings: Offering, mosques: Offering, research: Offering, unitFormat: Offering, members: Offering
    }

    static func corpus(_ database: Database) async throws -> Corpus {
        let author = try await IdentityStoreTests.makeUser(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
        let store = OfferingStore(database: database)
        func add(_ valid: OfferingDraft.Valid) async throws -> Offering { try await store.create(valid, id: UUID(), by: author.id, at: now) }
        return Corpus(
            store: store, author: author,
            guide: try await add(try draft("Handreiking aanpak radicalisering", summary: "Een brede preventieve aanpak voor gemeenten.",
                                           body: "Coördinatie tussen jeugdwerkers en wijkteams.", needs: [.preventiveApproach], provider: .nctv)),
            trainings: try await add(try draft("Trainingen voor sleutelfiguren", summary: "Training van professionals en sleutelfiguren.",
                                               kind: .training, audiences: [.professionals, .keyFigures], needs: [.training])),
            mosques: try await add(try draft("Discriminatoire incidenten rond moskeeën", summary: "Wat te doen bij incidenten.",
                                             audiences: [.municipalities, .mosques], needs: [.discriminatoryIncident], status: .inDevelopment,
                                             expectedOn: "2027-03-01")),
            research: try await add(try draft("Onderzoek naar triggerfactoren", summary: "Maatregel 25f: welke factoren spelen mee.",
                                              kind: .researchReport, status: .withdrawn)),
            unitFormat: try await add(try draft("Werkwijze advies op maat", summary: "Interne werkwijze van de unit voor een training.",
                                              kind: .adviceFormat, visibility: .unitOnly)),
            members: try await add(try draft("Netwerk van gemeenten", summary: "Lerend netwerk voor ingelogde gebruikers.",
                                             kind: .learningNetwork, visibility: .signedIn)))
    }

    @Test("Dutch search: case and diacritics, singular and plural, a word's beginning, every word required", arguments: TestEngine.available)
    func dutchSearch(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let c = try await Self.corpus(database)
            func hits(_ text: String, reach: Visibility = .publicAccess, _ filter: OfferingFilter = OfferingFilter()) async throws -> Set<UUID> {
                var filter = filter
                filter.text = text
                return Set(try await c.store.search(filter, reach: reach, page: PageRequest(size: 50)).items.map(\.id))
            }
            #expect(try await hits("COORDINATIE") == [c.guide.id], "case and diacritics ignored (Coördinatie)")
            #expect(try await hits("training") == [c.trainings.id], "singular finds the plural title (Trainingen)")
            #expect(try await hits("sleutelfiguur") == [c.trainings.id], "sleutelfiguur and sleutelfiguren share a stem")
            #expect(try await hits("moskee") == [c.mosques.id], "moskee finds moskeeën")
            #expect(try await hits("gemeente") == [c.guide.id], "gemeenten in the summary")
            #expect(try await hits("jeugd*") == [c.guide.id], "a word inside a compound, by its beginning (jeugdwerkers)")
            #expect(try await hits("werkers").isEmpty, "the end of a compound is not found (no decompounding on either engine)")
            #expect(try await hits("aanpak moskee").isEmpty, "every word must match")
            #expect(try await hits("triggerfactoren").isEmpty, "withdrawn offerings are left out unless asked for")
            #expect(try await hits("triggerfactoren", OfferingFilter(status: .withdrawn)) == [c.research.id])
            #expect(try await hits("training", reach: .unitOnly) == [c.trainings.id, c.unitFormat.id], "the unit also finds its own")
        }
    }

    @Test("filters: kind, audience, need, provider and status; a title hit ranks above a text hit", arguments: TestEngine.available)
    func filtersAndRanking(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let c = try await Self.corpus(database)
            func ids(_ filter: OfferingFilter, reach: Visibility = .publicAccess) async throws -> [UUID] {
                try await c.store.search(filter, reach: reach, page: PageRequest(size: 50)).items.map(\.id)
            }
            #expect(try await ids(OfferingFilter(kind: .training)) == [c.trainings.id])
            #expect(try await ids(OfferingFilter(audience: .mosques)) == [c.mosques.id])
            #expect(try await ids(OfferingFilter(need: .preventiveApproach)) == [c.guide.id])
            #expect(try await ids(OfferingFilter(provider: .nctv)) == [c.guide.id])
            #expect(try await ids(OfferingFilter(status: .inDevelopment)) == [c.mosques.id])
            #expect(try await ids(OfferingFilter()) == [c.mosques.id, c.guide.id, c.trainings.id], "without words: by title, public only")
            #expect(try await ids(OfferingFilter(), reach: .signedIn) == [c.mosques.id, c.guide.id, c.members.id, c.trainings.id])
            #expect(try await ids(OfferingFilter(text: "training"), reach: .unitOnly) == [c.trainings.id, c.unitFormat.id],
                    "in the title before in the summary")
            #expect(try await ids(OfferingFilter(text: "training", kind: .training, audience: .keyFigures, need: .training, provider: .expertiseUnit))
                    == [c.trainings.id], "words with every filter")
            #expect(try await ids(OfferingFilter(text: "training", kind: .guide)).isEmpty)
            #expect(try await ids(OfferingFilter(text: "training", audience: .mosques)).isEmpty)
            #expect(try await ids(OfferingFilter(text: "training", provider: .nctv)).isEmpty)
            #expect(try await ids(OfferingFilter(text: "training"), reach: .unitOnly) == [c.trainings.id, c.unitFormat.id])
            #expect(try await ids(OfferingFilter(text: "training", kind: .adviceFormat), reach: .unitOnly) == [c.unitFormat.id])
            #expect(try await ids(OfferingFilter(text: "fsoorttraining")).isEmpty, "facet words are not searchable")
            let found = try #require(try await c.store.search(OfferingFilter(text: "sleutelfiguren"), reach: .publicAccess, page: PageRequest()).items.first)
            #expect(found.audiences == [.professionals, .keyFigures] && found.needs == [.training])
        }
    }

    @Test("reading by slug keeps visibility in the query; saving keeps every version; a stale save is refused", arguments: TestEngine.available)
    func versionsAndVisibility(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let c = try await Self.corpus(database)
            #expect(c.guide.slug.rawValue == "handreiking-aanpak-radicalisering")
            #expect(try await c.store.get(c.unitFormat.slug, reach: .signedIn) == nil, "unit-only is not read by other users")
            #expect(try await c.store.get(c.members.slug, reach: .publicAccess) == nil, "signed-in only is not read by visitors")
            #expect(try await c.store.get(c.members.slug, reach: .signedIn)?.id == c.members.id)
            let twin = try await c.store.create(try Self.draft("Handreiking: aanpak radicalisering!", summary: "Tweede"), id: UUID(), by: c.author.id, at: Self.now)
            #expect(twin.slug.rawValue == "handreiking-aanpak-radicalisering-2", "a taken slug gets a number")
            let changed = try await c.store.update(c.guide, with: try Self.draft("Handreiking brede aanpak", summary: "Nieuwe versie.", provider: .nctv),
                                                   by: c.author.id, at: Self.now.addingTimeInterval(60))
            #expect(changed.version == 2 && changed.slug == c.guide.slug, "the address stays")
            let versions = try await c.store.versions(c.guide.id)
            #expect(versions.map(\.offering.version) == [2, 1] && versions.map(\.offering.title) == ["Handreiking brede aanpak", "Handreiking aanpak radicalisering"])
            #expect(versions[1].offering.needs == [.preventiveApproach], "an old version keeps its own needs")
            await #expect(throws: DomainError.conflict("offering_changed")) {
                _ = try await c.store.update(c.guide, with: try Self.draft("Te laat", summary: "x"), by: c.author.id, at: Self.now)
            }
            #expect(try await c.store.search(OfferingFilter(text: "brede"), reach: .publicAccess, page: PageRequest()).items.map(\.id) == [c.guide.id],
                    "the index follows the change")
            #expect(try await c.store.search(OfferingFilter(text: "jeugd*"), reach: .publicAccess, page: PageRequest()).items.isEmpty)
            await #expect(throws: DomainError.invalid([FieldError(field: "aanbieder", code: "unknown_organisation")])) {
                _ = try await c.store.create(try Self.draft("Iets", summary: "x", provider: OrganisationID("bestaat-niet")!), id: UUID(), by: c.author.id, at: Self.now)
            }
        }
    }

    @Test("a search ranks a bounded set: its newest matches, and says when there are more", arguments: TestEngine.available)
    func boundedRanking(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let c = try await Self.corpus(database)
            let small = OfferingStore(database: database, rankedCandidates: 2)
            let newer = try await small.create(try Self.draft("Training in de wijk", summary: "Nog een training."), id: UUID(), by: c.author.id, at: Self.now)
            let page = try await small.search(OfferingFilter(text: "training"), reach: .unitOnly, page: PageRequest())
            #expect(page.total == 2 && page.totalIsLowerBound, "three match; two were ranked")
            #expect(Set(page.items.map(\.id)) == [newer.id, c.unitFormat.id], "the two added last")
            let all = try await c.store.search(OfferingFilter(text: "training"), reach: .unitOnly, page: PageRequest())
            #expect(all.total == 3 && !all.totalIsLowerBound && all.items.last?.id == c.unitFormat.id, "the two title hits rank above the summary hit")
        }
    }
}

@Suite("Knowledge base in storage: links between items, both ways, within the reader's reach")
struct OfferingLinkTests {
    @Test("a question links to offerings in its order; each offering shows the question back; unknown or own links are refused",
          arguments: TestEngine.available)
    func links(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let c = try await OfferingStoreTests.corpus(database)
            func question(_ related: [OfferingSlug], title: String = "Hoe vraag ik een training aan?") throws -> OfferingDraft.Valid {
                try OfferingDraft(kind: OfferingKind.question.rawValue, title: title, summary: "Via de expertise-unit.", audiences: ["gemeenten"],
                                  provider: "szw-ess", related: related.map(\.rawValue)).validated(knownNeeds: [])
            }
            let asked = try await c.store.create(try question([c.trainings.slug, c.unitFormat.slug, c.guide.slug]), id: UUID(), by: c.author.id,
                                                 at: OfferingStoreTests.now)
            let read = try #require(try await c.store.get(asked.slug, reach: .publicAccess))
            #expect(read.related == [c.trainings.slug, c.unitFormat.slug, c.guide.slug])
            #expect(try await c.store.linked(read, reach: .publicAccess).map(\.id) == [c.trainings.id, c.guide.id], "unit-only left out, order kept")
            #expect(try await c.store.linked(read, reach: .unitOnly).map(\.id) == [c.trainings.id, c.unitFormat.id, c.guide.id])
            #expect(try await c.store.linked(c.guide, reach: .publicAccess).map(\.id) == [asked.id], "the guide shows the question back")
            await #expect(throws: DomainError.invalid([FieldError(field: "gerelateerd", code: "unknown_offering")])) {
                _ = try await c.store.create(try question([OfferingSlug("bestaat-niet")!], title: "Andere vraag"), id: UUID(), by: c.author.id,
                                             at: OfferingStoreTests.now)
            }
            await #expect(throws: DomainError.invalid([FieldError(field: "gerelateerd", code: "related_to_self")])) {
                _ = try await c.store.update(read, with: try question([asked.slug]), by: c.author.id, at: OfferingStoreTests.now)
            }
            let changed = try await c.store.update(read, with: try question([c.guide.slug]), by: c.author.id, at: OfferingStoreTests.now)
            #expect(try await c.store.get(changed.slug, reach: .publicAccess)?.related == [c.guide.slug])
            #expect(try await c.store.linked(c.trainings, reach: .publicAccess).isEmpty, "a removed link is gone both ways")
            let faq = try await c.store.search(OfferingFilter(kind: .question), reach: .publicAccess, page: PageRequest())
            #expect(faq.items.map(\.id) == [asked.id], "questions are found by their kind")
        }
    }
}

@Suite("Toolbox listings without words: the list rows' copies follow every change")
struct OfferingListingTests {
    @Test("a listing by need or audience follows a change of title, visibility and status", arguments: TestEngine.available)
    func listingFollowsChanges(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let c = try await OfferingStoreTests.corpus(database)
            func titles(_ filter: OfferingFilter, reach: Visibility = .publicAccess) async throws -> [String] {
                try await c.store.search(filter, reach: reach, page: PageRequest()).items.map(\.title)
            }
            let second = try await c.store.create(try OfferingStoreTests.draft("Aanpak in de wijk", summary: "Tweede voor dezelfde behoefte.",
                                                                               needs: [.preventiveApproach]), id: UUID(), by: c.author.id, at: OfferingStoreTests.now)
            #expect(try await titles(OfferingFilter(need: .preventiveApproach)) == ["Aanpak in de wijk", "Handreiking aanpak radicalisering"], "by title")
            _ = try await c.store.update(second, with: try OfferingStoreTests.draft("Zo werkt de wijkaanpak", summary: "Nieuwe titel.",
                                                                                    needs: [.preventiveApproach]), by: c.author.id, at: OfferingStoreTests.now)
            #expect(try await titles(OfferingFilter(need: .preventiveApproach)) == ["Handreiking aanpak radicalisering", "Zo werkt de wijkaanpak"])
            let hidden = try await c.store.update(c.guide, with: try OfferingStoreTests.draft("Handreiking aanpak radicalisering", summary: "Intern.",
                                                  needs: [.preventiveApproach], visibility: .unitOnly), by: c.author.id, at: OfferingStoreTests.now)
            #expect(try await titles(OfferingFilter(need: .preventiveApproach)) == ["Zo werkt de wijkaanpak"], "unit-only is out of a visitor's list")
            #expect(try await titles(OfferingFilter(need: .preventiveApproach), reach: .unitOnly).count == 2)
            _ = try await c.store.update(hidden, with: try OfferingStoreTests.draft("Handreiking aanpak radicalisering", summary: "Ingetrokken.",
                                         needs: [.preventiveApproach], status: .withdrawn, visibility: .unitOnly), by: c.author.id, at: OfferingStoreTests.now)
            #expect(try await titles(OfferingFilter(need: .preventiveApproach), reach: .unitOnly) == ["Zo werkt de wijkaanpak"], "withdrawn is out")
            #expect(try await titles(OfferingFilter(need: .preventiveApproach, status: .withdrawn), reach: .unitOnly) == ["Handreiking aanpak radicalisering"])
            #expect(try await titles(OfferingFilter(audience: .keyFigures, need: .training)) == ["Trainingen voor sleutelfiguren"], "need drives, audience filters")
            #expect(try await titles(OfferingFilter(kind: .training, audience: .keyFigures)) == ["Trainingen voor sleutelfiguren"])
        }
    }
}
