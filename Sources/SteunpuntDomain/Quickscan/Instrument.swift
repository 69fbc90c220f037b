import Foundation

/// The four dimensions of the letter's quickscan (answer 4: "the capacity, knowledge,
/// expertise and needs of municipalities and local professionals"), plus context, which
/// describes a municipality and is not scored.
public enum Dimension: String, CaseIterable, Codable, Sendable {
    case capacity = "capaciteit"
    case knowledge = "kennis"
    case expertise = "expertise"
    case needs = "behoeften"
    case context = "context"

    public var isScored: Bool { self != .context }
}

/// How a question is answered.
public enum QuestionType: String, CaseIterable, Codable, Sendable {
    case singleChoice = "enkele-keuze"
    case multipleChoice = "meerdere-keuzes"
    /// 1 to 5, with a label at each end.
    case scale = "schaal"
    case number = "getal"
    case yesNo = "ja-nee"
    case text = "tekst"
    /// A checklist of the shared needs taxonomy (the support desk's and the toolbox's).
    case needsChecklist = "behoeftenlijst"
}

/// An answer option, with what it scores (0–100) where the question is scored.
public struct Choice: Codable, Sendable, Equatable {
    public var code: String
    public var label: String
    public var score: Double?

    public init(code: String, label: String, score: Double? = nil) {
        self.code = code
        self.label = label
        self.score = score
    }

    enum CodingKeys: String, CodingKey {
        case code, label, score
    }
}

/// A number answer's score: the score of the first band whose upper bound it does not exceed.
public struct NumberBand: Codable, Sendable, Equatable {
    public var upTo: Double?
    public var score: Double

    public init(upTo: Double?, score: Double) {
        self.upTo = upTo
        self.score = score
    }

    enum CodingKeys: String, CodingKey {
        case upTo = "totEnMet"
        case score
    }
}

/// Show a question only when an earlier question's answer is one of `values` (a choice
/// code, `ja`/`nee`, or a scale value as text).
public struct Condition: Codable, Sendable, Equatable {
    public var question: String
    public var values: [String]

    public init(question: String, values: [String]) {
        self.question = question
        self.values = values
    }

    enum CodingKeys: String, CodingKey {
        case question = "vraag"
        case values = "waarden"
    }
}

/// One question. `key` is stable across versions, so answers and rounds can be compared.
/// How it scores into its dimension: single choice and yes/no by the chosen option's
/// score (a yes/no question's options are `ja` and `nee`), multiple choice by the sum of the chosen scores (at most 100), the scale
/// linearly (1 → 0, 5 → 100), a number by its bands; text and the needs checklist are not
/// scored (the checklist feeds the follow-up proposals).
public struct Question: Codable, Sendable, Equatable {
    public var key: String
    public var text: String
    public var help: String?
    public var type: QuestionType
    public var dimension: Dimension
    public var required: Bool
    public var choices: [Choice]?
    public var scaleLabels: [String]?
    public var minimum: Double?
    public var maximum: Double?
    public var bands: [NumberBand]?
    /// The weight of its score within the dimension (default 1).
    public var weight: Double?
    public var condition: Condition?

    public init(key: String, text: String, help: String? = nil, type: QuestionType, dimension: Dimension, required: Bool = true,
                choices: [Choice]? = nil, scaleLabels: [String]? = nil, minimum: Double? = nil, maximum: Double? = nil,
                bands: [NumberBand]? = nil, weight: Double? = nil, condition: Condition? = nil) {
        self.key = key
        self.text = text
        self.help = help
        self.type = type
        self.dimension = dimension
        self.required = required
        self.choices = choices
        self.scaleLabels = scaleLabels
        self.minimum = minimum
        self.maximum = maximum
        self.bands = bands
        self.weight = weight
        self.condition = condition
    }

    enum CodingKeys: String, CodingKey {
        case key = "sleutel", text = "tekst", help = "hulptekst", type = "soort", dimension = "dimensie", required = "verplicht"
        case choices = "keuzes", scaleLabels = "schaalLabels", minimum, maximum, bands = "banden", weight = "gewicht", condition = "voorwaarde"
    }

    /// Whether its answers score into its dimension.
    public var isScored: Bool {
        guard dimension.isScored else { return false }
        switch type {
        case .singleChoice, .multipleChoice, .yesNo: return choices?.contains { $0.score != nil } == true
        case .scale: return true
        case .number: return !(bands ?? []).isEmpty
        case .text, .needsChecklist: return false
        }
    }
}

public struct Section: Codable, Sendable, Equatable {
    public var key: String
    public var title: String
    public var intro: String?
    public var questions: [Question]

    public init(key: String, title: String, intro: String? = nil, questions: [Question]) {
        self.key = key
        self.title = title
        self.intro = intro
        self.questions = questions
    }

    enum CodingKeys: String, CodingKey {
        case key = "sleutel", title = "titel", intro = "inleiding", questions = "vragen"
    }
}

/// A quickscan questionnaire: its sections and questions, as imported and exported in
/// JSON. Stored versions are numbered; a published version is frozen (a change makes a
/// new draft version).
public struct Instrument: Codable, Sendable, Equatable {
    public var title: String
    public var intro: String?
    public var sections: [Section]

    public init(title: String, intro: String? = nil, sections: [Section]) {
        self.title = title
        self.intro = intro
        self.sections = sections
    }

    /// The JSON of import and export uses the API's Dutch names.
    enum CodingKeys: String, CodingKey {
        case title = "titel", intro = "inleiding", sections = "secties"
    }

    /// Every question, in order.
    public var questions: [Question] { sections.flatMap(\.questions) }

    public func question(_ key: String) -> Question? {
        for section in sections {
            if let found = section.questions.first(where: { $0.key == key }) { return found }
        }
        return nil
    }
}
