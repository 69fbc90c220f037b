import Foundation

/// One answer, as stored: what kind of value depends on the question's type.
public enum AnswerValue: Codable, Sendable, Equatable {
    case choice(String)
    case choices([String])
    case scale(Int)
    case number(Double)
    case yesNo(Bool)
    case text(String)
    case needs([NeedCode])

    /// The value a condition compares with (nil for values conditions cannot test).
    var conditionValues: [String] {
        switch self {
        case .choice(let code): [code]
        case .choices(let codes): codes
        case .scale(let value): [String(value)]
        case .yesNo(let yes): [yes ? "ja" : "nee"]
        case .number, .text, .needs: []
        }
    }
}

/// The answers of one response, by question key.
public struct Answers: Codable, Sendable, Equatable {
    public var values: [String: AnswerValue]

    public init(_ values: [String: AnswerValue] = [:]) {
        self.values = values
    }

    public subscript(key: String) -> AnswerValue? { values[key] }
}

extension Instrument {
    /// Whether `question` is shown given `answers`: always without a condition, otherwise
    /// when the earlier question is shown itself and its answer has one of the values.
    public func isShown(_ question: Question, given answers: Answers) -> Bool {
        guard let condition = question.condition else { return true }
        guard let earlier = self.question(condition.question), isShown(earlier, given: answers),
              let answer = answers[condition.question] else { return false }
        return !Set(answer.conditionValues).isDisjoint(with: condition.values)
    }

    /// The questions shown for `answers`, in order.
    public func shownQuestions(given answers: Answers) -> [Question] {
        questions.filter { isShown($0, given: answers) }
    }

    /// Reads typed form values (text, as forms send them) into answers; every problem at
    /// once, on the question's key. Answers to questions that are not shown are dropped,
    /// so a changed earlier answer never leaves a hidden answer counted. With `complete`
    /// (on submitting), required questions that are shown must have an answer.
    public func answers(from input: [String: [String]], knownNeeds: Set<NeedCode>, complete: Bool,
                        privacy: PrivacyGuard = .standard) throws(DomainError) -> Answers {
        var v = Validator()
        var answers = Answers()
        for question in questions {
            guard isShown(question, given: answers) else { continue }
            let raw = (input[question.key] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            if raw.isEmpty {
                if complete && question.required { v.add(question.key, "required") }
                continue
            }
            let codes = Set((question.choices ?? []).map(\.code))
            switch question.type {
            case .singleChoice:
                if raw.count == 1, codes.contains(raw[0]) { answers.values[question.key] = .choice(raw[0]) } else { v.add(question.key, "invalid_choice") }
            case .multipleChoice:
                if raw.allSatisfy(codes.contains) { answers.values[question.key] = .choices(Array(Set(raw)).sorted()) } else { v.add(question.key, "invalid_choice") }
            case .scale:
                if raw.count == 1, let value = Int(raw[0]), (1...5).contains(value) { answers.values[question.key] = .scale(value) } else { v.add(question.key, "invalid_scale") }
            case .number:
                let number = raw.count == 1 ? Double(raw[0].replacingOccurrences(of: ",", with: ".")) : nil
                if let number, number.isFinite, number >= (question.minimum ?? -.infinity), number <= (question.maximum ?? .infinity) {
                    answers.values[question.key] = .number(number)
                } else {
                    v.add(question.key, "invalid_number")
                }
            case .yesNo:
                if raw == ["ja"] || raw == ["nee"] { answers.values[question.key] = .yesNo(raw[0] == "ja") } else { v.add(question.key, "invalid_choice") }
            case .text:
                let text = raw.joined(separator: "\n")
                if Validator.length(text) > 2000 { v.add(question.key, "too_long") }
                privacy.check(text, field: question.key, into: &v)
                answers.values[question.key] = .text(text)
            case .needsChecklist:
                let needs = NeedCode.parse(raw, known: knownNeeds, field: question.key, into: &v)
                answers.values[question.key] = .needs(needs)
            }
        }
        try v.finish()
        return answers
    }
}

extension Instrument {
    /// The required questions shown for `answers` that have no answer, in order.
    public func unanswered(_ answers: Answers) -> [Question] {
        shownQuestions(given: answers).filter { $0.required && answers[$0.key] == nil }
    }

    /// Refuses to submit `answers` while a required question shown has no answer (all at once).
    public func checkComplete(_ answers: Answers) throws(DomainError) {
        let missing = unanswered(answers)
        guard missing.isEmpty else { throw DomainError.invalid(missing.map { FieldError(field: $0.key, code: "required") }) }
    }

    /// How far `answers` has come: the shown questions answered, of those shown.
    public func progress(_ answers: Answers) -> (answered: Int, shown: Int) {
        let shown = shownQuestions(given: answers)
        return (shown.filter { answers[$0.key] != nil }.count, shown.count)
    }
}

extension Answers {
    /// What a form actually changed: for each of `keys` (the questions the form showed),
    /// the submitted value where it differs from the one the form was loaded with (`nil`:
    /// cleared). Saving only these means two officials filling in the same response
    /// never overwrite each other's answers with the stale values their forms still show.
    public static func changes(submitted: Answers, original: Answers, keys: [String]) -> [String: AnswerValue?] {
        var result: [String: AnswerValue?] = [:]
        for key in keys where submitted[key] != original[key] {
            result[key] = .some(submitted[key])
        }
        return result
    }
}

/// Where a municipality's response to a round stands.
public enum ResponseStatus: String, CaseIterable, Codable, Sendable {
    case inProgress = "bezig"
    case submitted = "ingediend"
}
