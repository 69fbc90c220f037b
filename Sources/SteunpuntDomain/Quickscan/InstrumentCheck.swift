import Foundation

extension Instrument {
    /// Every problem with the instrument's structure at once, each on the key of the
    /// question or section it concerns (`instrument` for the whole): keys unique and
    /// well-formed, options where the type needs them and scores within 0–100, a scale
    /// with five labels, conditions that point to an earlier question and one of its
    /// values, and at least one question. Every text a respondent reads (titles,
    /// introductions, questions, help, option and scale labels) passes the privacy guard
    /// and a length limit (`TextLimit`).
    public func problems(privacy: PrivacyGuard = .standard) -> [FieldError] {
        var v = Validator()
        v.check(!title.trimmingCharacters(in: .whitespaces).isEmpty, "instrument", "title_required")
        func text(_ value: String?, _ field: String, max: Int) {
            guard let value else { return }
            v.check(Validator.length(value) <= max, field, "too_long")
            privacy.check(value, field: field, into: &v)
        }
        text(title, "instrument", max: TextLimit.title)
        text(intro, "instrument", max: TextLimit.introduction)
        for section in sections {
            text(section.title, section.key, max: TextLimit.title)
            text(section.intro, section.key, max: TextLimit.introduction)
            for question in section.questions {
                text(question.text, question.key, max: TextLimit.question)
                text(question.help, question.key, max: TextLimit.help)
                for label in (question.choices ?? []).map(\.label) + (question.scaleLabels ?? []) { text(label, question.key, max: TextLimit.label) }
            }
        }
        v.check(!questions.isEmpty, "instrument", "no_questions")
        var seen: Set<String> = []
        for section in sections {
            v.check(Self.isKey(section.key) && seen.insert(section.key).inserted, section.key, "invalid_or_duplicate_key")
            v.check(!section.title.trimmingCharacters(in: .whitespaces).isEmpty, section.key, "title_required")
        }
        var earlier: [String: Question] = [:]
        for question in questions {
            let key = question.key
            v.check(Self.isKey(key) && seen.insert(key).inserted, key, "invalid_or_duplicate_key")
            v.check(!question.text.trimmingCharacters(in: .whitespaces).isEmpty, key, "text_required")
            let choices = question.choices ?? []
            switch question.type {
            case .singleChoice, .multipleChoice:
                v.check(choices.count >= 2, key, "choices_required")
            case .yesNo:
                v.check(Set(choices.map(\.code)) == ["ja", "nee"] || choices.isEmpty, key, "yes_no_choices")
            case .scale:
                v.check(question.scaleLabels?.count == 5, key, "scale_labels_required")
            case .number:
                if let minimum = question.minimum, let maximum = question.maximum { v.check(minimum <= maximum, key, "range_reversed") }
            case .text, .needsChecklist:
                v.check(choices.isEmpty, key, "choices_not_allowed")
            }
            v.check(Set(choices.map(\.code)).count == choices.count && choices.allSatisfy { Self.isKey($0.code) }, key, "invalid_or_duplicate_choice")
            let scores = choices.compactMap(\.score) + (question.bands ?? []).map(\.score)
            v.check(scores.allSatisfy { (0...100).contains($0) }, key, "score_out_of_range")
            v.check((question.weight ?? 1) > 0, key, "weight_not_positive")
            if let condition = question.condition {
                if let target = earlier[condition.question] {
                    v.check(!condition.values.isEmpty && condition.values.allSatisfy { Self.possibleValues(of: target)?.contains($0) ?? true },
                            key, "condition_value_unknown")
                } else {
                    v.add(key, "condition_not_earlier")
                }
            }
            earlier[key] = question
        }
        return v.errors
    }

    /// The longest text each part of an instrument may hold.
    public enum TextLimit {
        public static let title = 200
        public static let introduction = 5_000
        public static let question = 1_000
        public static let help = 2_000
        public static let label = 300
    }

    /// Throws every structural problem at once.
    public func validated(privacy: PrivacyGuard = .standard) throws(DomainError) -> Instrument {
        let problems = problems(privacy: privacy)
        if !problems.isEmpty { throw .invalid(problems) }
        return self
    }

    /// The values a condition can test on `question`, or nil when any value can occur.
    static func possibleValues(of question: Question) -> Set<String>? {
        switch question.type {
        case .singleChoice, .multipleChoice: Set((question.choices ?? []).map(\.code))
        case .yesNo: ["ja", "nee"]
        case .scale: ["1", "2", "3", "4", "5"]
        case .number, .text, .needsChecklist: nil
        }
    }

    /// Keys are short lower-case identifiers: letters, digits and hyphens, up to 40.
    static func isKey(_ text: String) -> Bool {
        (1...40).contains(text.count) && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }
}
