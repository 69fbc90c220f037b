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
        if let text = query.text("van") {
            filter.from = day(text)
            validator.check(filter.from != nil, "van", "invalid_date")
        }
        if let text = query.text("tot") {
            filter.until = day(text).map { Calendar(identifier: .gregorian).date(byAdding: .day, value: 1, to: $0)! }
            validator.check(filter.until != nil, "tot", "invalid_date")
        }
        return filter
    }

    /// Midnight in Dutch time of a `yyyy-MM-dd` date.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1900...2999).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DateText.timeZone
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == parts[2] else { return nil }
        return date
    }
}
