import Foundation

/// What a submitted response proposes as support (part 5 of the quickscan): a support
/// request for the municipality, with the needs it named and, for each dimension scoring
/// under `FollowUp.lowScore`, the need that dimension points to. The coordinator confirms
/// (it enters the support desk, channel quickscan) or dismisses each proposal.
public struct FollowUpProposal: Sendable, Equatable {
    public let municipality: MunicipalityCode
    /// Named in the answers first, then suggested by low scores; each once.
    public let needs: [NeedCode]
    public let namedNeeds: [NeedCode]
    /// The dimensions under the threshold, with their score.
    public let lowScores: [Dimension: Double]
}

public enum FollowUpDecision: String, CaseIterable, Codable, Sendable {
    case confirmed = "bevestigd"
    case dismissed = "afgewezen"
}

public enum FollowUp {
    /// A dimension scoring under this (0–100) proposes support.
    public static let lowScore = 50.0

    /// The need a low score in `dimension` points to: too little capacity asks for advice
    /// on the approach, too little knowledge for training, too little expertise for help
    /// in shaping local cooperation.
    public static func need(for dimension: Dimension) -> NeedCode? {
        switch dimension {
        case .capacity: .preventiveApproach
        case .knowledge: .training
        case .expertise: .cooperation
        case .needs, .context: nil
        }
    }

    /// One proposal per municipality whose answers name a need or score low, by code.
    public static func proposals(instrument: Instrument, responses: [MunicipalityCode: Answers]) -> [FollowUpProposal] {
        responses.sorted { $0.key.rawValue < $1.key.rawValue }.compactMap { code, answers in
            let named = instrument.namedNeeds(answers)
            let low = instrument.scores(answers).filter { $0.key.isScored && $0.value < lowScore }
            var needs = named
            for dimension in Dimension.allCases {
                if low[dimension] != nil, let need = need(for: dimension), !needs.contains(need) { needs.append(need) }
            }
            guard !needs.isEmpty else { return nil }
            return FollowUpProposal(municipality: code, needs: needs, namedNeeds: named, lowScores: low)
        }
    }

    /// The request a confirmed proposal files: written in Dutch for the desk, naming the
    /// round, the low scores, the needs and the offerings suggested (titles and addresses),
    /// nothing about persons.
    public static func draft(_ proposal: FollowUpProposal, round: Round, municipalityName: String, needNames: [NeedCode: String],
                             offerings: [(title: String, path: String)]) -> RequestDraft {
        var lines = ["Voorstel uit de quickscan ‘\(round.title)’ voor \(municipalityName)."]
        if !proposal.lowScores.isEmpty {
            let scores = Dimension.allCases.compactMap { dimension in
                proposal.lowScores[dimension].map { "\(dimension.dutchName) \(String(format: "%.0f", $0))" }
            }
            lines.append("Lage scores (0–100): " + scores.joined(separator: ", ") + ".")
        }
        lines += [ProposalText.needs(proposal.namedNeeds, label: "Genoemde behoeften", names: needNames), ProposalText.offerings(offerings)].compactMap { $0 }
        return RequestDraft(title: "Opvolging quickscan: \(municipalityName)", description: lines.joined(separator: "\n\n"),
                            requester: proposal.municipality.rawValue, municipality: proposal.municipality.rawValue,
                            needs: proposal.needs.map(\.rawValue), channel: RequestChannel.quickscan.rawValue)
    }
}

extension Dimension {
    /// The dimension's Dutch name, for text stored in Dutch (follow-up requests).
    public var dutchName: String {
        switch self {
        case .capacity: "Capaciteit"
        case .knowledge: "Kennis"
        case .expertise: "Expertise"
        case .needs: "Behoeften"
        case .context: "Context"
        }
    }
}
