import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain

/// `/mijn-account/meldingen`: which notifications a person also gets by mail (per kind:
/// at once, in the daily summary, or not), at which hour the summary comes and in which
/// language. Only the kinds their role can receive are offered. Works without script.
struct NotificationPreferencesPage {
    let renderer: PageRenderer
    let service: Notifications

    struct Model {
        struct Choice { let id: String; let name: String; let value: String; let label: String; let selected: Bool }
        struct Kind { let label: String; let options: [Choice] }
        let kinds: [Kind]
        let hasKinds: Bool
        let hours: [OptionModel]
        let languages: [OptionModel]
        let saved: Bool
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("mijn-account/meldingen", use: show)
        router.post("mijn-account/meldingen", use: save)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let preferences = try await service.preferences(by: user)
        return try render(preferences, role: user.role, saved: Query(request: request).text("opgeslagen") != nil, errors: [],
                          request: request, context: context)
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        var request = request
        let form = try await request.form(context)
        var delivery: [String: String] = [:]
        for kind in NotificationPreferences.kinds(for: user.role) {
            if let value = form.value("bezorging-\(kind.rawValue)") { delivery[kind.rawValue] = value }
        }
        let draft = NotificationPreferences.Draft(delivery: delivery, digestHour: form.value("uurDagoverzicht") ?? "", language: form.value("taal") ?? "")
        do {
            _ = try await service.savePreferences(draft, by: user)
            return .redirect(to: "/mijn-account/meldingen?opgeslagen=1", type: .normal)
        } catch DomainError.invalid(let errors) {
            var shown = try await service.preferences(by: user)
            for (key, value) in delivery {
                if let kind = RequestNotice.Kind(rawValue: key), let choice = MailDelivery(rawValue: value) { shown.delivery[kind] = choice }
            }
            if let hour = Int(draft.digestHour), (0...23).contains(hour) { shown.digestHour = hour }
            if NotificationPreferences.languages.contains(draft.language) { shown.language = draft.language }
            return try render(shown, role: user.role, saved: false, errors: errors, request: request, context: context, status: .badRequest)
        }
    }

    private func render(_ preferences: NotificationPreferences, role: Role, saved: Bool, errors: [FieldError], request: Request,
                        context: AppContext, status: HTTPResponse.Status = .ok) throws -> Response {
        let t = renderer.catalogue(context.language)
        let kinds = NotificationPreferences.kinds(for: role).map { kind in
            Model.Kind(label: t.text("notification_\(kind.rawValue)"), options: MailDelivery.allCases.map { delivery in
                Model.Choice(id: "bezorging-\(kind.rawValue)-\(delivery.rawValue)", name: "bezorging-\(kind.rawValue)", value: delivery.rawValue,
                             label: t.text("mail_delivery_\(delivery.rawValue)"), selected: preferences.delivery(of: kind, role: role) == delivery)
            })
        }
        let hours = (0...23).map { OptionModel(value: String($0), label: t.text("preferences_hour_option", ["hour": String($0)]),
                                               selected: $0 == preferences.digestHour) }
        let languages = NotificationPreferences.languages.map { OptionModel(value: $0, label: t.text("language_\($0)"), selected: $0 == preferences.language) }
        let model = Model(kinds: kinds, hasKinds: !kinds.isEmpty, hours: hours, languages: languages, saved: saved, errors: FormErrors(errors, t))
        return try renderer.render("notification-preferences", page: model, title: t.text("preferences_title"), request: request,
                                   context: context, status: status)
    }
}
