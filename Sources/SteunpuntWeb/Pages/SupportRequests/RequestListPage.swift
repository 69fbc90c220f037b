import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/hulpvragen`: the requests the user may see, filtered and searched, newest first.
struct RequestListPage {
    let renderer: PageRenderer
    let service: RequestService
    let choices: NameChoices

    struct Model {
        struct Row {
            let id: String; let number: String; let title: String; let requester: String; let municipality: String
            let status: String; let deadline: String; let deadlineClass: String; let filed: String
        }
        let canFile: Bool
        /// The work queue shown, if any: its name and the way back to every request.
        let queueTitle: String?
        let queueValue: String
        let query: String
        let statuses: [OptionModel]
        let needs: [OptionModel]
        let channels: [OptionModel]
        let deadlines: [OptionModel]
        let provinces: [OptionModel]
        let municipality: String
        let municipalityChoices: [String]
        let from: String
        let until: String
        let rows: [Row]
        let hasResults: Bool
        let resultCaption: String
        let pagination: PaginationModel?
        let exportLink: String
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("hulpvragen", use: list)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard RequestPolicy.scope(for: user) != .none else { throw DomainError.forbidden }
        let t = renderer.catalogue(context.language)
        let query = Query(request: request)
        // A municipality picked by name ("Zoetermeer (GM0637)") becomes its code in the
        // address, so paging and the export carry the filter as the API reads it.
        if let typed = query.text("gemeente"), MunicipalityCode(typed) == nil {
            let code = try await choices.municipality(from: typed)
            if code != typed {
                return .redirect(to: Query.link(request, dropping: ["gemeente", "pagina"], adding: [("gemeente", code)]), type: .found)
            }
        }
        var v = Validator()
        let filter = RequestListQuery.filter(query, into: &v)
        let queue = RequestListQuery.queue(query, into: &v)
        let pageRequest = PageRequest(number: query.page(into: &v).number, size: 25)
        let page = v.errors.isEmpty ? try await service.list(filter, queue: queue, page: pageRequest, by: user)
            : Page<RequestListItem>(items: [], total: 0, request: pageRequest)
        let labels = RequestLabels.make(t, needs: try await service.needs.all(includeRetired: true))
        let now = service.dependencies.now()
        let municipalities = try await choices.municipalities()
        let model = Model(
            canFile: RequestPolicy.mayFile(user),
            queueTitle: queue.map { t.text("queue_\($0.rawValue)") }, queueValue: queue?.rawValue ?? "",
            query: query.text("zoek") ?? "",
            statuses: RequestStatus.allCases.map { OptionModel(value: $0.rawValue, label: labels.status($0), selected: filter.statuses == [$0]) },
            needs: labels.needs.values.sorted { $0.code.rawValue < $1.code.rawValue }.filter(\.isActive)
                .map { OptionModel(value: $0.code.rawValue, label: labels.need($0.code), selected: $0.code == filter.need) },
            channels: RequestChannel.allCases.map { OptionModel(value: $0.rawValue, label: labels.channel($0), selected: $0 == filter.channel) },
            deadlines: [DeadlineState.overdue, .dueSoon, .onTime, .paused]
                .map { OptionModel(value: $0.rawValue, label: labels.deadline($0), selected: $0 == filter.deadline) },
            provinces: Province.allCases.map { OptionModel(value: $0.slug, label: $0.rawValue, selected: $0 == filter.province) },
            municipality: NamedChoice.label(of: query.text("gemeente") ?? "", among: municipalities),
            municipalityChoices: municipalities.map(\.label), from: query.text("van") ?? "", until: query.text("tot") ?? "",
            rows: page.items.map { item in
                let state = service.workflow.deadlineState(item.request, at: now)
                return Model.Row(id: item.request.id.lowercasedText, number: item.request.number, title: item.request.title,
                                 requester: item.requesterName, municipality: item.municipalityName, status: labels.status(item.request.status),
                                 deadline: labels.deadline(state), deadlineClass: state.rawValue, filed: t.date(item.request.createdAt))
            },
            hasResults: !page.items.isEmpty,
            resultCaption: t.text("results_count", ["count": NumberText.total(page, context.language)]),
            pagination: PaginationModel(page, request: request, catalogue: t),
            exportLink: "/hulpvragen.csv" + (request.uri.query.map { "?" + $0 } ?? ""),
            errors: FormErrors(v.errors, t))
        return try renderer.render("requests", page: model, title: t.text("requests_title"), request: request, context: context,
                                   status: v.errors.isEmpty ? .ok : .badRequest)
    }
}
