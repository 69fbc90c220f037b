import Foundation

/// The analysis of one round as one reader may see it: per-municipality dimension scores,
/// group means by province and population class, each question's answer distribution and
/// the needs ranked by how many municipalities name them. Pure: computed from the submitted
/// responses. What a reader who may not see named results is shown follows `Disclosure`:
/// every figure rests on at least five municipalities other than the reader's own, and a
/// hidden part of a partition cannot be worked out from the total and the parts shown.
public struct RoundAnalysis: Sendable, Equatable {
    /// A group's mean score per dimension; `scores` is nil when the group is hidden.
    public struct Group: Sendable, Equatable {
        public let label: String
        public let municipalities: Int
        public let scores: [Dimension: Double]?
    }

    /// How often each option (or scale value, yes/no) was chosen among the responses that
    /// showed and answered the question; nil counts (and a nil `answered`) are hidden.
    public struct Distribution: Sendable, Equatable {
        public let question: String
        public let answered: Int?
        public let counts: [String: Int?]
    }

    public let responses: Int
    /// Per municipality; empty for readers who may not see named results.
    public let municipalities: [MunicipalityCode: [Dimension: Double]]
    /// The mean of every response; nil when it rests on too few municipalities for the reader.
    public let national: [Dimension: Double]?
    /// Empty for a municipality's reader (it sees its peers only, `byPopulationClass`).
    public let byProvince: [Group]
    /// For a municipality's reader, its own class only (its peers), and only once it has answered.
    public let byPopulationClass: [Group]
    /// Empty for a municipality's reader.
    public let distributions: [Distribution]
    /// Needs by the number of municipalities naming them, most first (ties by code); empty
    /// for a municipality's reader.
    public let needs: [(need: NeedCode, municipalities: Int?)]

    public static func == (lhs: RoundAnalysis, rhs: RoundAnalysis) -> Bool {
        lhs.responses == rhs.responses && lhs.municipalities == rhs.municipalities && lhs.national == rhs.national
            && lhs.byProvince == rhs.byProvince && lhs.byPopulationClass == rhs.byPopulationClass && lhs.distributions == rhs.distributions
            && lhs.needs.map(\.need) == rhs.needs.map(\.need) && lhs.needs.map(\.municipalities) == rhs.needs.map(\.municipalities)
    }

    public init(instrument: Instrument, responses: [(municipality: Municipality, answers: Answers)], disclosure: Disclosure) {
        // Each response as answers by position with the questions it showed, worked out once.
        let layout = Instrument.Layout(instrument)
        let values = responses.map { layout.values($0.answers) }
        let shown = values.map(layout.shown)
        let scored = responses.indices.map { index in
            (municipality: responses[index].municipality, scores: layout.scores(values[index], shown: shown[index], in: instrument))
        }
        let own = disclosure.ownUnit
        let isOwnReader = own != nil
        self.responses = responses.count
        municipalities = disclosure.isOpen ? Dictionary(scored.map { ($0.municipality.code, $0.scores) }, uniquingKeysWith: { a, _ in a }) : [:]
        national = disclosure.mean(Dictionary(scored.map { ($0.municipality.code.rawValue, $0.scores) }, uniquingKeysWith: { a, _ in a }))
        // Groups partition the responses, and the national mean is their total: a hidden
        // group must not be given back by the national mean and the groups shown.
        func groups<Key: Hashable>(_ key: (Municipality) -> Key, label: (Key) -> String, order: [Key]) -> [Group] {
            let grouped = Dictionary(grouping: scored, by: { key($0.municipality) })
            let present = order.compactMap { value in grouped[value].map { (key: value, members: $0) } }
            let visible = disclosure.partition(present.map { group in
                (units: group.members.count, includesOwn: group.members.contains { $0.municipality.code.rawValue == own })
            })
            return zip(present, visible).map { group, visible in
                Group(label: label(group.key), municipalities: group.members.count, scores: visible ? Self.mean(group.members.map(\.scores)) : nil)
            }
        }
        if isOwnReader {
            // A municipality sees its peers beside the national mean, so the rest of the
            // country (national minus peers) must be safe to show as well.
            byProvince = []
            let mine = scored.first { $0.municipality.code.rawValue == own }?.municipality
            let hasNational = national != nil
            byPopulationClass = mine.map { mine in
                let peers = scored.filter { $0.municipality.populationClass == mine.populationClass }
                let visible = disclosure.partition([(units: peers.count, includesOwn: true), (units: scored.count - peers.count, includesOwn: false)])
                return [Group(label: mine.populationClass.rawValue, municipalities: peers.count,
                              scores: visible[0] && hasNational ? Self.mean(peers.map(\.scores)) : nil)]
            } ?? []
            distributions = []
            needs = []
            return
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
            let shownAnswered = disclosure.count(answered)
            // One answer each: the options partition the number who answered.
            let exclusive = [.singleChoice, .scale, .yesNo].contains(question.type)
            let keys = counts.keys.sorted()
            let visible = exclusive ? disclosure.partition(keys.map { (units: counts[$0]!, includesOwn: false) })
                : keys.map { disclosure.count(counts[$0]!) != nil }
            return Distribution(question: question.key, answered: shownAnswered,
                                counts: Dictionary(uniqueKeysWithValues: zip(keys, visible).map { key, visible in (key, visible ? Optional(counts[key]!) : nil) }))
        }
        var needCounts: [NeedCode: Int] = [:]
        for index in values.indices {
            for need in layout.namedNeeds(values[index], shown: shown[index]) { needCounts[need, default: 0] += 1 }
        }
        needs = needCounts.sorted { ($1.value, $0.key.rawValue) < ($0.value, $1.key.rawValue) }
            .map { (need: $0.key, municipalities: disclosure.count($0.value)) }
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

    /// The group of `municipality`'s population class: its peers (scores nil when hidden).
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
