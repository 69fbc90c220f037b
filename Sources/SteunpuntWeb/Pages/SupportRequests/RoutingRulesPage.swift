import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/beheer/routering`: the unit's coordinator keeps the ordered routing rules that
/// propose where a desk refers a request (first match wins).
struct RoutingRulesPage {
    let renderer: PageRenderer
    let service: RequestService
    let routing: RoutingService

    struct Model {
        struct Row { let id: String; let position: Int; let conditions: String; let target: String; let isFirst: Bool; let isLast: Bool }
        let rows: [Row]
        let hasRows: Bool
        let needs: [OptionModel]
        let channels: [OptionModel]
        let kinds: [OptionModel]
        let targets: [OptionModel]
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("beheer/routering", use: show)
        router.post("beheer/routering", use: add)
        router.post("beheer/routering/{id}/omhoog", use: moveUp)
        router.post("beheer/routering/{id}/omlaag", use: moveDown)
        router.post("beheer/routering/{id}/verwijderen", use: delete)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        return try await render([], request: request, context: context)
    }

    @Sendable func add(_ request: Request, context: AppContext) async throws -> Response {
        let user = try require(context)
        var request = request
        let form = try await request.form(context)
        do {
            _ = try await routing.add(need: form.value("behoefte"), channel: form.value("kanaal"), requesterKind: form.value("soort"),
                                      target: form.value("naar"), by: user, actor: context.actor)
            return .redirect(to: "/beheer/routering", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(errors, request: request, context: context)
        }
    }

    @Sendable func moveUp(_ request: Request, context: AppContext) async throws -> Response { try await move(up: true, context: context) }
    @Sendable func moveDown(_ request: Request, context: AppContext) async throws -> Response { try await move(up: false, context: context) }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        let user = try require(context)
        try await routing.delete(try ruleID(context), by: user, actor: context.actor)
        return .redirect(to: "/beheer/routering", type: .normal)
    }

    private func move(up: Bool, context: AppContext) async throws -> Response {
        let user = try require(context)
        try await routing.move(try ruleID(context), up: up, by: user, actor: context.actor)
        return .redirect(to: "/beheer/routering", type: .normal)
    }

    private func render(_ errors: [FieldError], request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let labels = RequestLabels.make(t, needs: try await service.needs.all())
        let names = try await service.organisations.names()
        let all = try await routing.all(by: try context.requireUser())
        let targets = try await service.referralTargets().map { OptionModel(value: $0.id.rawValue, label: $0.name, selected: false) }
        let model = Model(
            rows: all.enumerated().map { index, rule in
                var parts: [String] = []
                if let need = rule.need { parts.append(labels.need(need)) }
                if let channel = rule.channel { parts.append(labels.channel(channel)) }
                if let kind = rule.requesterKind { parts.append(t.text("kind_\(kind.rawValue)")) }
                return Model.Row(id: rule.id.lowercasedText, position: index + 1,
                                 conditions: parts.isEmpty ? t.text("routing_any") : parts.joined(separator: " + "),
                                 target: names[rule.target] ?? rule.target.rawValue, isFirst: index == 0, isLast: index == all.count - 1)
            },
            hasRows: !all.isEmpty,
            needs: labels.needs.values.sorted { $0.code.rawValue < $1.code.rawValue }.map { OptionModel(value: $0.code.rawValue, label: labels.need($0.code), selected: false) },
            channels: RequestChannel.allCases.map { OptionModel(value: $0.rawValue, label: labels.channel($0), selected: false) },
            kinds: [OrganisationKind.municipality, .school].map { OptionModel(value: $0.rawValue, label: t.text("kind_\($0.rawValue)"), selected: false) },
            targets: targets, errors: FormErrors(errors, t))
        return try renderer.render("routing", page: model, title: t.text("routing_title"), request: request, context: context,
                                   status: errors.isEmpty ? .ok : .badRequest)
    }

    @discardableResult
    private func require(_ context: AppContext) throws -> User {
        let user = try context.requireUser()
        guard RequestPolicy.canEditRouting(user) else { throw DomainError.forbidden }
        return user
    }

    private func ruleID(_ context: AppContext) throws -> UUID {
        let id = try context.identifier("id")
        return id
    }
}
