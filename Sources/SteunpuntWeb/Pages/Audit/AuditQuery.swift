import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Reads the audit filters shared by the page and the API: `handeling`, `van`, `tot`
/// (dates as 2026-11-29, whole days in Dutch time; `tot` is inclusive).
enum AuditQuery {
    static func filter(_ query: Query, into validator: inout Validator) -> AuditFilter {
        var filter = AuditFilter()
        if let action = query.text("handeling") {
            filter.action = AuditEvent.Action(rawValue: action)
            validator.check(filter.action != nil, "handeling", "invalid_action")
        }
        filter.from = query.day("van", into: &validator)?.start()
        filter.until = query.day("tot", into: &validator)?.end()
        return filter
    }
}
