import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/programma`: the action programme's measures in the programme's order, a part under
/// its measure, each with its owner, status and how far its milestones are (a measure with
/// parts counts theirs too; late ones said), and its next milestone. For the NCTV's
/// analysts and the expertise unit (`ProgrammePolicy`); those who keep measures add one.
struct ProgrammePage {
    let renderer: PageRenderer
    let service: MeasureService

    static let path = "/programma"

    struct Row {
        let number: String
        let href: String
        let title: String
        let isPart: Bool
        let owner: String
        let status: String
        let statusCode: String
        let milestones: String
        let late: String?
        let next: String
    }

    struct Model {
        let rows: [Row]
        let hasRows: Bool
        let mayWrite: Bool
    }

    func register(on router: Router<AppContext>) {
        router.get("programma", use: show)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let (listed, owners) = try await service.list(actor: context.actor)
        let rows = listed.map { item in
            let measure = item.measure
            return Row(number: measure.number.rawValue, href: MeasurePage.path(measure.number), title: measure.title, isPart: measure.number.parent != nil,
                       owner: owners[measure.owner] ?? measure.owner.rawValue, status: t.text("measure_status_\(measure.status.rawValue)"),
                       statusCode: measure.status.rawValue, milestones: Self.milestoneLine(item.summary, t),
                       late: item.summary.late > 0 ? t.text("measure_late", ["count": NumberText.format(item.summary.late, t.language)]) : nil,
                       next: item.next.map { "\($0.title) (\(CalendarDay($0.dueOn).map { t.date($0.start()) } ?? $0.dueOn))" } ?? "")
        }
        return try renderer.render("programme", page: Model(rows: rows, hasRows: !rows.isEmpty, mayWrite: service.mayWrite(context.actor)),
                                   title: t.text("programme_title"), request: request, context: context)
    }

    /// "2 van 5 behaald", or "Geen mijlpalen".
    static func milestoneLine(_ summary: MeasureProgressSummary, _ t: Catalogue) -> String {
        summary.total == 0 ? t.text("measure_no_milestones")
            : t.text("measure_milestones_line", ["reached": NumberText.format(summary.reached, t.language), "total": NumberText.format(summary.total, t.language)])
    }
}
