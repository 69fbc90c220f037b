import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/hulpvragen/{id}`: one request (every view audited): its details and deadlines, the
/// history, the messages and activities, and the steps this user can take now.
/// Steps post to `/hulpvragen/{id}/acties`, messages and activities to their own paths;
/// a refused step shows the page again with every problem listed.
struct RequestDetailPage {
    let renderer: PageRenderer
    let service: RequestService
    let choices: NameChoices
    let incidents: IncidentService

    func register(on router: Router<AppContext>) {
        router.get("hulpvragen/{id}", use: show)
        router.post("hulpvragen/{id}/acties", use: act)
        router.post("hulpvragen/{id}/berichten", use: message)
        router.post("hulpvragen/{id}/activiteiten", use: activity)
        router.post("hulpvragen/{id}/beoordeling", use: feedback)
    }

    @Sendable func feedback(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try id(context)
        var request = request
        let form = try await request.form(context)
        do {
            _ = try await service.giveFeedback(score: form.value("score") ?? "", comment: form.value("toelichting") ?? "", on: id, by: user, actor: context.actor)
            return .redirect(to: "/hulpvragen/\(id.lowercasedText)?beoordeeld=1", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(id, user: user, notice: nil, errors: errors, failed: .feedback, request: request, context: context)
        } catch DomainError.conflict(let code) {
            return try await render(id, user: user, notice: nil, errors: [FieldError(field: "score", code: code)], failed: .feedback, request: request, context: context)
        }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let query = request.uri.queryParameters
        let notice = query["ingediend"] != nil ? "request_filed_notice" : query["gewijzigd"] != nil ? "request_changed_notice"
            : query["beoordeeld"] != nil ? "request_feedback_notice" : query["beantwoord"] != nil ? "request_answered_notice" : nil
        return try await render(try id(context), user: user, notice: notice, errors: [], request: request, context: context)
    }

    @Sendable func act(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try id(context)
        var request = request
        let form = try await request.form(context)
        let step = RequestForm.step(form.value("stap") ?? form.value("actie") ?? "")
        do {
            let action = try RequestActionInput(action: form.value("actie") ?? "", target: form.value("naar"), reason: form.value("reden"),
                                                advisor: form.value("behandelaar"), outcome: form.value("uitkomst")).parsed(privacy: service.privacy)
            _ = try await service.act(action, on: id, expectedVersion: Int(form.value("versie") ?? ""), by: user, actor: context.actor)
            return .redirect(to: "/hulpvragen/\(id.lowercasedText)?gewijzigd=1", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(id, user: user, notice: nil, errors: errors, failed: step, request: request, context: context)
        } catch DomainError.conflict(let code) {
            return try await render(id, user: user, notice: nil, errors: [FieldError(field: "actie", code: code)], failed: step, request: request, context: context)
        }
    }

    @Sendable func message(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try id(context)
        var request = request
        let form = try await request.form(context)
        let sent: RequestForm = form.value("antwoord") == "ja" ? .answer : .message
        do {
            let posted = try await service.post(form.value("tekst") ?? "", isInternal: form.value("intern") == "ja", on: id, by: user, actor: context.actor)
            if form.value("antwoord") == "ja", posted.request.status != .waitingForRequester {
                // The requester answered the handler's question: say that the clock runs again.
                return .redirect(to: "/hulpvragen/\(id.lowercasedText)?beantwoord=1", type: .normal)
            }
            return .redirect(to: "/hulpvragen/\(id.lowercasedText)#berichten", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(id, user: user, notice: nil, errors: errors, failed: sent, request: request, context: context, draftMessage: form.value("tekst") ?? "")
        } catch DomainError.conflict(let code) {
            return try await render(id, user: user, notice: nil, errors: [FieldError(field: "tekst", code: code)], failed: sent, request: request, context: context)
        }
    }

    @Sendable func activity(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try id(context)
        var request = request
        let form = try await request.form(context)
        let draft = ActivityDraft(kind: form.value("soort") ?? "", day: form.value("datum") ?? "", hours: form.value("uren") ?? "",
                                  participants: form.value("deelnemers") ?? "", note: form.value("toelichting") ?? "",
                                  offering: form.value("aanbod") ?? "", sendToRequester: form.value("stuurNaarAanvrager") == "ja",
                                  meeting: form.value("bijeenkomst") ?? "", network: form.value("netwerk") ?? "")
        do {
            _ = try await service.addActivity(draft, on: id, by: user, actor: context.actor)
            return .redirect(to: "/hulpvragen/\(id.lowercasedText)#activiteiten", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(id, user: user, notice: nil, errors: errors, failed: .activity, request: request, context: context, draftActivity: draft)
        }
    }

    private func render(_ id: UUID, user: User, notice: String?, errors: [FieldError], failed: RequestForm? = nil, request: Request, context: AppContext,
                        draftMessage: String = "", draftActivity: ActivityDraft? = nil) async throws -> Response {
        let found = try await service.read(id, by: user, actor: context.actor)
        let t = renderer.catalogue(context.language)
        var model = try await RequestDetailModel.make(found.request, parties: found.parties, user: user, service: service,
                                                      municipalityName: try await choices.municipalityName(found.request.municipality), t: t,
                                                      notice: notice, errors: errors, failed: failed, draftMessage: draftMessage,
                                                      draftActivity: draftActivity)
        if found.request.channel == .incident, let incident = try await incidents.incident(forRequest: found.request.id, actor: context.actor) {
            model.incident = .init(label: t.text("incident_from_request", ["number": incident.number]), href: "/incidenten/\(incident.id.lowercasedText)")
        }
        return try renderer.render("request", page: model, title: "\(found.request.number) \(found.request.title)", request: request, context: context,
                                   status: errors.isEmpty ? .ok : .badRequest)
    }

    private func id(_ context: AppContext) throws -> UUID {
        let id = try context.identifier("id")
        return id
    }
}
