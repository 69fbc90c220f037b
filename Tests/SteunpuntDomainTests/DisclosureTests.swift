import Foundation
@testable import SteunpuntDomain
import Testing

@Suite("Disclosure: every aggregate rests on five units other than the reader's own, and no hidden part can be worked out")
struct DisclosureTests {
    typealias Fixture = QuickscanAnalysisTests

    @Test("a figure needs five units besides the reader's own; the open view shows everything")
    func threshold() {
        #expect(!Disclosure.aggregates.mayShow(count: 4) && Disclosure.aggregates.mayShow(count: 5))
        #expect(!Disclosure.own("GM0637").mayShow(count: 5, includesOwn: true), "four others and itself")
        #expect(Disclosure.own("GM0637").mayShow(count: 6, includesOwn: true) && Disclosure.own("GM0637").mayShow(count: 5, includesOwn: false))
        #expect(!Disclosure.own("GM0637").mayShow(["GM0637", "GM0001", "GM0002", "GM0003", "GM0004"]))
        #expect(Disclosure.open.mayShow(count: 1) && Disclosure.open.count(1) == 1)
        #expect(Disclosure.aggregates.count(0) == 0 && Disclosure.aggregates.count(3) == nil && Disclosure.aggregates.count(5) == 5)
    }

    @Test("while a round is open a reader who may not see named results sees no figure (two looks would give one submission away); the unit sees them; after the last day everyone sees what the threshold allows")
    func withheldWhileOpen() {
        let round = Round(id: UUID(), title: "Quickscan", instrumentID: UUID(), instrumentVersion: 1, opensOn: "2027-01-04", closesOn: "2027-02-26", createdAt: Date())
        let scores = Dictionary(uniqueKeysWithValues: (0..<9).map { ("GM000\($0)", [Dimension.capacity: Double($0 * 10)]) })
        for view in [QuickscanPolicy.AnalysisView.aggregates, .own(MunicipalityCode("GM0001")!)] {
            for day in ["2026-12-03", "2027-01-04", "2027-02-26"] {
                let rule = QuickscanPolicy.disclosure(view, of: round, on: day)
                #expect(rule.isWithheld && rule.mean(scores) == nil && rule.count(9) == nil && rule.count(0) == 0, "\(view) on \(day)")
                #expect(rule.partition([(units: 5, includesOwn: false), (units: 4, includesOwn: false)]) == [false, false])
            }
            let closed = QuickscanPolicy.disclosure(view, of: round, on: "2027-02-27")
            #expect(!closed.isWithheld && closed.mean(scores) != nil, "\(view) after the last day")
        }
        let unit = QuickscanPolicy.disclosure(.named, of: round, on: "2027-01-10")
        #expect(!unit.isWithheld && unit.mean(scores) != nil && unit.count(1) == 1)
    }

    @Test("a hidden part of a partition never stands alone, and the hidden parts together hold five units and more units than parts")
    func partition() {
        let view = Disclosure.aggregates
        func parts(_ units: [Int]) -> [(units: Int, includesOwn: Bool)] { units.map { (units: $0, includesOwn: false) } }
        #expect(view.partition(parts([5, 6, 7])) == [true, true, true])
        #expect(view.partition(parts([1, 6, 7])) == [false, false, true], "the smallest shown part is hidden with the small one")
        #expect(view.partition(parts([2, 3, 9])) == [false, false, true], "two hidden parts holding five")
        #expect(view.partition(parts([1, 1, 9, 8])) == [false, false, true, false], "two ones hold two: the next smallest (8) joins them")
        #expect(view.partition(parts([0, 3, 9])) == [true, false, false], "a zero rests on nobody and is shown")
        #expect(view.partition(parts([4])) == [false])
        #expect(Disclosure.open.partition(parts([1, 6])) == [true, true])
    }

    /// Works a hidden group out the way a reader would: the national mean times its count,
    /// minus each shown group's mean times its count. Gives a figure only when one group is hidden.
    static func differenced(_ analysis: RoundAnalysis, _ groups: [RoundAnalysis.Group], _ dimension: SteunpuntDomain.Dimension) -> Double? {
        guard let national = analysis.national?[dimension] else { return nil }
        let hidden = groups.filter { $0.scores == nil }
        guard hidden.count == 1, let group = hidden.first else { return nil }
        let rest = groups.filter { $0.scores != nil }.reduce(0.0) { $0 + ($1.scores?[dimension] ?? 0) * Double($1.municipalities) }
        return (national * Double(analysis.responses) - rest) / Double(group.municipalities)
    }

    @Test("an analyst cannot work out a small province or class from the national mean and the groups shown")
    func analystDifferencing() {
        // Six in Zuid-Holland and one in Groningen: hiding Groningen alone would give it back.
        let responses = Fixture.responses + [Fixture.response("GM0007", .zuidHolland, 40_000, 4, "a", [])]
        let analysis = RoundAnalysis(instrument: Fixture.instrument, responses: responses, disclosure: .aggregates)
        #expect(analysis.national != nil)
        for groups in [analysis.byProvince, analysis.byPopulationClass] {
            #expect(Self.differenced(analysis, groups, .capacity) == nil)
            let hidden = groups.filter { $0.scores == nil }
            #expect(hidden.isEmpty || (hidden.count >= 2 && hidden.reduce(0) { $0 + $1.municipalities } >= Disclosure.threshold))
        }
        #expect(analysis.byProvince.allSatisfy { $0.scores == nil })
    }

    @Test("with fewer than five responses an analyst sees no national mean and no counts")
    func analystFewResponses() {
        let analysis = RoundAnalysis(instrument: Fixture.instrument, responses: Array(Fixture.responses.prefix(4)), disclosure: .aggregates)
        #expect(analysis.national == nil && analysis.byProvince.allSatisfy { $0.scores == nil })
        #expect(analysis.distributions.allSatisfy { $0.answered == nil && $0.counts.values.allSatisfy { $0 == nil } })
    }

    @Test("a municipality cannot subtract its own scores from a national mean of two, or of five")
    func ownDifferencing() throws {
        let own = Disclosure.own("GM0001")
        let two = RoundAnalysis(instrument: Fixture.instrument, responses: Array(Fixture.responses.prefix(2)), disclosure: own)
        #expect(two.national == nil, "2 × mean − own would be GM0002's scores")
        let five = RoundAnalysis(instrument: Fixture.instrument, responses: Array(Fixture.responses.prefix(5)), disclosure: own)
        #expect(five.national == nil, "four others")
        let six = RoundAnalysis(instrument: Fixture.instrument, responses: Fixture.responses, disclosure: own)
        #expect(six.national != nil, "five others")
        #expect(six.municipalities.isEmpty && six.byProvince.isEmpty && six.distributions.isEmpty && six.needs.isEmpty)
        // The others' own reader, not among the responses, counts all six.
        #expect(RoundAnalysis(instrument: Fixture.instrument, responses: Array(Fixture.responses.prefix(5)), disclosure: .own("GM0999")).national != nil)
    }

    @Test("a municipality's peers are hidden when they, or the rest of the country beside them, rest on fewer than five others")
    func ownPeers() throws {
        // GM0001 (10,000 inhabitants) has one peer (GM0005) among six responses.
        let six = RoundAnalysis(instrument: Fixture.instrument, responses: Fixture.responses, disclosure: .own("GM0001"))
        #expect(six.byPopulationClass.count == 1 && six.byPopulationClass.first?.scores == nil)
        // Six small peers and three others: the peers could be shown, but national minus peers gives the three away.
        var responses = (1...6).map { Fixture.response(String(format: "GM01%02d", $0), .utrecht, 5_000 + $0, 3, "a", []) }
        responses += (1...3).map { Fixture.response(String(format: "GM02%02d", $0), .utrecht, 200_000 + $0, 5, "b", []) }
        let mine = RoundAnalysis(instrument: Fixture.instrument, responses: responses, disclosure: .own("GM0101"))
        #expect(mine.national != nil && mine.byPopulationClass.first?.municipalities == 6 && mine.byPopulationClass.first?.scores == nil)
        responses += (4...8).map { Fixture.response(String(format: "GM02%02d", $0), .utrecht, 200_000 + $0, 5, "b", []) }
        let more = RoundAnalysis(instrument: Fixture.instrument, responses: responses, disclosure: .own("GM0101"))
        #expect(more.byPopulationClass.first?.scores?[.capacity] == 50, "five peers besides itself, eight others beside them")
    }

    @Test("distributions: options of one-answer questions are hidden so that the number who answered gives none back")
    func distributions() throws {
        // q2: a chosen by six, b by one; b alone hidden would be 7 − 6.
        var responses = Fixture.responses
        responses.append(Fixture.response("GM0007", .zuidHolland, 40_000, 4, "a", []))
        responses.append(Fixture.response("GM0008", .zuidHolland, 40_000, 4, "a", []))
        responses = responses.map { item in
            var answers = item.answers.values
            answers["q2"] = .choice(item.municipality.code.rawValue == "GM0002" ? "b" : "a")
            return (municipality: item.municipality, answers: Answers(answers))
        }
        let analysis = RoundAnalysis(instrument: Fixture.instrument, responses: responses, disclosure: .aggregates)
        let choice = try #require(analysis.distributions.first { $0.question == "q2" })
        #expect(choice.answered == 8 && choice.counts == ["a": nil, "b": nil])
        #expect(RoundAnalysis(instrument: Fixture.instrument, responses: responses, disclosure: .open).distributions.first { $0.question == "q2" }?.counts
                == ["a": 7, "b": 1])
    }

    @Test("request figures: channels partition the requests filed; small counts of advised municipalities are hidden for analysts")
    func requestFigures() {
        let figures = RequestFigures(filed: 12, closed: 4, municipalitiesAdvised: 3, schoolsAdvised: 0,
                                     byChannel: [.nctv: 9, .vngDesk: 2, .schoolHelpdesk: 1], byNeed: [.training: 7, .networks: 2])
        let shown = figures.shown(to: .aggregates)
        #expect(shown.byChannel == [.nctv: nil, .vngDesk: nil, .schoolHelpdesk: nil], "2 and 1 hold three: the nine joins them")
        #expect(shown.municipalitiesAdvised == nil && shown.schoolsAdvised == 0)
        #expect(shown.byNeed == [.training: 7, .networks: nil])
        #expect(figures.shown(to: .open).byChannel == [.nctv: 9, .vngDesk: 2, .schoolHelpdesk: 1])
    }
}
