import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/incidenten/{id}`: one incident: what happened and how it is classified, where its
/// handling stands, the tension's timeline (a signal), and every change. The municipality's
/// officials change the status or the tension level with a note
/// (`…/behandeling`, every problem at once, a change made on an older version refused with
/// what was typed kept), share it with the expertise unit or a partner organisation and end
/// a share (`…/delen`; every share made and ended is listed); and ask the expertise unit for
/// help from it (`…/hulpvraag`: a support request filed at the unit, linked both ways; the
/// unit reads the incident from then on); the unit and partners read what is shared with
/// them (the unit also what it was asked about), never whom else it is shared with. Every
/// read is audited.
struct IncidentPage {
    let renderer: PageRenderer
    let service: IncidentService

    struct Fact { let label: String; let value: String }
    struct HistoryRow { let when: String; let who: String; let what: String; let note: String }
    struct LevelRow { let when: String; let level: String; let code: String; let note: String }
    struct StepRow { let title: String; let party: String; let state: String; let stateCode: String; let note: String; let href: String? }
    struct GuideLink { let title: String; let href: String }
    struct ShareRow { let organisation: String; let organisationID: String; let shared: String; let ended: String? }

    struct Model {
        let number: String
        let kind: String
        let municipality: String
        let facts: [Fact]
        let description: String
        let status: String
        let statusCode: String
        let isTension: Bool
        let level: String?
        let timeline: [LevelRow]
        let hasTimeline: Bool
        let mayKeep: Bool
        let action: String
        let shareAction: String
        let version: String
        let statuses: [OptionModel]
        let levels: [OptionModel]
        let note: String
        let sharedLine: String
        /// The shares standing (each with a button to end it) and those ended.
        let standing: [ShareRow]
        let hasStanding: Bool
        let ended: [ShareRow]
        let hasEnded: Bool
        /// The organisations it can be shared with still.
        let partners: [OptionModel]
        let hasPartners: Bool
        /// For a reader it is shared with: who shared it, and that the read is recorded.
        let readerLine: String?
        let history: [HistoryRow]
        /// The handling steps, how many are settled, and the guide they come from.
        let steps: [StepRow]
        let hasSteps: Bool
        let stepsLine: String
        let guide: GuideLink?
        let notice: String?
        let errors: FormErrors
        /// Where the request for help is (nil: none asked yet).
        let requestHref: String?
        let mayAskHelp: Bool
        let helpAction: String
        let question: String
    }

    func register(on router: Router<AppContext>) {
        router.get("incidenten/{id}", use: show)
        router.post("incidenten/{id}/behandeling", use: update)
        router.post("incidenten/{id}/delen", use: share)
        router.post("incidenten/{id}/hulpvraag", use: askHelp)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        return try await render(update: nil, version: nil, errors: [], request: request, context: context)
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.parameters.require("id")
        var request = request
        let form = try await request.form(context)
        let update = IncidentUpdate(status: form.value("status") ?? "", tensionLevel: form.value("spanningsniveau") ?? "", note: form.value("toelichting") ?? "")
        let version = form.value("versie").flatMap(Int.init) ?? 0
        return try await VersionedSave.save(staleCode: "incident_changed", {
            _ = try await service.update(id, with: update, version: version, actor: context.actor)
            return .redirect(to: "/incidenten/\(id)?gedaan=bijgewerkt", type: .normal)
        }, form: { errors, status in
            // After a conflict the form carries the version now standing: saving again overwrites it knowingly.
            try await render(update: update, version: status == .conflict ? nil : version, errors: errors, request: request, context: context, status: status)
        })
    }

    @Sendable func share(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.parameters.require("id")
        var request = request
        let form = try await request.form(context)
        let shared = form.value("delen") == "ja"
        // A share stands apart from the rest of the incident: made on whatever stands now.
        return try await VersionedSave.save(staleCode: "incident_changed", {
            _ = try await service.share(id, with: form.value("organisatie") ?? "", shared, version: nil, actor: context.actor)
            return .redirect(to: "/incidenten/\(id)?gedaan=\(shared ? "gedeeld" : "niet-gedeeld")#delen", type: .normal)
        }, form: { errors, status in
            try await render(update: nil, version: nil, errors: errors, request: request, context: context, status: status)
        })
    }

    @Sendable func askHelp(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.parameters.require("id")
        var request = request
        let form = try await request.form(context)
        let question = form.value("vraag") ?? ""
        let version = form.value("versie").flatMap(Int.init) ?? 0
        return try await VersionedSave.save(staleCode: "incident_changed", told: ["incident_help_asked"], {
            let filed = try await service.askHelp(id, question: question, version: version, actor: context.actor)
            return .redirect(to: "/incidenten/\(id)?gedaan=hulp-gevraagd&hulpvraag=\(filed.number)", type: .normal)
        }, form: { errors, status in
            try await render(update: nil, version: version, question: question, errors: errors, request: request, context: context, status: status)
        })
    }

    /// "Gedaan op 12 november 2026", "Niet van toepassing", "Open".
    static func stateLine(_ step: IncidentStep, _ t: Catalogue) -> String {
        switch step.state {
        case .done: t.text("step_done_on", ["day": CalendarDay(step.doneOn).map { t.date($0.start()) } ?? step.doneOn])
        case .open, .notApplicable: t.text("step_state_\(step.state.rawValue)")
        }
    }

    private func render(update: IncidentUpdate?, version: Int?, question: String = "", errors: [FieldError], request: Request, context: AppContext,
                        status: HTTPResponse.Status? = nil) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let view = try await service.read(try context.parameters.require("id"), actor: context.actor)
        let incident = view.incident
        let names = try await service.municipalityNames(of: [incident.municipality])
        let who = { (id: UUID) in view.names[id] ?? t.text("plan_history_unknown") }
        let organisationName = { (id: OrganisationID) in view.organisationNames[id] ?? id.rawValue }
        var facts = [Fact(label: t.text("incident_when"), value: IncidentsPage.day(incident, t)),
                     Fact(label: t.text("field_name_plaats"), value: t.text("incident_location_\(incident.location.rawValue)")),
                     Fact(label: t.text("field_name_wijk"), value: incident.neighbourhood)]
        if !incident.grounds.isEmpty {
            facts.append(Fact(label: t.text("field_name_gronden"), value: incident.grounds.map { t.text("incident_ground_\($0.rawValue)") }.joined(separator: ", ")))
        }
        if let nature = incident.nature { facts.append(Fact(label: t.text("field_name_aard"), value: t.text("incident_nature_\(nature.rawValue)"))) }
        if let setting = incident.setting { facts.append(Fact(label: t.text("field_name_terrein"), value: t.text("incident_setting_\(setting.rawValue)"))) }
        facts.append(Fact(label: t.text("field_name_ernst"), value: t.text("incident_severity_\(incident.severity.rawValue)")))
        facts.append(Fact(label: t.text("incident_registered"), value: t.text("incident_registered_line", ["day": t.dateTime(incident.createdAt), "name": who(incident.createdBy)])))
        let timeline: [LevelRow] = view.history.compactMap { event in
            guard case .tension(_, let level) = event.change else { return nil }
            return LevelRow(when: t.dateTime(event.at), level: t.text("tension_\(level.rawValue)"), code: level.rawValue, note: event.note)
        }
        let history = view.history.map { event in
            let what: String = switch event.change {
            case .registered: t.text("incident_history_registered")
            case .status(let from, let to): t.text("incident_history_status", ["from": t.text("incident_status_\(from.rawValue)"), "to": t.text("incident_status_\(to.rawValue)")])
            case .tension(_, let to): t.text("incident_history_level", ["level": t.text("tension_\(to.rawValue)")])
            case .shared(let organisation): t.text("incident_history_shared", ["name": organisationName(organisation)])
            case .unshared(let organisation): t.text("incident_history_unshared", ["name": organisationName(organisation)])
            case .helpAsked: t.text("incident_history_help")
            case .step(let code, _, let to):
                t.text("incident_history_step", ["step": view.steps.first { $0.code == code }?.title ?? code, "state": t.text("step_state_\(to.rawValue)")])
            }
            return HistoryRow(when: t.dateTime(event.at), who: who(event.by), what: what, note: event.note)
        }
        let shown = update ?? IncidentUpdate()
        let base = "/incidenten/\(incident.id.lowercasedText)"
        let notice = Query(request: request).text("gedaan").flatMap { done in
            ["geregistreerd", "bijgewerkt", "gedeeld", "niet-gedeeld", "hulp-gevraagd", "stap"].contains(done)
                ? t.text("incident_done_\(done)", ["number": Query(request: request).text("hulpvraag") ?? ""]) : nil
        }
        let steps = view.steps.map { step in
            StepRow(title: step.title, party: t.text("incident_party_\(step.party.rawValue)"), state: Self.stateLine(step, t), stateCode: step.state.rawValue,
                    note: step.note, href: view.mayKeep ? "\(base)/stappen/\(step.code)" : nil)
        }
        let progress = IncidentStep.progress(view.steps)
        let shareRows = view.shares.map { share in
            ShareRow(organisation: organisationName(share.organisation), organisationID: share.organisation.rawValue,
                     shared: t.text("incident_share_made", ["day": t.dateTime(share.sharedAt), "name": who(share.sharedBy)]),
                     ended: share.revokedAt.map { t.text("incident_share_ended", ["day": t.dateTime($0), "name": share.revokedBy.map(who) ?? ""]) })
        }
        let partners = view.mayKeep ? try await service.sharePartners(actor: context.actor).filter { choice in
            !incident.sharedWith.contains { $0.rawValue == choice.id }
        } : []
        let standing = shareRows.filter { $0.ended == nil }
        let sharedLine = standing.isEmpty ? t.text("incident_shared_no")
            : t.text("incident_shared_with", ["count": NumberText.format(standing.count, t.language)])
        var readerLine: String? = nil
        if let destroyed = incident.destroyedAt {
            readerLine = t.text("incident_destroyed", ["day": t.date(destroyed)])
        } else if !view.mayKeep {
            readerLine = t.text("incident_reader_line", ["municipality": names[incident.municipality] ?? incident.municipality.rawValue])
        }
        let model = Model(
            number: incident.number, kind: t.text("incident_kind_\(incident.kind.rawValue)"),
            municipality: names[incident.municipality] ?? incident.municipality.rawValue, facts: facts.filter { !$0.value.isEmpty },
            description: incident.description, status: t.text("incident_status_\(incident.status.rawValue)"), statusCode: incident.status.rawValue,
            isTension: incident.kind.isTension, level: incident.tensionLevel.map { t.text("tension_\($0.rawValue)") }, timeline: timeline,
            hasTimeline: !timeline.isEmpty, mayKeep: view.mayKeep, action: "\(base)/behandeling", shareAction: "\(base)/delen",
            version: String(version ?? incident.version),
            statuses: IncidentStatus.allCases.map {
                OptionModel(value: $0.rawValue, label: t.text("incident_status_\($0.rawValue)"), selected: $0.rawValue == (update.map(\.status) ?? incident.status.rawValue))
            },
            levels: TensionLevel.allCases.map {
                OptionModel(value: $0.rawValue, label: t.text("tension_\($0.rawValue)"), selected: $0.rawValue == (update.map(\.tensionLevel) ?? incident.tensionLevel?.rawValue))
            },
            note: shown.note, sharedLine: sharedLine, standing: standing, hasStanding: !standing.isEmpty,
            ended: shareRows.filter { $0.ended != nil }, hasEnded: shareRows.contains { $0.ended != nil },
            partners: partners.map { OptionModel(value: $0.id, label: $0.name, selected: false) }, hasPartners: !partners.isEmpty, readerLine: readerLine,
            history: history,
            steps: steps, hasSteps: !steps.isEmpty,
            stepsLine: t.text("incident_steps_line", ["settled": NumberText.format(progress.settled, t.language),
                                                      "total": NumberText.format(progress.total, t.language),
                                                      "version": NumberText.format(view.steps.first?.templateVersion ?? 0, t.language)]),
            guide: view.guide.map { GuideLink(title: $0.title, href: "/aanbod/\($0.slug.rawValue)") }, notice: notice,
            errors: FormErrors(errors, t),
            requestHref: view.mayFollowRequest ? incident.requestID.map { "/hulpvragen/\($0.lowercasedText)" } : nil,
            mayAskHelp: view.mayKeep && incident.requestID == nil, helpAction: "\(base)/hulpvraag", question: question)
        return try renderer.render("incident", page: model, title: "\(incident.number): \(model.kind)", request: request, context: context,
                                   status: status ?? (errors.isEmpty ? .ok : .badRequest))
    }
}
