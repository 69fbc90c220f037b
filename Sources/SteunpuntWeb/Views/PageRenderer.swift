import Foundation
import Hummingbird
import Mustache
import SteunpuntDomain

/// Renders server-side HTML pages: a page template inside the shared layout, with the
/// interface strings of the request's language. Mustache escapes every value by default,
/// so user input never becomes markup.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let catalogues: [Language: Catalogue]
    let isTLS: Bool
    /// What every page may name: where to write (`site.contact`).
    let site: [String: String]

    init(resources: URL, isTLS: Bool, contactEmail: String = "contact@steunpunt.example") async throws {
        library = try await MustacheLibrary(directory: resources.appendingPathComponent("templates").path)
        catalogues = try Catalogue.load(from: resources.appendingPathComponent("i18n"))
        self.isTLS = isTLS
        site = ["contact": contactEmail]
    }

    func catalogue(_ language: Language) -> Catalogue { catalogues[language] ?? catalogues[.dutch]! }

    /// Renders `template` with `page` as its data. `titleKey` names the catalogue entry
    /// for the page title, or `title` gives it literally (a municipality's name).
    func render(_ template: String, page: Any, title: String, request: Request, context: AppContext, status: HTTPResponse.Status = .ok) throws -> Response {
        let catalogue = catalogue(context.language)
        let layout = LayoutModel(title: title, request: request, context: context, catalogue: catalogue)
        var data: [String: Any] = ["t": catalogue.strings, "site": site]
        data["layout"] = ViewTree.make(layout)
        data["page"] = ViewTree.make(page)
        guard var html = library.render(data, withTemplate: template) else {
            throw RenderError.missingTemplate(template)
        }
        html = ErrorSummaryOrder.apply(html)
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
        if context.csrfCookie == nil || context.csrfCookie != layout.csrfToken, context.session == nil, context.pendingSession == nil {
            response.setCookie(CSRFProtection.cookie(layout.csrfToken, secure: isTLS))
        }
        return response
    }

    enum RenderError: Error { case missingTemplate(String) }
}

/// What the shared layout shows: title, language, navigation for the signed-in user,
/// the CSRF token for forms.
struct LayoutModel {
    let title: String
    let lang: String
    let path: String
    let otherLanguage: String
    let otherLanguageLabel: String
    let signedIn: Bool
    let userName: String
    let roleLabel: String
    let organisationID: String
    let isAdministrator: Bool
    let csrfToken: String
    let nav: [NavItem]
    /// "Meldingen (3)": the header's link to the notifications, with the unread count.
    let notificationsLabel: String
    let hasUnread: Bool

    struct NavItem {
        let label: String
        let href: String
        /// `page` on the item's own page, `true` elsewhere in its section, nil outside.
        let current: String?
    }

    init(title: String, request: Request, context: AppContext, catalogue: Catalogue) {
        self.title = title
        lang = catalogue.language.rawValue
        path = request.uri.path
        let other: Language = catalogue.language == .dutch ? .english : .dutch
        otherLanguage = other.rawValue
        otherLanguageLabel = catalogue.text("language_\(other.rawValue)")
        let user = context.session?.user
        signedIn = user != nil
        userName = user?.name ?? ""
        roleLabel = user.map { catalogue.text("role_\($0.role.rawValue)") } ?? ""
        organisationID = user?.organisation.rawValue ?? ""
        isAdministrator = user?.role == .administrator
        hasUnread = context.unreadNotifications > 0
        notificationsLabel = hasUnread ? catalogue.text("notifications_unread", ["count": NumberText.format(context.unreadNotifications, catalogue.language)])
            : catalogue.text("notifications_title")
        csrfToken = context.session?.csrfToken ?? context.pendingSession?.csrfToken ?? context.csrfCookie ?? CSRFProtection.newToken()
        var items: [(String, String)] = []
        if user != nil { items.append(("nav_dashboard", "/dashboard")) }
        items.append(("nav_toolbox", "/aanbod"))
        items.append(("nav_meetings", "/bijeenkomsten"))
        // Learning circles: the unit keeps them, municipalities take part.
        if let user, [.municipalOfficial, .unitAdvisor, .unitCoordinator].contains(user.role) { items.append(("nav_circles", "/leerkringen")) }
        items.append(("nav_municipalities", "/gemeenten"))
        if let user, RequestPolicy.scope(for: user) != .none { items.append(("nav_requests", "/hulpvragen")) }
        if QuickscanPolicy.analysisView(user) != nil { items.append(("nav_quickscans", "/quickscans")) }
        if PlanPolicy.progressView(user) != nil { items.append(("nav_plan", "/tienpuntenplan")) }
        if IncidentPolicy.reach(user) != nil { items.append(("nav_incidents", "/incidenten")) }
        else if IncidentPolicy.mayReadFigures(user) { items.append(("nav_incidents", IncidentFiguresPage.path)) }
        if NetworkPolicy.mayUse(user) { items.append(("nav_networks", "/netwerken")) }
        if ProgrammePolicy.mayRead(user) { items.append(("nav_programme", ProgrammePage.path)) }
        if let user, RequestPolicy.canEditRouting(user) { items.append(("nav_routing", "/beheer/routering")) }
        if user != nil { items.append(("nav_organisations", "/organisaties")) }
        if user?.role == .administrator { items.append(("nav_users", "/beheer/gebruikers")) }
        if let user, RetentionPolicy.mayRead(user) { items.append(("nav_retention", "/beheer/vernietiging")) }
        if AccessPolicy.canReadAuditTrail(user) { items.append(("nav_audit", "/beheer/audit")) }
        let path = request.uri.path, section = Self.section(of: path)
        nav = items.map { key, href in
            NavItem(label: catalogue.text(key), href: href, current: href == path ? "page" : href == section ? "true" : nil)
        }
    }

    /// The navigation item a page belongs to, so the section one is in stays marked on its
    /// every page: searching and questions belong to the toolbox, a quickscan's form to
    /// the quickscans, a municipality's organisations to the organisations.
    static func section(of path: String) -> String? {
        let sections: [(String, [String])] = [
            ("/aanbod", ["/aanbod", "/zoeken", "/vragen"]),
            ("/bijeenkomsten", ["/bijeenkomsten"]),
            ("/leerkringen", ["/leerkringen"]),
            ("/netwerken", ["/netwerken"]),
            ("/incidenten", ["/incidenten"]),
            ("/programma", ["/programma"]),
            ("/quickscans", ["/quickscans", "/quickscan"]),
            ("/tienpuntenplan", ["/tienpuntenplan"]),
            ("/hulpvragen", ["/hulpvragen"]),
            ("/beheer/routering", ["/beheer/routering", "/beheer/behoeften"]),
            ("/beheer/gebruikers", ["/beheer/gebruikers", "/beheer/rechten", "/beheer/mail"]),
            ("/beheer/vernietiging", ["/beheer/vernietiging"]),
            ("/beheer/audit", ["/beheer/audit"]),
            ("/organisaties", ["/organisaties", "/beheer/organisaties"]),
            ("/gemeenten", ["/gemeenten"]),
            ("/dashboard", ["/dashboard"]),
        ]
        return sections.first { $0.1.contains { path == $0 || path.hasPrefix($0 + "/") } }?.0
    }
}

/// Lists a form's problems in the order the form asks its fields, whichever layer found
/// them (the domain checks the fields, the application whether the chosen records exist):
/// the summary's items (`form-errors.mustache`, one per line) are sorted by where their
/// field stands in the page. One place, so no form can list them in another order.
enum ErrorSummaryOrder {
    static let marker = "<ul class=\"error-list\">\n"

    static func apply(_ html: String) -> String {
        guard let start = html.range(of: marker), let end = html.range(of: "</ul>", range: start.upperBound..<html.endIndex) else { return html }
        let items = html[start.upperBound..<end.lowerBound].split(separator: "\n").map(String.init)
        func position(_ item: String) -> Int {
            guard let field = item.firstMatch(of: /data-field="([^"]+)"/)?.1,
                  let found = html.range(of: "id=\"\(field)\"", range: end.upperBound..<html.endIndex) else { return Int.max }
            return html.distance(from: html.startIndex, to: found.lowerBound)
        }
        let sorted = items.map { ($0, position($0)) }.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element.0)
        return html.replacingCharacters(in: start.upperBound..<end.lowerBound, with: sorted.joined(separator: "\n") + "\n")
    }
}
