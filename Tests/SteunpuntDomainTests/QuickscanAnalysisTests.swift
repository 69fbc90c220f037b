import Foundation
@testable import SteunpuntDomain
import Testing

@Suite("Quickscan analysis: checked against a fixture computed by hand")
struct QuickscanAnalysisTests {
    static let instrument = Instrument(title: "Toets", sections: [Section(key: "deel", title: "Deel", questions: [
        Question(key: "q1", text: "Schaal", type: .scale, dimension: .capacity, scaleLabels: ["1", "2", "3", "4", "5"]),
        Question(key: "q2", text: "Keuze", type: .singleChoice, dimension: .knowledge,
                 choices: [Choice(code: "a", label: "A", score: 100), Choice(code: "b", label: "B", score: 0)]),
        Question(key: "q3", text: "Behoeften", type: .needsChecklist, dimension: .needs, required: false),
    ])])

    static func response(_ code: String, _ province: Province, _ population: Int, _ scale: Int, _ choice: String, _ needs: [NeedCode])
        -> (municipality: Municipality, answers: Answers) {
        (Municipality(code: MunicipalityCode(code)!, name: code, province: province, population: population),
         Answers(["q1": .scale(scale), "q2": .choice(choice), "q3": .needs(needs)]))
    }

    static let responses = [
        response("GM0001", .zuidHolland, 10_000, 5, "a", [.training]),
        response("GM0002", .zuidHolland, 30_000, 1, "b", [.training, .networks]),
        response("GM0003", .zuidHolland, 60_000, 3, "a", [.networks]),
        response("GM0004", .zuidHolland, 120_000, 4, "b", [.training]),
        response("GM0005", .zuidHolland, 15_000, 2, "a", []),
        response("GM0006", .groningen, 200_000, 5, "a", [.training]),
    ]

    @Test("the unit's view: every municipality, national means, groups, distributions and needs by frequency")
    func unit() throws {
        let analysis = RoundAnalysis(instrument: Self.instrument, responses: Self.responses, disclosure: .open)
        #expect(analysis.responses == 6 && analysis.municipalities.count == 6)
        #expect(analysis.municipalities[MunicipalityCode("GM0004")!] == [.capacity: 75, .knowledge: 0])
        // Capacity (100 + 0 + 50 + 75 + 25 + 100) / 6, knowledge (100 + 0 + 100 + 0 + 100 + 100) / 6.
        #expect(abs(analysis.national![.capacity]! - 350.0 / 6) < 1e-9 && abs(analysis.national![.knowledge]! - 400.0 / 6) < 1e-9)
        #expect(analysis.byProvince == [
            RoundAnalysis.Group(label: "Groningen", municipalities: 1, scores: [.capacity: 100, .knowledge: 100]),
            RoundAnalysis.Group(label: "Zuid-Holland", municipalities: 5, scores: [.capacity: 50, .knowledge: 60]),
        ])
        #expect(analysis.byPopulationClass.map(\.municipalities) == [2, 1, 1, 2])
        #expect(analysis.byPopulationClass.first?.scores == [.capacity: 62.5, .knowledge: 100], "GM0001 and GM0005")
        let choice = try #require(analysis.distributions.first { $0.question == "q2" })
        #expect(choice.answered == 6 && choice.counts == ["a": 4, "b": 2])
        #expect(analysis.distributions.first { $0.question == "q1" }?.counts == ["1": 1, "2": 1, "3": 1, "4": 1, "5": 2])
        #expect(analysis.needs.map(\.need) == [.training, .networks] && analysis.needs.map(\.municipalities) == [4, 2])
    }

    @Test("the analyst's view: no municipality by name, groups and counts under five suppressed")
    func analyst() {
        let analysis = RoundAnalysis(instrument: Self.instrument, responses: Self.responses, disclosure: .aggregates)
        #expect(analysis.municipalities.isEmpty)
        #expect(analysis.byProvince.map(\.scores) == [nil, nil],
                "Groningen has one municipality: hidden; Zuid-Holland too, or the national mean of six minus its five gives Groningen back")
        #expect(analysis.byPopulationClass.allSatisfy { $0.scores == nil })
        #expect(analysis.distributions.first { $0.question == "q2" }?.counts == ["a": nil, "b": nil])
        #expect(analysis.needs.map(\.municipalities) == [nil, nil])
        #expect(abs(analysis.national![.capacity]! - 350.0 / 6) < 1e-9, "the national mean of six stays")
    }
}

@Suite("Quickscan follow-up: what the answers propose")
struct FollowUpTests {
    @Test("a named need or a low score proposes a request; neither proposes nothing; low scores add the need they point to")
    func proposals() throws {
        let instrument = Instrument.starting
        let responses: [MunicipalityCode: Answers] = [
            // Knowledge (signalen-herkennen weight 2, zicht-op-netwerken) (0·2 + 25) / 3 ≈ 8.3: low → training.
            MunicipalityCode("GM0637")!: Answers(["signalen-herkennen": .scale(1), "zicht-op-netwerken": .scale(2), "budget": .scale(5),
                                                  "gewenste-ondersteuning": .needs([.networks])]),
            // Everything high, nothing named: no proposal.
            MunicipalityCode("GM0599")!: Answers(["signalen-herkennen": .scale(5), "zicht-op-netwerken": .scale(5), "budget": .scale(4)]),
            // Named needs only.
            MunicipalityCode("GM0363")!: Answers(["budget": .scale(3), "gewenste-ondersteuning": .needs([.training, .networks])]),
        ]
        let proposals = FollowUp.proposals(instrument: instrument, responses: responses)
        #expect(proposals.map(\.municipality.rawValue) == ["GM0363", "GM0637"])
        let zoetermeer = try #require(proposals.last)
        #expect(zoetermeer.namedNeeds == [.networks] && zoetermeer.needs == [.networks, .training])
        #expect(zoetermeer.lowScores.keys.sorted { $0.rawValue < $1.rawValue } == [.knowledge])
        #expect(abs((zoetermeer.lowScores[.knowledge] ?? 0) - 25.0 / 3) < 1e-9)
        #expect(proposals.first?.needs == [.training, .networks] && proposals.first?.lowScores.isEmpty == true, "budget 3 scores 50: not low")
    }

    @Test("a confirmed proposal files a quickscan request naming the round, the scores, the needs and the offerings, and passes validation")
    func draft() throws {
        let proposal = FollowUpProposal(municipality: MunicipalityCode("GM0637")!, needs: [.networks, .training], namedNeeds: [.networks],
                                        lowScores: [.knowledge: 25])
        let round = Round(id: UUID(), title: "Quickscan 2027", instrumentID: UUID(), instrumentVersion: 1, opensOn: "2027-01-04", closesOn: "2027-02-26",
                          createdAt: Date())
        let draft = FollowUp.draft(proposal, round: round, municipalityName: "Zoetermeer", needNames: [.networks: "Toegang tot lokale netwerken"],
                                   offerings: [(title: "Training sleutelfiguren", path: "/aanbod/training-sleutelfiguren")])
        #expect(draft.channel == "quickscan" && draft.requester == "GM0637" && draft.needs == [NeedCode.networks.rawValue, NeedCode.training.rawValue])
        #expect(draft.description.contains("Quickscan 2027") && draft.description.contains("Kennis 25")
                && draft.description.contains("Toegang tot lokale netwerken") && draft.description.contains("/aanbod/training-sleutelfiguren"))
        let valid = try draft.validated(knownNeeds: Set(Need.shipped.map(\.code)))
        #expect(valid.channel == .quickscan)
    }
}

@Suite("Quickscan layout: answers by position give what the key-wise rules give")
struct QuickscanLayoutTests {
    @Test("shown questions, scores and named needs agree with isShown, scores and namedNeeds, conditions included")
    func agrees() {
        let instrument = Instrument.starting
        let layout = Instrument.Layout(instrument)
        let cases: [Answers] = [
            Answers(),
            Answers(["aanspreekpunt": .yesNo(true), "fte-aanspreekpunt": .number(12), "budget": .scale(2), "gewenste-ondersteuning": .needs([.training])]),
            // A stale answer to a question its condition now hides: neither counts it.
            Answers(["aanspreekpunt": .yesNo(false), "fte-aanspreekpunt": .number(40), "signalen-herkennen": .scale(5),
                     "handreiking-bekend": .choices(["handreiking", "trainingen"]), "getrainde-professionals": .number(3)]),
        ]
        for answers in cases {
            let values = layout.values(answers)
            let shown = layout.shown(values)
            #expect(zip(layout.questions, shown).filter(\.1).map(\.0.key) == instrument.shownQuestions(given: answers).map(\.key))
            #expect(layout.scores(values, shown: shown, in: instrument) == instrument.scores(answers))
            #expect(layout.namedNeeds(values, shown: shown) == instrument.namedNeeds(answers))
        }
        let hidden = layout.shown(layout.values(cases[2]))
        #expect(hidden[layout.questions.firstIndex { $0.key == "fte-aanspreekpunt" }!] == false)
    }
}
