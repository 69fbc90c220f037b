import Foundation

extension Instrument {
    /// The instrument Steunpunt ships, written for this domain after the letter's
    /// quickscan: the capacity, knowledge, expertise and needs of a municipality and its
    /// local professionals, with a little context. The unit edits it as a new version.
    public static let starting: Instrument = {
        let agree = ["Helemaal niet mee eens", "Niet mee eens", "Neutraal", "Mee eens", "Helemaal mee eens"]
        let yesNo = [Choice(code: "ja", label: "Ja", score: 100), Choice(code: "nee", label: "Nee", score: 0)]
        return Instrument(
            title: "Quickscan preventie radicalisering en sociale spanningen",
            intro: "Deze quickscan brengt in kaart wat uw gemeente en de lokale professionals nodig hebben. Vul hem samen met collega's in; u kunt tussentijds opslaan.",
            sections: [
                Section(key: "context", title: "Uw gemeente", questions: [
                    Question(key: "signalen-afgelopen-jaar", text: "Heeft uw gemeente het afgelopen jaar signalen van radicalisering of sociale spanningen ontvangen?",
                             type: .singleChoice, dimension: .context,
                             choices: [Choice(code: "geen", label: "Geen"), Choice(code: "enkele", label: "Enkele"),
                                       Choice(code: "meerdere", label: "Meerdere"), Choice(code: "weet-niet", label: "Weet ik niet")]),
                    Question(key: "toelichting-context", text: "Wilt u de lokale situatie kort toelichten?",
                             help: "Noem geen namen of andere gegevens van personen.", type: .text, dimension: .context, required: false),
                ]),
                Section(key: "capaciteit", title: "Capaciteit", intro: "Wie werkt er in uw gemeente aan de aanpak, en met hoeveel tijd?", questions: [
                    Question(key: "aanspreekpunt", text: "Heeft uw gemeente een vast aanspreekpunt voor radicalisering en sociale spanningen?",
                             type: .yesNo, dimension: .capacity, choices: yesNo),
                    Question(key: "fte-aanspreekpunt", text: "Hoeveel uur per week is daarvoor beschikbaar?", type: .number, dimension: .capacity,
                             minimum: 0, maximum: 200, bands: [NumberBand(upTo: 4, score: 25), NumberBand(upTo: 16, score: 60), NumberBand(upTo: nil, score: 100)],
                             condition: Condition(question: "aanspreekpunt", values: ["ja"])),
                    Question(key: "casusoverleg", text: "Is er een casusoverleg waarin zorgen over personen worden besproken?",
                             type: .singleChoice, dimension: .capacity,
                             choices: [Choice(code: "ja-structureel", label: "Ja, structureel", score: 100), Choice(code: "ja-incidenteel", label: "Ja, als het nodig is", score: 60),
                                       Choice(code: "nee", label: "Nee", score: 0)]),
                    Question(key: "budget", text: "Er is voldoende budget voor preventieve activiteiten.", type: .scale, dimension: .capacity, scaleLabels: agree),
                ]),
                Section(key: "kennis", title: "Kennis", questions: [
                    Question(key: "signalen-herkennen", text: "Professionals in onze gemeente herkennen signalen van radicalisering.",
                             type: .scale, dimension: .knowledge, scaleLabels: agree, weight: 2),
                    Question(key: "handreiking-bekend", text: "Welke hulpmiddelen kent uw gemeente?", type: .multipleChoice, dimension: .knowledge, required: false,
                             choices: [Choice(code: "handreiking", label: "De handreiking van NCTV en SZW", score: 40),
                                       Choice(code: "tienpuntenplan", label: "Het 10-puntenplan", score: 40),
                                       Choice(code: "trainingen", label: "De trainingen uit de toolbox", score: 20)]),
                    Question(key: "zicht-op-netwerken", text: "Wij hebben zicht op de netwerken en sleutelfiguren in de wijken.",
                             type: .scale, dimension: .knowledge, scaleLabels: agree),
                ]),
                Section(key: "expertise", title: "Expertise", questions: [
                    Question(key: "getrainde-professionals", text: "Hoeveel professionals zijn het afgelopen jaar getraind?", type: .number, dimension: .expertise,
                             minimum: 0, maximum: 10_000, bands: [NumberBand(upTo: 0, score: 0), NumberBand(upTo: 10, score: 50), NumberBand(upTo: nil, score: 100)]),
                    Question(key: "ervaring-incidenten", text: "Wij weten wat te doen bij een discriminatoir incident, bijvoorbeeld rond een moskee.",
                             type: .scale, dimension: .expertise, scaleLabels: agree),
                    Question(key: "samenwerking-partners", text: "De samenwerking met politie, onderwijs en zorg is goed geregeld.",
                             type: .scale, dimension: .expertise, scaleLabels: agree),
                ]),
                Section(key: "behoeften", title: "Behoeften", intro: "Waar kan de expertise-unit u mee helpen?", questions: [
                    Question(key: "gewenste-ondersteuning", text: "Aan welke ondersteuning heeft uw gemeente behoefte?", help: "Kies alles wat van toepassing is.",
                             type: .needsChecklist, dimension: .needs, required: false),
                    Question(key: "urgentie", text: "Hoe snel is die ondersteuning nodig?", type: .singleChoice, dimension: .needs, required: false,
                             choices: [Choice(code: "nu", label: "Nu"), Choice(code: "dit-jaar", label: "Dit jaar"), Choice(code: "later", label: "Later")]),
                    Question(key: "toelichting-behoeften", text: "Toelichting op uw behoeften", help: "Noem geen namen of andere gegevens van personen.",
                             type: .text, dimension: .needs, required: false),
                ]),
            ])
    }()
}
