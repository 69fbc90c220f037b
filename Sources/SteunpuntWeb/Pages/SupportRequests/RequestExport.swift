import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/hulpvragen.csv`: the list as filtered, for Dutch Excel (semicolons, UTF-8 with BOM),
/// at most `limit` rows; every export is audited with the number of rows.
struct RequestExport {
    let renderer: PageRenderer
    let service: RequestService

    func register(on router: Router<AppContext>) {
        router.get("hulpvragen.csv", use: export)
    }

    @Sendable func export(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard RequestPolicy.scope(for: user) != .none else { throw DomainError.forbidden }
        var v = Validator()
        let filter = RequestListQuery.filter(Query(request: request), into: &v)
        let queue = RequestListQuery.queue(Query(request: request), into: &v)
        try v.finish()
        let t = renderer.catalogue(context.language)
        let labels = RequestLabels.make(t, needs: try await service.needs.all(includeRetired: true))
        let organisationNames = try await service.organisations.names()
        let items = try await service.export(filter, queue: queue, by: user, actor: context.actor)
        let now = service.dependencies.now()
        let header = ["field_number", "field_name_titel", "field_name_aanvrager", "field_municipality", "field_name_kanaal", "field_name_urgentie",
                      "field_name_status", "field_name_uitkomst", "field_desk", "field_holder", "field_filed", "field_first_response", "field_closed",
                      "field_name_termijn"].map { t.text($0) }
        let rows = items.map { item -> [String] in
            let r = item.request
            return [r.number, r.title, item.requesterName, item.municipalityName, labels.channel(r.channel), labels.urgency(r.urgency),
                    labels.status(r.status), r.outcome.map(labels.outcome) ?? "", organisationNames[r.desk] ?? r.desk.rawValue,
                    organisationNames[r.holder] ?? r.holder.rawValue, DateText.dateTime(r.createdAt), r.firstResponseAt.map(DateText.dateTime) ?? "",
                    r.closedAt.map(DateText.dateTime) ?? "", labels.deadline(service.workflow.deadlineState(r, at: now))]
        }
        return CSVExport.response(CSVExport.document(header: header, rows: Array(rows)), filename: "hulpvragen-\(DateText.day(now)).csv")
    }
}
