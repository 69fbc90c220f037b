import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The toolbox of the demo, in the project's own words after the letter: the NCTV/SZW
/// guide and the toolbox trainings, the unit's tailored advice, the School and Safety
/// helpdesk, the 10-point plan, the mosque-incidents guide and the trigger-factors research
/// (both in development), and the unit's learning circles (for signed-in users). Added
/// only when the toolbox is empty.
enum DemoToolbox {
    static func seed(_ database: Database, author: User, now: Date) async throws {
        let store = OfferingStore(database: database)
        guard try await store.search(OfferingFilter(), reach: .unitOnly, page: PageRequest(size: 1)).total == 0 else { return }
        let known = Set(Need.shipped.map(\.code))
        func add(_ kind: OfferingKind, _ title: String, _ summary: String, _ body: String, audiences: [Audience], needs: [NeedCode],
                 provider: OrganisationID, contact: String = "", status: OfferingStatus = .available, expectedOn: String = "",
                 visibility: Visibility = .publicAccess) async throws {
            let valid = try OfferingDraft(kind: kind.rawValue, title: title, summary: summary, body: body, audiences: audiences.map(\.rawValue),
                                          needs: needs.map(\.rawValue), provider: provider.rawValue, contact: contact, status: status.rawValue,
                                          expectedOn: expectedOn, visibility: visibility.rawValue).validated(knownNeeds: known)
            _ = try await store.create(valid, id: UUID(), by: author.id, at: now)
        }
        try await add(.guide, "Handreiking aanpak radicalisering voor gemeenten",
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
        try await add(.training, "Trainingen voor professionals en sleutelfiguren",
                      "Trainingen uit de toolbox van NCTV en SZW: radicalisering herkennen, het gesprek aangaan en weten wanneer u doorverwijst.",
                      """
                      De trainingen zijn er voor **professionals** (jongerenwerk, onderwijs, wijkteams) en voor **sleutelfiguren** in gemeenschappen.

                      1. Basistraining: signalen en duiding
                      2. Gespreksvaardigheden bij polariserende onderwerpen
                      3. Verdieping: samenwerken in een casusoverleg

                      Aanvragen kan via een hulpvraag in Steunpunt.
                      """,
                      audiences: [.professionals, .keyFigures], needs: [.training], provider: .nctv)
        try await add(.adviceFormat, "Advies op maat van de expertise-unit",
                      "De expertise-unit sociale stabiliteit adviseert gemeenten over hun preventieve aanpak, lokale samenwerking en toegang tot netwerken.",
                      """
                      ## Zo werkt het
                      Een gemeente stelt een hulpvraag, rechtstreeks of via het VNG-loket of de NCTV. Een adviseur van de unit verkent de vraag,
                      brengt de lokale situatie in kaart en adviseert over de aanpak. Waar nodig legt de unit verbinding met netwerken binnen
                      migrantengemeenschappen en met partners zoals de kennisfunctie Integratie & Samenleving.
                      """,
                      audiences: [.municipalities, .professionals], needs: [.preventiveApproach, .cooperation, .networks], provider: .expertiseUnit,
                      contact: "Via een hulpvraag aan de expertise-unit")
        try await add(.helpdesk, "Helpdesk School en Veiligheid",
                      "Advies en ondersteuning voor scholen bij radicalisering, spanningen en incidenten op school.",
                      "Scholen kunnen met hun vragen terecht bij de helpdesk. Waar nodig verwijst de helpdesk door naar de expertise-unit.",
                      audiences: [.schools, .professionals], needs: [.schoolSituation], provider: .schoolHelpdesk)
        try await add(.plan, "10-puntenplan preventieve aanpak sociale spanningen en radicalisering",
                      "Tien stappen voor elke gemeente die een preventieve aanpak van sociale spanningen en radicalisering wil ontwikkelen.",
                      """
                      Het plan is opgesteld door de VNG, SZW en de NCTV samen, voor **alle** gemeenten, niet alleen de gemeenten met de grootste risico's.
                      Elke stap is in Steunpunt te volgen per gemeente.
                      """,
                      audiences: [.municipalities], needs: [.preventiveApproach, .cooperation], provider: .vngDesk)
        try await add(.guide, "Handreiking discriminatoire incidenten rond moskeeën",
                      "Wat moskeeën, gemeenten, politie en antidiscriminatievoorzieningen doen bij discriminatoire incidenten rond een moskee.",
                      "Deze handreiking is in ontwikkeling. Zij beschrijft wie wat doet na een incident, hoe u elkaar informeert en hoe u spanningen in de wijk voorkomt.",
                      audiences: [.mosques, .municipalities, .police, .antiDiscrimination], needs: [.discriminatoryIncident, .socialTension],
                      provider: .expertiseUnit, status: .inDevelopment, expectedOn: DemoRequests.isoDay(now.addingTimeInterval(120 * 86_400)))
        try await add(.researchReport, "Onderzoek naar triggerfactoren in radicaliseringsprocessen (maatregel 25f)",
                      "Welke factoren zetten een radicaliseringsproces in gang of versnellen het? Onderzoek van de expertise-unit.",
                      "De eerste resultaten worden in de toolbox gepubliceerd zodra zij gereed zijn.",
                      audiences: [.municipalities, .professionals], needs: [.information], provider: .expertiseUnit,
                      status: .inDevelopment, expectedOn: DemoRequests.isoDay(now.addingTimeInterval(60 * 86_400)))
        try await add(.learningNetwork, "Leerkringen voor gemeenten",
                      "Gemeenten leren van elkaar in kleine groepen, begeleid door de expertise-unit.",
                      "Deelnemers bespreken hun aanpak en knelpunten. Aanmelden via een hulpvraag aan de expertise-unit.",
                      audiences: [.municipalities], needs: [.preventiveApproach, .cooperation], provider: .expertiseUnit, visibility: .signedIn)
    }
}
