import Foundation

extension Plan {
    /// The starting version Steunpunt ships. The ten original points of the VNG, SZW and the
    /// NCTV are not public; these are written in Steunpunt's own words from the letter of
    /// 2015 (a preventive approach for every municipality, the municipality in charge
    /// locally, cooperation, trained professionals and key figures, access to networks,
    /// tension and incidents) and the public three-phase model of the local approach. The
    /// interface calls it a starting version; the unit adapts it as a new version.
    public static let starting = Plan(
        title: "10-puntenplan preventieve aanpak sociale spanningen en radicalisering",
        introduction: """
        Dit plan is er voor alle gemeenten, niet alleen voor gemeenten met de grootste risico's. Elk punt zegt wat het van een gemeente vraagt \
        en waaraan u ziet dat het op orde is. Houd per punt bij hoe ver uw gemeente is; vraag ondersteuning waar u die nodig hebt. \
        Dit is een startversie: de expertise-unit werkt het plan bij met wat gemeenten leren.
        """,
        points: [
            PlanPoint(key: "regie", number: 1, phase: .foundation, title: "Regie en aanspreekpunt",
                      asks: "De gemeente neemt de regie op de lokale aanpak: een bestuurder is verantwoordelijk en er is een vast ambtelijk aanspreekpunt voor partners en inwoners.",
                      evidence: "Een vastgestelde portefeuilleverdeling en een taakomschrijving van het aanspreekpunt, bekend bij de partners.",
                      needs: [.preventiveApproach]),
            PlanPoint(key: "lokaal-beeld", number: 2, phase: .foundation, title: "Lokaal beeld",
                      asks: "De gemeente heeft met haar partners een actueel beeld van sociale spanningen en risico's op radicalisering in wijken en gemeenschappen, en werkt het elk jaar bij.",
                      evidence: "Een analyse van het lokale beeld van het afgelopen jaar, besproken met politie en partners.",
                      needs: [.preventiveApproach, .socialTension]),
            PlanPoint(key: "plan-van-aanpak", number: 3, phase: .foundation, title: "Plan van aanpak",
                      asks: "De gemeente legt haar aanpak vast voor preventie, signalering en persoonsgerichte aanpak, en nazorg, met doelen en wie wat doet.",
                      evidence: "Een door het college vastgesteld plan van aanpak of een paragraaf in het veiligheids- of sociaal beleid.",
                      needs: [.preventiveApproach]),
            PlanPoint(key: "samenwerking", number: 4, phase: .foundation, title: "Samenwerking met partners",
                      asks: "De gemeente maakt afspraken met politie, onderwijs, zorg, jongerenwerk en het wijkteam over wie wat doet en hoe zij elkaar informeren.",
                      evidence: "Schriftelijke samenwerkingsafspraken of een convenant, met de contactpersonen per partner als functie.",
                      needs: [.cooperation]),
            PlanPoint(key: "deskundigheid", number: 5, phase: .prevention, title: "Deskundigheid van professionals",
                      asks: "Professionals in de eerste lijn (jongerenwerk, onderwijs, wijkteams, leerplicht) herkennen signalen, kunnen ze duiden en weten waar zij ermee terechtkunnen.",
                      evidence: "Een trainingsplan en het aantal getrainde professionals per organisatie in het afgelopen jaar.",
                      needs: [.training]),
            PlanPoint(key: "sleutelfiguren", number: 6, phase: .prevention, title: "Sleutelfiguren en netwerken",
                      asks: "De gemeente onderhoudt contact met sleutelfiguren en organisaties in gemeenschappen, zoals moskeebesturen en migrantenorganisaties, en betrekt hen bij de aanpak.",
                      evidence: "Een overzicht van de netwerken waarmee de gemeente contact heeft (organisaties, geen personen) en van de gesprekken in het afgelopen jaar.",
                      needs: [.networks, .training]),
            PlanPoint(key: "meldroute", number: 7, phase: .signalling, title: "Signalering en meldroute",
                      asks: "Er is een bekende route om zorgen over radicalisering te melden, voor professionals en inwoners, met terugkoppeling aan wie meldt.",
                      evidence: "Een beschreven meldroute, bekend gemaakt bij professionals en partners.",
                      needs: [.cooperation, .information]),
            PlanPoint(key: "casusoverleg", number: 8, phase: .signalling, title: "Persoonsgerichte aanpak",
                      asks: "Zorgen over personen worden besproken in een casusoverleg met de partners, met afspraken over het delen van gegevens binnen de wet.",
                      evidence: "Een werkwijze voor het casusoverleg met een privacyparagraaf, en hoe vaak het in het afgelopen jaar bijeenkwam.",
                      needs: [.cooperation]),
            PlanPoint(key: "spanningen-en-incidenten", number: 9, phase: .signalling, title: "Spanningen en incidenten",
                      asks: "De gemeente weet wat zij doet bij maatschappelijke spanningen en bij incidenten, ook discriminatoire incidenten rond gebedshuizen: wie wordt ingelicht, wie spreekt met wie, hoe wordt gecommuniceerd.",
                      evidence: "Een draaiboek voor spanningen en incidenten, geoefend of toegepast in het afgelopen jaar.",
                      needs: [.socialTension, .discriminatoryIncident]),
            PlanPoint(key: "nazorg-en-evaluatie", number: 10, phase: .aftercare, title: "Nazorg, re-integratie en evaluatie",
                      asks: "De gemeente regelt nazorg en re-integratie met haar partners, en evalueert de aanpak elk jaar om haar bij te stellen.",
                      evidence: "Afspraken over nazorg met de partners, en een evaluatie van het afgelopen jaar met de bijstellingen die eruit volgden.",
                      needs: [.preventiveApproach, .cooperation]),
        ])
}
