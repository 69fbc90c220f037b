import Foundation
@testable import SteunpuntDomain
import Testing

@Suite("Quickscan instrument: structure, conditions, answers and scoring")
struct QuickscanInstrumentTests {
    static let needs = Set(Need.shipped.map(\.code))

    @Test("the shipped instrument is valid, covers the four dimensions and survives a JSON round trip")
    func starting() throws {
        let instrument = try Instrument.starting.validated()
        #expect(Set(instrument.questions.map(\.dimension)) == Set(Dimension.allCases))
        let json = try JSONEncoder().encode(instrument)
        #expect(try JSONDecoder().decode(Instrument.self, from: json) == instrument)
    }

    @Test("every structural problem at once, on the key it concerns")
    func problems() {
        let broken = Instrument(title: " ", sections: [
            Section(key: "deel", title: "Deel", questions: [
                Question(key: "a", text: "Keuze", type: .singleChoice, dimension: .knowledge, choices: [Choice(code: "x", label: "X", score: 120)]),
                Question(key: "a", text: "Dubbel", type: .text, dimension: .context),
                Question(key: "b", text: "Schaal", type: .scale, dimension: .capacity, scaleLabels: ["laag", "hoog"]),
                Question(key: "c", text: "Later", type: .yesNo, dimension: .capacity, condition: Condition(question: "d", values: ["ja"])),
                Question(key: "d", text: "Ja of nee", type: .yesNo, dimension: .capacity),
                Question(key: "e", text: "Voorwaarde", type: .text, dimension: .context, condition: Condition(question: "b", values: ["9"])),
                Question(key: "f", text: "Tekst", type: .text, dimension: .context, choices: [Choice(code: "x", label: "X")]),
                Question(key: "g", text: "Getal", type: .number, dimension: .expertise, minimum: 10, maximum: 1, weight: 0),
            ]),
        ])
        #expect(broken.problems() == [
            FieldError(field: "instrument", code: "title_required"),
            FieldError(field: "a", code: "choices_required"), FieldError(field: "a", code: "score_out_of_range"),
            FieldError(field: "a", code: "invalid_or_duplicate_key"),
            FieldError(field: "b", code: "scale_labels_required"),
            FieldError(field: "c", code: "condition_not_earlier"),
            FieldError(field: "e", code: "condition_value_unknown"),
            FieldError(field: "f", code: "choices_not_allowed"),
            FieldError(field: "g", code: "range_reversed"), FieldError(field: "g", code: "weight_not_positive"),
        ])
    }

    @Test("a conditional question is shown only for the values named, and its answer is dropped when the condition no longer holds")
    func conditions() throws {
        let instrument = Instrument.starting
        let withContact = try instrument.answers(from: ["aanspreekpunt": ["ja"], "fte-aanspreekpunt": ["8"]], knownNeeds: Self.needs, complete: false)
        #expect(withContact["fte-aanspreekpunt"] == .number(8))
        let without = try instrument.answers(from: ["aanspreekpunt": ["nee"], "fte-aanspreekpunt": ["8"]], knownNeeds: Self.needs, complete: false)
        #expect(without["fte-aanspreekpunt"] == nil, "hidden now, so not kept")
        #expect(!instrument.shownQuestions(given: without).contains { $0.key == "fte-aanspreekpunt" })
        #expect(throws: DomainError.invalid([FieldError(field: "fte-aanspreekpunt", code: "required")])) {
            _ = try instrument.answers(from: Self.complete.merging(["fte-aanspreekpunt": []]) { $1 }, knownNeeds: Self.needs, complete: true)
        }
    }

    static let complete: [String: [String]] = [
        "signalen-afgelopen-jaar": ["enkele"], "aanspreekpunt": ["ja"], "fte-aanspreekpunt": ["16"], "casusoverleg": ["ja-incidenteel"],
        "budget": ["2"], "signalen-herkennen": ["4"], "handreiking-bekend": ["handreiking", "tienpuntenplan"], "zicht-op-netwerken": ["3"],
        "getrainde-professionals": ["0"], "ervaring-incidenten": ["1"], "samenwerking-partners": ["5"],
        "gewenste-ondersteuning": ["training-professionals-sleutelfiguren", "toegang-lokale-netwerken"],
    ]

    @Test("answers are checked all at once: options, scale, numbers with a Dutch comma, needs, privacy, required on submitting")
    func answerValidation() throws {
        let instrument = Instrument.starting
        #expect(throws: DomainError.invalid([
            FieldError(field: "signalen-afgelopen-jaar", code: "invalid_choice"), FieldError(field: "toelichting-context", code: "personal_identifier_bsn"),
            FieldError(field: "aanspreekpunt", code: "required"), FieldError(field: "casusoverleg", code: "required"), FieldError(field: "budget", code: "invalid_scale"),
            FieldError(field: "signalen-herkennen", code: "required"), FieldError(field: "zicht-op-netwerken", code: "required"),
            FieldError(field: "getrainde-professionals", code: "invalid_number"), FieldError(field: "ervaring-incidenten", code: "required"),
            FieldError(field: "samenwerking-partners", code: "required"), FieldError(field: "gewenste-ondersteuning", code: "unknown_need"),
        ])) {
            _ = try instrument.answers(from: ["signalen-afgelopen-jaar": ["veel"], "toelichting-context": ["Het gaat om BSN 111222333"], "budget": ["7"],
                                              "getrainde-professionals": ["-3"], "gewenste-ondersteuning": ["onbekend"]], knownNeeds: Self.needs, complete: true)
        }
        let answers = try instrument.answers(from: Self.complete.merging(["fte-aanspreekpunt": ["12,5"]]) { $1 }, knownNeeds: Self.needs, complete: true)
        #expect(answers["fte-aanspreekpunt"] == .number(12.5))
        #expect(instrument.namedNeeds(answers) == [.training, .networks])
    }

    @Test("dimension scores: weighted means of the shown, scored answers, checked by hand")
    func scoring() throws {
        let instrument = Instrument.starting
        let answers = try instrument.answers(from: Self.complete, knownNeeds: Self.needs, complete: true)
        let scores = instrument.scores(answers)
        // Capacity: contact yes 100, 16 hours 60, case meeting when needed 60, budget 2 → 25: (100 + 60 + 60 + 25) / 4.
        #expect(scores[.capacity] == 61.25)
        // Knowledge: recognising signals 4 → 75 with weight 2, guide + plan 80, networks 3 → 50: (150 + 80 + 50) / 4.
        #expect(scores[.knowledge] == 70)
        // Expertise: none trained 0, incidents 1 → 0, cooperation 5 → 100: 100 / 3.
        #expect(abs(scores[.expertise]! - 100.0 / 3.0) < 1e-9)
        #expect(scores[.needs] == nil && scores[.context] == nil, "no scored questions in them")
        let noContact = try instrument.answers(from: Self.complete.merging(["aanspreekpunt": ["nee"]]) { $1 }, knownNeeds: Self.needs, complete: true)
        #expect(abs(instrument.scores(noContact)[.capacity]! - 85.0 / 3.0) < 1e-9, "the hidden hours question no longer counts: (0 + 60 + 25) / 3")
    }
}
