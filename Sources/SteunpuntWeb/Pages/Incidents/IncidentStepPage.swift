import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/incidenten/{id}/stappen/{code}`: one handling step of an incident, for its
/// municipality's officials: what the guide says to do and with whom, and the form to mark
/// it done on a day, not applicable (with why) or open again, with a note. Every problem
/// at once; a step saved by someone else in between is refused with what was typed kept
/// and what stands now shown, to be saved again over it.
struct IncidentStepPage {
    let renderer: PageRenderer
    let service: IncidentService

    struct Model {
        let number: String
        let incidentHref: String
        let title: String
        let party: String
        let guidance: String
        let current: String
        let action: String
        let version: String
        let states: [OptionModel]
        let doneOn: String
        let today: String
        let note: String
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("incidenten/{id}/stappen/{code}", use: show)
        router.post("incidenten/{id}/stappen/{code}", use: save)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        return try await render(typed: nil, version: nil, errors: [], request: request, context: context)
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.parameters.require("id"), code = try context.parameters.require("code")
        var request = request
        let form = try await request.form(context)
        let update = IncidentStepUpdate(state: form.value("status") ?? "", doneOn: form.value("datum") ?? "", note: form.value("toelichting") ?? "")
        let version = form.value("versie").flatMap(Int.init) ?? 0
        return try await VersionedSave.save(staleCode: "incident_step_changed", {
            _ = try await service.updateStep(code, of: id, with: update, version: version, actor: context.actor)
            return .redirect(to: "/incidenten/\(id)?gedaan=stap#stappen", type: .normal)
        }, form: { errors, status in
            // After a conflict the form carries the version now standing: saving again overwrites it knowingly.
            try await render(typed: update, version: status == .conflict ? nil : version, errors: errors, request: request, context: context, status: status)
        })
    }

    private func render(typed: IncidentStepUpdate?, version: Int?, errors: [FieldError], request: Request, context: AppContext,
                        status: HTTPResponse.Status? = nil) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let id = try context.parameters.require("id"), code = try context.parameters.require("code")
        let (incident, step) = try await service.step(code, of: id, actor: context.actor)
        let shown = typed ?? IncidentStepUpdate(state: step.state.rawValue, doneOn: step.doneOn, note: step.note)
        let base = "/incidenten/\(incident.id.lowercasedText)"
        let model = Model(
            number: incident.number, incidentHref: base, title: step.title, party: t.text("incident_party_\(step.party.rawValue)"), guidance: step.guidance,
            current: IncidentPage.stateLine(step, t), action: "\(base)/stappen/\(step.code)", version: String(version ?? step.version),
            states: StepState.allCases.map { OptionModel(value: $0.rawValue, label: t.text("step_state_\($0.rawValue)"), selected: $0.rawValue == shown.state) },
            doneOn: shown.doneOn, today: CalendarDay(of: service.dependencies.now()).description, note: shown.note,
            errors: FormErrors(errors, t))
        return try renderer.render("incident-step", page: model, title: "\(step.title): \(incident.number)", request: request, context: context,
                                   status: status ?? (errors.isEmpty ? .ok : .badRequest))
    }
}
