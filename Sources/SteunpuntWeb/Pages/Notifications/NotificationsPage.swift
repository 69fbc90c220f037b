import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/meldingen`: what happened to the records one deals with, newest first, unread ones
/// marked. Opening one (`/meldingen/{id}`) marks it read and leads to its record; "Alles
/// gelezen" marks every one read. Works without script.
struct NotificationsPage {
    let renderer: PageRenderer
    let service: Notifications

    struct Model {
        struct Row { let href: String; let text: String; let number: String; let title: String; let when: String; let unread: Bool }
        let rows: [Row]
        let hasRows: Bool
        let hasUnread: Bool
        let pagination: PaginationModel?
        let notice: String?
    }

    func register(on router: Router<AppContext>) {
        router.get("meldingen", use: list)
        router.get("meldingen/{id}", use: open)
        router.post("meldingen/gelezen", use: readAll)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let query = Query(request: request)
        var v = Validator()
        let page = try await service.list(page: PageRequest(number: query.page(into: &v).number, size: 50), by: user)
        let rows = page.items.map { item in
            Model.Row(href: "/meldingen/\(item.id.lowercasedText)", text: t.text("notification_\(item.kind)"), number: Self.shown(item, t),
                      title: item.title, when: t.dateTime(item.createdAt), unread: item.readAt == nil)
        }
        let model = Model(rows: rows, hasRows: !rows.isEmpty, hasUnread: rows.contains(where: \.unread),
                          pagination: PaginationModel(page, request: request, catalogue: t),
                          notice: query.text("gelezen") != nil ? t.text("notifications_all_read") : nil)
        return try renderer.render("notifications", page: model, title: t.text("notifications_title"), request: request, context: context)
    }

    /// What names a notice's record: a request's number as it is; a meeting's day (stored
    /// as ISO 8601, the API's form) as people read dates.
    static func shown(_ item: StoredNotification, _ t: Catalogue) -> String {
        guard item.subject == .meeting, case .success(let day) = AmsterdamTime.parse(item.number + "T12:00") else { return item.number }
        return t.date(day)
    }

    @Sendable func open(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try context.identifier("id")
        let notification = try await service.open(id, by: user)
        return .redirect(to: Self.page(of: notification), type: .normal)
    }

    /// The page a notification leads to: its record's.
    static func page(of notification: StoredNotification) -> String {
        switch notification.subject {
        case .request: "/hulpvragen/\(notification.objectID.lowercased())"
        case .mail: "/beheer/mail"
        case .webhook: "/beheer/koppelingen/\(notification.objectID.lowercased())"
        case .round: "/quickscans/rondes/\(notification.objectID.lowercased())/analyse"
        case .meeting: "/bijeenkomsten/\(notification.objectID.lowercased())"
        case .circle: "/leerkringen/\(notification.objectID.lowercased())"
        case .roundTarget: "/quickscans/rondes/" + notification.objectID.replacingOccurrences(of: "/", with: "/gemeenten/")
        case .plan: "/tienpuntenplan/\(notification.objectID.uppercased())"
        case .incident: "/incidenten/\(notification.objectID.lowercased())"
        case nil: "/meldingen"
        }
    }

    @Sendable func readAll(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        try await service.readAll(by: user)
        return .redirect(to: "/meldingen?gelezen=1", type: .normal)
    }
}
