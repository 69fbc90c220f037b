import Foundation

extension Instrument {
    /// The questions in order with their positions, worked out once when many responses
    /// are read (the analysis of a round): a response becomes an array of answers by
    /// position, and which questions it showed a mask, so nothing is looked up by key twice.
    /// Gives the same results as `isShown`, `scores` and `namedNeeds` (tested).
    public struct Layout: Sendable {
        public let questions: [Question]
        /// For each question with a condition, the position of the question it looks at
        /// (conditions point to an earlier question; `InstrumentCheck` refuses others).
        let source: [Int?]
        let dimensions: [Dimension] = Dimension.allCases

        public init(_ instrument: Instrument) {
            questions = instrument.questions
            let position = Dictionary(questions.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
            source = questions.map { $0.condition.flatMap { position[$0.question] } }
        }

        public func values(_ answers: Answers) -> [AnswerValue?] {
            questions.map { answers.values[$0.key] }
        }

        /// Which questions `values` shows, by position.
        public func shown(_ values: [AnswerValue?]) -> [Bool] {
            var mask = [Bool](repeating: false, count: questions.count)
            for (index, question) in questions.enumerated() {
                guard let condition = question.condition else { mask[index] = true; continue }
                guard let earlier = source[index], earlier < index, mask[earlier], let answer = values[earlier] else { continue }
                mask[index] = answer.conditionValues.contains(where: condition.values.contains)
            }
            return mask
        }

        /// Each scored dimension's weighted mean, as `Instrument.scores`.
        public func scores(_ values: [AnswerValue?], shown: [Bool], in instrument: Instrument) -> [Dimension: Double] {
            var weighted = [Double](repeating: 0, count: dimensions.count), weights = weighted
            for (index, question) in questions.enumerated() where shown[index] {
                guard let answer = values[index], let score = instrument.score(of: question, answer),
                      let slot = dimensions.firstIndex(of: question.dimension) else { continue }
                let weight = question.weight ?? 1
                weighted[slot] += score * weight
                weights[slot] += weight
            }
            var result: [Dimension: Double] = [:]
            for (slot, dimension) in dimensions.enumerated() where weights[slot] > 0 { result[dimension] = weighted[slot] / weights[slot] }
            return result
        }

        /// The needs named in shown checklists, as `Instrument.namedNeeds`.
        public func namedNeeds(_ values: [AnswerValue?], shown: [Bool]) -> [NeedCode] {
            var result: [NeedCode] = []
            for index in questions.indices where shown[index] {
                if case .needs(let needs)? = values[index] {
                    for need in needs where !result.contains(need) { result.append(need) }
                }
            }
            return result
        }
    }
}
