import Foundation

extension Instrument {
    /// What one answer scores (0–100), or nil when the question is not scored or the
    /// chosen options carry no score.
    public func score(of question: Question, _ answer: AnswerValue) -> Double? {
        guard question.isScored else { return nil }
        let choices = question.choices ?? []
        func choiceScore(_ code: String) -> Double? { choices.first { $0.code == code }?.score }
        switch (question.type, answer) {
        case (.singleChoice, .choice(let code)): return choiceScore(code)
        case (.multipleChoice, .choices(let codes)): return min(100, codes.compactMap(choiceScore).reduce(0, +))
        case (.yesNo, .yesNo(let yes)): return choiceScore(yes ? "ja" : "nee")
        case (.scale, .scale(let value)): return Double(value - 1) * 25
        case (.number, .number(let value)): return question.bands?.first { $0.upTo == nil || value <= $0.upTo! }?.score
        default: return nil
        }
    }

    /// Each scored dimension's score (0–100): the weighted mean of the scores of the shown,
    /// answered, scored questions in it; a dimension without any is left out.
    public func scores(_ answers: Answers) -> [Dimension: Double] {
        scores(answers, shown: shownQuestions(given: answers))
    }

    /// `scores` for the questions `shown` (computed once by a caller that needs them twice).
    func scores(_ answers: Answers, shown: [Question]) -> [Dimension: Double] {
        var sums: [Dimension: (weighted: Double, weights: Double)] = [:]
        for question in shown {
            guard let answer = answers[question.key], let score = score(of: question, answer) else { continue }
            let weight = question.weight ?? 1
            sums[question.dimension, default: (0, 0)].weighted += score * weight
            sums[question.dimension, default: (0, 0)].weights += weight
        }
        return sums.compactMapValues { $0.weights > 0 ? $0.weighted / $0.weights : nil }
    }

    /// The needs the answers name: every needs checklist answer that is shown.
    public func namedNeeds(_ answers: Answers) -> [NeedCode] {
        namedNeeds(answers, shown: shownQuestions(given: answers))
    }

    func namedNeeds(_ answers: Answers, shown: [Question]) -> [NeedCode] {
        var result: [NeedCode] = []
        for question in shown {
            if case .needs(let needs)? = answers[question.key] {
                for need in needs where !result.contains(need) { result.append(need) }
            }
        }
        return result
    }
}
