import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Reads the request-list filters shared by the page, the CSV export and the API:
/// `status` (one or more, comma-separated), `gemeente`, `provincie`, `behoefte`, `kanaal`,
/// `behandelaar`, `termijn`, `van`/`tot` (filing dates, whole days, `tot` inclusive) and `zoek`.
enum RequestListQuery {
    static func filter(_ query: Query, into v: inout Validator) -> RequestFilter {
        var filter = RequestFilter(text: query.search(into: &v))
        for text in (query.text("status") ?? "").split(separator: ",") {
            if let status = RequestStatus(rawValue: String(text).trimmingCharacters(in: .whitespaces)) {
                filter.statuses.append(status)
            } else {
                v.add("status", "invalid_status")
            }
        }
        if let text = query.text("gemeente") {
            filter.municipality = MunicipalityCode(text)
            v.check(filter.municipality != nil, "gemeente", "invalid_municipality_code")
        }
        if let text = query.text("provincie") {
            filter.province = Province(name: text)
            v.check(filter.province != nil, "provincie", "invalid_province")
        }
        if let text = query.text("behoefte") {
            filter.need = NeedCode(text)
            v.check(filter.need != nil, "behoefte", "unknown_need")
        }
        if let text = query.text("kanaal") {
            filter.channel = RequestChannel(rawValue: text)
            v.check(filter.channel != nil, "kanaal", "invalid_channel")
        }
        if let text = query.text("behandelaar") {
            filter.assignee = UUID(text: text)
            v.check(filter.assignee != nil, "behandelaar", "invalid_identifier")
        }
        if let text = query.text("termijn") {
            filter.deadline = DeadlineState(rawValue: text)
            v.check(filter.deadline != nil, "termijn", "invalid_deadline_state")
        }
        filter.createdFrom = query.day("van", into: &v)?.start()
        filter.createdBefore = query.day("tot", into: &v)?.end()
        return filter
    }

    /// `wachtrij`: one of the work queues (pages only; the queue's statuses replace `status`).
    static func queue(_ query: Query, into v: inout Validator) -> WorkQueue? {
        guard let text = query.text("wachtrij") else { return nil }
        let queue = WorkQueue(rawValue: text)
        v.check(queue != nil, "wachtrij", "invalid_queue")
        return queue
    }
}
