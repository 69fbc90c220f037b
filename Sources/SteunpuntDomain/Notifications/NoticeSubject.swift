import Foundation

/// What a notification can be about: the kind of record, as stored (`rawValue`) and as the
/// API names it (`apiName`, NL API Design Rules: Dutch nouns). Every place that writes a
/// notice names one of these, and every place that shows one switches over all of them,
/// so a new kind of record cannot reach people or systems without a page and an API name.
public enum NoticeSubject: String, CaseIterable, Sendable {
    case request = "request"
    case mail = "mail"
    case webhook = "webhook"
    case round = "round"
    /// One municipality in a quickscan round (`<round id>/<CBS code>`).
    case roundTarget = "round-target"
    case meeting = "meeting"
    case circle = "circle"
    /// A municipality's 10-point plan (its CBS code).
    case plan = "plan"
    /// An incident or tension signal (its id).
    case incident = "incident"

    public var apiName: String {
        switch self {
        case .request: "hulpvraag"
        case .mail: "mail"
        case .webhook: "abonnement"
        case .round: "quickscanronde"
        case .roundTarget: "quickscandoelgemeente"
        case .meeting: "bijeenkomst"
        case .circle: "leerkring"
        case .plan: "tienpuntenplan"
        case .incident: "incident"
        }
    }
}
