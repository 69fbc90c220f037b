import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The toolbox of the demo, in the project's own words after the letter: the NCTV/SZW
/// guide and the toolbox trainings, the unit's tailored advice, the School and Safety
/// helpdesk, the 10-point plan, the mosque-incidents guide and the trigger-factors research
/// (both in development), and the unit's learning circles (for signed-in users); a
/// knowledge base of questions and an article linked to them, and a document with the
/// plan's ten steps. Added only when the toolbox is empty.
enum DemoToolbox {
    static func seed(_ database: Database, author: User, now: Date) async throws {
        let store = OfferingStore(database: database)
        guard try await store.search(OfferingFilter(), reach: .unitOnly, page: PageRequest(size: 1)).total == 0 else { return }
        let known = Set(Need.shipped.map(\.code))
        func add(_ kind: OfferingKind, _ title: String, _ summary: String, _ body: String, audiences: [Audience], needs: [NeedCode],
                 provider: OrganisationID, contact: String = "", status: OfferingStatus = .available, expectedOn: String = "",
                 visibility: Visibility = .publicAccess, related: [Offering] = []) async throws -> Offering {
            let valid = try OfferingDraft(kind: kind.rawValue, title: title, summary: summary, body: body, audiences: audiences.map(\.rawValue),
                                          needs: needs.map(\.rawValue), provider: provider.rawValue, contact: contact, status: status.rawValue,
                                          expectedOn: expectedOn, visibility: visibility.rawValue, related: related.map(\.slug.rawValue))
                .validated(knownNeeds: known)
            return try await store.create(valid, id: UUID(), by: author.id, at: now)
        }
        let guide = try await add(.guide, "Handreiking aanpak radicalisering voor gemeenten",
                      "Hoe een gemeente de regie neemt in de preventie van radicalisering: rollen, partners en een brede preventieve aanpak.",
                      """
                      ## Voor wie
                      Gemeenten die een lokale aanpak opzetten of aanscherpen, en de professionals met wie zij samenwerken.

                      ## Wat erin staat
                      - De rol van de gemeente: regie op lokaal niveau, waar de kennis van de sociale context zit
                      - Samenwerking met partners in het veiligheids- en sociale domein
                      - Signalen herkennen bij jongeren en volwassenen, en wat dan te doen
                      - Waar u terechtkunt voor advies: het VNG-loket, de NCTV en de expertise-unit
                      """,
                      audiences: [.municipalities, .professionals], needs: [.preventiveApproach, .cooperation], provider: .nctv)
        let trainings = try await add(.training, "Trainingen voor professionals en sleutelfiguren",
                      "Trainingen uit de toolbox van NCTV en SZW: radicalisering herkennen, het gesprek aangaan en weten wanneer u doorverwijst.",
                      """
                      De trainingen zijn er voor **professionals** (jongerenwerk, onderwijs, wijkteams) en voor **sleutelfiguren** in gemeenschappen.

                      1. Basistraining: signalen en duiding
                      2. Gespreksvaardigheden bij polariserende onderwerpen
                      3. Verdieping: samenwerken in een casusoverleg

                      Aanvragen kan via een hulpvraag in Steunpunt.
                      """,
                      audiences: [.professionals, .keyFigures], needs: [.training], provider: .nctv)
        let advice = try await add(.adviceFormat, "Advies op maat van de expertise-unit",
                      "De expertise-unit sociale stabiliteit adviseert gemeenten over hun preventieve aanpak, lokale samenwerking en toegang tot netwerken.",
                      """
                      ## Zo werkt het
                      Een gemeente stelt een hulpvraag, rechtstreeks of via het VNG-loket of de NCTV. Een adviseur van de unit verkent de vraag,
                      brengt de lokale situatie in kaart en adviseert over de aanpak. Waar nodig legt de unit verbinding met netwerken binnen
                      migrantengemeenschappen en met partners zoals de kennisfunctie Integratie & Samenleving.
                      """,
                      audiences: [.municipalities, .professionals], needs: [.preventiveApproach, .cooperation, .networks], provider: .expertiseUnit,
                      contact: "Via een hulpvraag aan de expertise-unit")
        let helpdesk = try await add(.helpdesk, "Helpdesk School en Veiligheid",
                      "Advies en ondersteuning voor scholen bij radicalisering, spanningen en incidenten op school.",
                      "Scholen kunnen met hun vragen terecht bij de helpdesk. Waar nodig verwijst de helpdesk door naar de expertise-unit.",
                      audiences: [.schools, .professionals], needs: [.schoolSituation], provider: .schoolHelpdesk)
        let plan = try await add(.plan, "10-puntenplan preventieve aanpak sociale spanningen en radicalisering",
                      "Tien stappen voor elke gemeente die een preventieve aanpak van sociale spanningen en radicalisering wil ontwikkelen.",
                      """
                      Het plan is opgesteld door de VNG, SZW en de NCTV samen, voor **alle** gemeenten, niet alleen de gemeenten met de grootste risico's.
                      Elke stap is in Steunpunt te volgen per gemeente.
                      """,
                      audiences: [.municipalities], needs: [.preventiveApproach, .cooperation], provider: .vngDesk)
        let mosques = try await add(.guide, "Handreiking discriminatoire incidenten rond moskeeën",
                      "Wat moskeeën, gemeenten, politie en antidiscriminatievoorzieningen doen bij discriminatoire incidenten rond een moskee.",
                      "Deze handreiking is in ontwikkeling. Zij beschrijft wie wat doet na een incident, hoe u elkaar informeert en hoe u spanningen in de wijk voorkomt.",
                      audiences: [.mosques, .municipalities, .police, .antiDiscrimination], needs: [.discriminatoryIncident, .socialTension],
                      provider: .expertiseUnit, status: .inDevelopment, expectedOn: DemoRequests.isoDay(now.addingTimeInterval(120 * 86_400)))
        _ = try await add(.researchReport, "Onderzoek naar triggerfactoren in radicaliseringsprocessen (maatregel 25f)",
                      "Welke factoren zetten een radicaliseringsproces in gang of versnellen het? Onderzoek van de expertise-unit.",
                      "De eerste resultaten worden in de toolbox gepubliceerd zodra zij gereed zijn.",
                      audiences: [.municipalities, .professionals], needs: [.information], provider: .expertiseUnit,
                      status: .inDevelopment, expectedOn: DemoRequests.isoDay(now.addingTimeInterval(60 * 86_400)))
        _ = try await add(.learningNetwork, "Leerkringen voor gemeenten",
                      "Gemeenten leren van elkaar in kleine groepen, begeleid door de expertise-unit.",
                      "Deelnemers bespreken hun aanpak en knelpunten. Aanmelden via een hulpvraag aan de expertise-unit.",
                      audiences: [.municipalities], needs: [.preventiveApproach, .cooperation], provider: .expertiseUnit, visibility: .signedIn)
        try await seedKnowledge(add, guide: guide, trainings: trainings, advice: advice, helpdesk: helpdesk, plan: plan, mosques: mosques)
        try await seedDocument(database, plan: plan, author: author, now: now)
    }

    /// The knowledge base: the questions desks hear most, each pointing to what helps.
    private static func seedKnowledge(_ add: (OfferingKind, String, String, String, [Audience], [NeedCode], OrganisationID, String, OfferingStatus,
                                              String, Visibility, [Offering]) async throws -> Offering,
                                      guide: Offering, trainings: Offering, advice: Offering, helpdesk: Offering, plan: Offering, mosques: Offering) async throws {
        func item(_ kind: OfferingKind, _ title: String, _ summary: String, _ body: String, needs: [NeedCode], related: [Offering]) async throws {
            _ = try await add(kind, title, summary, body, [.municipalities, .professionals], needs, .expertiseUnit, "", .available, "", .publicAccess, related)
        }
        try await item(.question, "Waar kan ik als gemeente terecht met een vraag over radicalisering?",
                       "Bij het VNG-loket, de NCTV of, voor scholen, de Helpdesk School en Veiligheid. Zij verwijzen door naar de expertise-unit als advies op maat nodig is.",
                       "Stel uw vraag in Steunpunt als hulpvraag; u kiest zelf het loket. U hoort binnen de afgesproken termijn wie uw vraag oppakt.",
                       needs: [.information], related: [advice, helpdesk])
        try await item(.question, "Hoe vraag ik een training voor professionals of sleutelfiguren aan?",
                       "Met een hulpvraag aan de expertise-unit, met de behoefte ‘training’. De unit stemt de training af op uw situatie.",
                       "Noem in de hulpvraag voor wie de training is (jongerenwerk, onderwijs, wijkteams, sleutelfiguren) en hoeveel deelnemers u verwacht.",
                       needs: [.training], related: [trainings])
        try await item(.question, "Wat doet een gemeente na een discriminatoir incident bij een moskee?",
                       "Contact leggen met het moskeebestuur, politie en de antidiscriminatievoorziening, en samen spanningen in de wijk voorkomen.",
                       "Er komt een handreiking speciaal voor deze incidenten. Tot die er is, kan de expertise-unit meedenken via een hulpvraag.",
                       needs: [.discriminatoryIncident, .socialTension], related: [mosques, advice])
        try await item(.question, "Moet mijn gemeente met het 10-puntenplan werken?",
                       "Het plan is bedoeld voor alle gemeenten, niet alleen voor gemeenten met de grootste risico’s. Elke gemeente kan er stap voor stap mee aan de slag.",
                       "In de toolbox staat een overzicht van de tien stappen als document bij het plan.",
                       needs: [.preventiveApproach], related: [plan])
        try await item(.knowledgeArticle, "Sociale spanningen en radicalisering: wat is het verschil?",
                       "Spanningen tussen groepen in een wijk zijn niet hetzelfde als radicalisering, maar kunnen er wel een voedingsbodem voor zijn.",
                       """
                       ## Sociale spanningen
                       Spanningen ontstaan tussen groepen, bijvoorbeeld na een incident of door gebeurtenissen elders in de wereld. Zij vragen om
                       snel contact met sleutelfiguren en zichtbaarheid van de gemeente.

                       ## Radicalisering
                       Radicalisering is een proces waarin iemand steeds verder afstand neemt van de democratische rechtsorde. Een brede preventieve
                       aanpak richt zich op weerbaarheid en op het vroeg herkennen van signalen.
                       """,
                       needs: [.socialTension, .information], related: [guide, plan])
    }

    /// The plan's ten steps in short, as a text document attached to the plan.
    private static func seedDocument(_ database: Database, plan: Offering, author: User, now: Date) async throws {
        let text = """
            De tien stappen in het kort (demonstratietekst van Steunpunt)

            1. Breng de lokale situatie en spanningen in kaart.
            2. Wijs binnen de gemeente een trekker aan.
            3. Maak afspraken met partners in het veiligheids- en sociale domein.
            4. Zorg dat professionals signalen herkennen en weten waar zij heen kunnen.
            5. Investeer in contact met sleutelfiguren en gemeenschappen.
            6. Richt een casusoverleg in voor zorgen over personen.
            7. Bereid u voor op incidenten en spanningen in de wijk.
            8. Betrek scholen en het jongerenwerk.
            9. Communiceer open over de aanpak.
            10. Evalueer en deel wat werkt met andere gemeenten.
            """
        let valid = try DocumentDraft(title: "De tien stappen in het kort", file: UploadedFile(fileName: "tien-stappen.txt", bytes: Array(text.utf8)))
            .validated(for: plan, sizeLimit: 1 << 20)
        _ = try await DocumentStore(database: database).add(valid, to: plan, id: UUID(), by: author.id, at: now)
    }
}
