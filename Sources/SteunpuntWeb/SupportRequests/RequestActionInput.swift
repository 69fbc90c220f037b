import Foundation
import SteunpuntDomain

/// A workflow action as typed in a form or sent to the API: `actie` with the fields it
/// needs (`naar`, `reden`, `behandelaar`, `uitkomst`), every problem reported at once.
struct RequestActionInput: Sendable {
    var action: String
    var target: String?
    var reason: String?
    var advisor: String?
    var outcome: String?

    /// The action names, as `RequestAction.identifier` spells them.
    static let names = ["in-behandeling-nemen", "doorverwijzen", "accepteren", "weigeren", "toewijzen", "wachten-op-aanvrager", "afsluiten", "heropenen"]

    func parsed(privacy: PrivacyGuard) throws(DomainError) -> RequestAction {
        var v = Validator()
        let reason = v.text(self.reason, field: "reden", max: 2000, required: false)
        privacy.check(reason, field: "reden", into: &v)
        var result: RequestAction?
        switch action {
        case "in-behandeling-nemen": result = .startTriage
        case "doorverwijzen":
            let target = OrganisationID((self.target ?? "").trimmingCharacters(in: .whitespaces))
            v.check(target != nil, "naar", (self.target ?? "").isEmpty ? "required" : "invalid_organisation_id")
            if reason.isEmpty { v.add("reden", "required") }
            if let target { result = .refer(to: target, reason: reason) }
        case "accepteren": result = .accept
        case "weigeren":
            if reason.isEmpty { v.add("reden", "required") }
            result = .decline(reason: reason)
        case "toewijzen":
            let advisor = UUID(text: (self.advisor ?? "").trimmingCharacters(in: .whitespaces))
            v.check(advisor != nil, "behandelaar", (self.advisor ?? "").isEmpty ? "required" : "invalid_identifier")
            if let advisor { result = .assign(advisor: advisor) }
        case "wachten-op-aanvrager":
            if reason.isEmpty { v.add("reden", "required") }
            result = .waitForRequester(reason: reason)
        case "afsluiten":
            let outcome = RequestOutcome(rawValue: self.outcome ?? "")
            v.check(outcome != nil, "uitkomst", (self.outcome ?? "").isEmpty ? "required" : "invalid_outcome")
            if let outcome { result = .close(outcome: outcome, reason: reason.isEmpty ? nil : reason) }
        case "heropenen":
            if reason.isEmpty { v.add("reden", "required") }
            result = .reopen(reason: reason)
        default:
            v.add("actie", action.isEmpty ? "required" : "invalid_action")
        }
        try v.finish()
        return result!
    }
}
