import Foundation
import SteunpuntDomain

/// The words pages use for a request's codes, from the catalogue.
struct RequestLabels {
    let t: Catalogue
    let needs: [NeedCode: Need]

    func status(_ status: RequestStatus) -> String { t.text("request_status_\(status.rawValue)") }
    func channel(_ channel: RequestChannel) -> String { t.text("channel_\(channel.rawValue)") }
    func urgency(_ urgency: Urgency) -> String { t.text("urgency_\(urgency.rawValue)") }
    func outcome(_ outcome: RequestOutcome) -> String { t.text("outcome_\(outcome.rawValue)") }
    func deadline(_ state: DeadlineState) -> String { t.text("deadline_\(state.rawValue)") }
    func activity(_ kind: ActivityKind) -> String { t.text("activity_\(kind.rawValue)") }
    func action(_ identifier: String) -> String { t.text("request_action_\(identifier)") }

    func need(_ code: NeedCode) -> String {
        guard let need = needs[code] else { return code.rawValue }
        return t.language == .dutch ? need.nameNL : need.nameEN
    }

    /// Every need's name by its code.
    var names: [String: String] { Dictionary(needs.keys.map { ($0.rawValue, need($0)) }, uniquingKeysWith: { first, _ in first }) }

    static func make(_ t: Catalogue, needs: [Need]) -> RequestLabels {
        RequestLabels(t: t, needs: Dictionary(needs.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first }))
    }
}
