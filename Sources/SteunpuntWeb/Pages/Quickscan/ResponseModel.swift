import Foundation
import SteunpuntDomain

/// A questionnaire as the response pages show it: every section with its questions, the
/// inputs filled from the answers (or what was typed, where it was refused), each answer
/// also as text for the summary and the read-only view. Questions with a condition are
/// all shown, with the condition written out, so the form works without script; answers
/// to questions whose condition does not hold are dropped when saving.
struct ResponseModel {
    struct Question {
        let key: String
        let number: Int
        let text: String
        let help: String?
        let required: Bool
        let condition: String?
        let isRadio: Bool
        let isCheckboxes: Bool
        let isNumber: Bool
        let isText: Bool
        let options: [OptionModel]
        let value: String
        let minimum: String?
        let maximum: String?
        let error: String?
        let answer: String?
        let shown: Bool
    }

    struct Section {
        let key: String
        let title: String
        let intro: String?
        let questions: [Question]
        let progress: String
    }

    let sections: [Section]
    let answered: Int
    let shown: Int

    /// `input`: what was typed, for the questions in `errors` (shown instead of the answer).
    init(instrument: Instrument, answers: Answers, input: [String: [String]] = [:], errors: [FieldError] = [], needs: [NeedCode: String],
         t: Catalogue) {
        let numbers = Dictionary(instrument.questions.enumerated().map { ($1.key, $0 + 1) }, uniquingKeysWith: { a, _ in a })
        let messages = Dictionary(errors.map { ($0.field, t.error($0.code)) }, uniquingKeysWith: { a, _ in a })
        let progress = instrument.progress(answers)
        answered = progress.answered
        shown = progress.shown
        sections = instrument.sections.map { section in
            let questions = section.questions.map { question -> Question in
                let raw = messages[question.key] != nil ? (input[question.key] ?? []) : Self.formValues(answers[question.key], t.language)
                let condition = question.condition.map { condition -> String in
                    let earlier = instrument.question(condition.question)
                    let labels = condition.values.map { value in Self.optionLabel(earlier, value, needs: needs, t: t) }
                    return t.text("question_condition", ["number": String(numbers[condition.question] ?? 0), "values": labels.joined(separator: ", ")])
                }
                return Question(
                    key: question.key, number: numbers[question.key] ?? 0, text: question.text, help: question.help, required: question.required,
                    condition: condition, isRadio: [.singleChoice, .yesNo, .scale].contains(question.type),
                    isCheckboxes: [.multipleChoice, .needsChecklist].contains(question.type), isNumber: question.type == .number,
                    isText: question.type == .text,
                    options: Self.options(question, needs: needs, t: t).map { OptionModel(value: $0.value, label: $0.label, selected: raw.contains($0.value)) },
                    value: [.number, .text].contains(question.type) ? raw.joined(separator: "\n") : "",
                    minimum: question.minimum.map { QuickscanText.number($0, .english) }, maximum: question.maximum.map { QuickscanText.number($0, .english) },
                    error: messages[question.key], answer: answers[question.key].map { Self.text($0, question, needs: needs, t: t) },
                    shown: instrument.isShown(question, given: answers))
            }
            let shownHere = questions.filter(\.shown)
            return Section(key: section.key, title: section.title, intro: section.intro, questions: questions,
                           progress: t.text("response_section_progress", ["answered": String(shownHere.filter { $0.answer != nil }.count),
                                                                         "shown": String(shownHere.count)]))
        }
    }

    /// The choices a question offers, as (value, label).
    static func options(_ question: SteunpuntDomain.Question, needs: [NeedCode: String], t: Catalogue) -> [(value: String, label: String)] {
        switch question.type {
        case .singleChoice, .multipleChoice: return (question.choices ?? []).map { ($0.code, $0.label) }
        case .yesNo: return ["ja", "nee"].map { ($0, optionLabel(question, $0, needs: needs, t: t)) }
        case .scale: return (1...5).map { (String($0), optionLabel(question, String($0), needs: needs, t: t)) }
        case .needsChecklist: return needs.sorted { $0.value < $1.value }.map { ($0.key.rawValue, $0.value) }
        case .number, .text: return []
        }
    }

    /// How one option of `question` reads: its label, the scale's label, "Ja"/"Nee".
    static func optionLabel(_ question: SteunpuntDomain.Question?, _ value: String, needs: [NeedCode: String], t: Catalogue) -> String {
        guard let question else { return value }
        switch question.type {
        case .singleChoice, .multipleChoice: return question.choices?.first { $0.code == value }?.label ?? value
        case .yesNo: return question.choices?.first { $0.code == value }?.label ?? t.text("answer_\(value)")
        case .scale:
            guard let number = Int(value), let labels = question.scaleLabels, labels.indices.contains(number - 1) else { return value }
            return "\(number) – \(labels[number - 1])"
        case .needsChecklist: return NeedCode(value).flatMap { needs[$0] } ?? value
        case .number, .text: return value
        }
    }

    /// An answer as the form's inputs carry it.
    static func formValues(_ answer: AnswerValue?, _ language: Language) -> [String] {
        switch answer {
        case .choice(let code): [code]
        case .choices(let codes): codes
        case .scale(let value): [String(value)]
        case .number(let value): [QuickscanText.number(value, language)]
        case .yesNo(let yes): [yes ? "ja" : "nee"]
        case .text(let text): [text]
        case .needs(let codes): codes.map(\.rawValue)
        case nil: []
        }
    }

    /// An answer as a sentence (summary, read-only view, exports).
    static func text(_ answer: AnswerValue, _ question: SteunpuntDomain.Question, needs: [NeedCode: String], t: Catalogue) -> String {
        switch answer {
        case .number(let value): return QuickscanText.number(value, t.language)
        case .text(let text): return text
        default: return formValues(answer, t.language).map { optionLabel(question, $0, needs: needs, t: t) }.joined(separator: ", ")
        }
    }
}
