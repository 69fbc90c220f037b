import Foundation

/// The analysis of one round: per-municipality dimension scores, group means by province
/// and population class, each question's answer distribution and the needs ranked by how
/// many municipalities name them. Pure: computed from the submitted responses. For readers
/// who see aggregates only (national analysts), groups of fewer than five municipalities
/// are suppressed (`SmallCells.threshold`).
public struct RoundAnalysis: Sendable, Equatable {
    /// A group's mean score per dimension; `scores` is nil when the group is suppressed.
    public struct Group: Sendable, Equatable {
        public let label: String
        public let municipalities: Int
        public let scores: [Dimension: Double]?
    }

    /// How often each option (or scale value, yes/no) was chosen among the responses that
    /// showed and answered the question; nil counts are suppressed.
    public struct Distribution: Sendable, Equatable {
        public let question: String
        public let answered: Int
        public let counts: [String: Int?]
    }

    public let responses: Int
    /// Per municipality; empty for readers who see aggregates only.
    public let municipalities: [MunicipalityCode: [Dimension: Double]]
    public let national: [Dimension: Double]
    public let byProvince: [Group]
    public let byPopulationClass: [Group]
    public let distributions: [Distribution]
    /// Needs by the number of municipalities naming them, most first (ties by code).
    public let needs: [(need: NeedCode, municipalities: Int?)]

    public static func == (lhs: RoundAnalysis, rhs: RoundAnalysis) -> Bool {
        lhs.responses == rhs.responses && lhs.municipalities == rhs.municipalities && lhs.national == rhs.national
            && lhs.byProvince == rhs.byProvince && lhs.byPopulationClass == rhs.byPopulationClass && lhs.distributions == rhs.distributions
            && lhs.needs.map(\.need) == rhs.needs.map(\.need) && lhs.needs.map(\.municipalities) == rhs.needs.map(\.municipalities)
    }

    public init(instrument: Instrument, responses: [(municipality: Municipality, answers: Answers)], suppress: Bool) {
        // Each response as answers by position with the questions it showed, worked out once.
        let layout = Instrument.Layout(instrument)
        let values = responses.map { layout.values($0.answers) }
        let shown = values.map(layout.shown)
        let scored = responses.indices.map { index in
            (municipality: responses[index].municipality, scores: layout.scores(values[index], shown: shown[index], in: instrument))
        }
        self.responses = responses.count
        municipalities = suppress ? [:] : Dictionary(scored.map { ($0.municipality.code, $0.scores) }, uniquingKeysWith: { a, _ in a })
        national = Self.mean(scored.map(\.scores))
        func groups<Key: Hashable>(_ key: (Municipality) -> Key, label: (Key) -> String, order: [Key]) -> [Group] {
            let grouped = Dictionary(grouping: scored, by: { key($0.municipality) })
            return order.compactMap { value in
                guard let members = grouped[value] else { return nil }
                let hidden = suppress && members.count < SmallCells.threshold
                return Group(label: label(value), municipalities: members.count, scores: hidden ? nil : Self.mean(members.map(\.scores)))
            }
        }
        byProvince = groups({ $0.province }, label: \.rawValue, order: Province.allCases)
        byPopulationClass = groups({ $0.populationClass }, label: \.rawValue, order: PopulationClass.allCases)
        distributions = layout.questions.indices.compactMap { position in
            let question = layout.questions[position]
            guard let options = Instrument.possibleValues(of: question) else { return nil }
            var counts: [String: Int] = Dictionary(uniqueKeysWithValues: options.map { ($0, 0) })
            var answered = 0
            for index in values.indices where shown[index][position] {
                guard let answer = values[index][position] else { continue }
                answered += 1
                switch answer {
                case .choice(let code): counts[code, default: 0] += 1
                case .choices(let codes): for code in codes { counts[code, default: 0] += 1 }
                default: for value in answer.conditionValues { counts[value, default: 0] += 1 }
                }
            }
            return Distribution(question: question.key, answered: answered,
                                counts: counts.mapValues { SmallCells.shown($0, suppress: suppress) })
        }
        var needCounts: [NeedCode: Int] = [:]
        for index in values.indices {
            for need in layout.namedNeeds(values[index], shown: shown[index]) { needCounts[need, default: 0] += 1 }
        }
        needs = needCounts.sorted { ($1.value, $0.key.rawValue) < ($0.value, $1.key.rawValue) }
            .map { (need: $0.key, municipalities: SmallCells.shown($0.value, suppress: suppress)) }
    }

    /// The mean of each dimension over the score sets that have it.
    public static func mean(_ sets: [[Dimension: Double]]) -> [Dimension: Double] {
        var sums: [Dimension: (Double, Int)] = [:]
        for set in sets {
            for (dimension, score) in set { sums[dimension, default: (0, 0)].0 += score; sums[dimension, default: (0, 0)].1 += 1 }
        }
        return sums.mapValues { $0.0 / Double($0.1) }
    }
}

extension RoundAnalysis {
    /// The scored dimensions in the order charts and tables show them.
    public static let chartDimensions: [Dimension] = Dimension.allCases.filter(\.isScored)

    /// The group of `municipality`'s population class: its peers.
    public func peers(of municipality: Municipality) -> Group? {
        byPopulationClass.first { $0.label == municipality.populationClass.rawValue }
    }

    /// The change of each score since `earlier`, for the dimensions both have.
    public static func change(_ now: [Dimension: Double], since earlier: [Dimension: Double]) -> [Dimension: Double] {
        var result: [Dimension: Double] = [:]
        for (dimension, score) in now {
            if let before = earlier[dimension] { result[dimension] = score - before }
        }
        return result
    }
}
