import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// A round's analysis as one reader may see it (`QuickscanPolicy.AnalysisView`): the unit
/// every municipality by name; a municipality its own result against the national average
/// and its peers (same population class); national analysts aggregates only, groups of
/// fewer than five suppressed. With the change since the previous round.
package struct QuickscanAnalysis: Sendable {
    package struct Own: Sendable {
        package let municipality: Municipality
        /// nil until its response is submitted.
        package let scores: [SteunpuntDomain.Dimension: Double]?
        package let previous: [SteunpuntDomain.Dimension: Double]?
        package let needs: [NeedCode]
    }

    package let round: Round
    package let instrument: Instrument
    package let view: QuickscanPolicy.AnalysisView
    package let invited: Int
    package let analysis: RoundAnalysis
    package let municipalities: [MunicipalityCode: Municipality]
    /// The round before, when there is one with responses: its national scores, and (for
    /// the unit) each municipality's.
    package struct Earlier: Sendable {
        package let round: Round
        package let responses: Int
        /// nil when it rests on too few municipalities for the reader (`Disclosure`).
        package let national: [SteunpuntDomain.Dimension: Double]?
        package let municipalities: [MunicipalityCode: [SteunpuntDomain.Dimension: Double]]
    }

    package let previous: Earlier?
    package let own: Own?
    /// The round is still open and the reader may not see named results: no figure yet.
    package let withheld: Bool
}

extension QuickscanService {
    package func analysis(_ roundID: UUID, by user: User?) async throws -> QuickscanAnalysis {
        guard let view = QuickscanPolicy.analysisView(user), let summary = try await rounds.summary(roundID),
              let instrument = try await instruments.version(summary.round.instrumentID, summary.round.instrumentVersion) else { throw DomainError.notFound }
        let round = summary.round
        let all = Dictionary(try await municipalities.all().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let today = Round.day(of: dependencies.now())
        let disclosure = QuickscanPolicy.disclosure(view, of: round, on: today)
        @Sendable func analyse(_ round: Round, _ definition: Instrument) async throws -> (RoundAnalysis, [MunicipalityCode: Answers]) {
            let answers = try await responses.submitted(round.id)
            let rows = answers.sorted { $0.key.rawValue < $1.key.rawValue }.compactMap { code, answers in all[code].map { (municipality: $0, answers: answers) } }
            return (RoundAnalysis(instrument: definition, responses: rows, disclosure: disclosure), answers)
        }
        // The round before is compared by its stored scores (or, for responses submitted
        // before scores were kept, by scoring its answers), read while this round is analysed.
        async let currentWork = analyse(round, instrument.definition)
        var previousScores: [MunicipalityCode: [SteunpuntDomain.Dimension: Double]] = [:]
        var previous: QuickscanAnalysis.Earlier?
        if let last = try await rounds.previous(before: round) {
            if let stored = try await responses.scores(last.id) {
                previousScores = stored
            } else if let definition = try await instruments.version(last.instrumentID, last.instrumentVersion)?.definition {
                previousScores = try await responses.submitted(last.id).mapValues(definition.scores)
            }
            let known = previousScores.filter { all[$0.key] != nil }
            previous = QuickscanAnalysis.Earlier(round: last, responses: known.count,
                                                 national: QuickscanPolicy.disclosure(view, of: last, on: today)
                                                    .mean(Dictionary(uniqueKeysWithValues: known.map { ($0.key.rawValue, $0.value) })),
                                                 municipalities: view == .named ? known : [:])
        }
        let (current, answers) = try await currentWork
        var own: QuickscanAnalysis.Own?
        if case .own(let code) = view {
            guard try await rounds.targets(roundID).contains(where: { $0.municipality == code }), let municipality = all[code] else { throw DomainError.notFound }
            let mine = answers[code]
            own = QuickscanAnalysis.Own(municipality: municipality, scores: mine.map(instrument.definition.scores), previous: previousScores[code],
                                        needs: mine.map(instrument.definition.namedNeeds) ?? [])
        }
        return QuickscanAnalysis(round: round, instrument: instrument.definition, view: view, invited: summary.invited, analysis: current,
                                 municipalities: all, previous: previous, own: own, withheld: disclosure.isWithheld)
    }
}
