import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// The handling of an incident through the API (issue 21, part 3): its steps
/// (`/incidenten/{id}/stappen`, each kept by its municipality with `PUT …/stappen/{code}`),
/// the tension's levels over time (`/incidenten/{id}/spanningsniveaus`), and the template
/// the expertise unit keeps in versions (`/incident-stappenplan`, a new version by the
/// unit's coordinator). Reads of an incident's steps and levels are reads of the incident,
/// audited.
struct IncidentStepsAPI {
    let service: IncidentService

    struct StepDTO: Encodable, Sendable {
        let code: String
        let titel: String
        let partij: String
        let toelichtingStappenplan: String
        let stappenplanVersie: Int
        let status: String
        let gedaanOp: String?
        let toelichting: String
        let versie: Int
        let gewijzigdOp: Date?

        init(_ step: IncidentStep) {
            code = step.code
            titel = step.title
            partij = step.party.rawValue
            toelichtingStappenplan = step.guidance
            stappenplanVersie = step.templateVersion
            status = step.state.rawValue
            gedaanOp = step.doneOn.isEmpty ? nil : step.doneOn
            toelichting = step.note
            versie = step.version
            gewijzigdOp = step.changedAt
        }
    }

    struct StepsDTO: Encodable, Sendable {
        let resultaten: [StepDTO]
        let afgerond: Int
        let totaal: Int
        let _links: Links
        struct Links: Encodable, Sendable { let incident: Link; let handreiking: Link? }
    }

    struct LevelDTO: Encodable, Sendable {
        let van: String?
        let niveau: String
        let toelichting: String
        let door: String?
        let op: Date
    }

    struct LevelsDTO: Encodable, Sendable { let resultaten: [LevelDTO] }

    struct StepBody: Decodable, Sendable {
        let status: String?
        let gedaanOp: String?
        let toelichting: String?
        let versie: Int?
    }

    struct TemplateDTO: Encodable, Sendable {
        let versie: Int
        let stappen: [TemplateStepDTO]
        let handreiking: String?
        let wijziging: String
        let vastgesteldOp: Date
        let _links: Links
        struct Links: Encodable, Sendable { let `self`: Link; let handreiking: Link? }

        init(_ template: HandlingTemplate) {
            versie = template.version
            stappen = template.steps.map { TemplateStepDTO(code: $0.code, titel: $0.title, partij: $0.party.rawValue, toelichting: $0.guidance) }
            handreiking = template.guide?.rawValue
            wijziging = template.note
            vastgesteldOp = template.createdAt
            _links = Links(self: Link(href: "\(APIRoutes.base)/incident-stappenplan/versies/\(template.version)"),
                           handreiking: template.guide.map { Link(href: "\(APIRoutes.base)/aanbod/\($0.rawValue)") })
        }
    }

    struct TemplateStepDTO: Codable, Sendable {
        let code: String?
        let titel: String?
        let partij: String?
        let toelichting: String?
    }

    struct TemplatesDTO: Encodable, Sendable { let resultaten: [TemplateDTO] }

    struct TemplateBody: Decodable, Sendable {
        let stappen: [TemplateStepDTO]?
        let handreiking: String?
        let wijziging: String?
        let gebaseerdOp: Int?
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/incidenten/{id}/stappen", use: steps)
        routes.put("/incidenten/{id}/stappen/{code}", use: updateStep)
        routes.get("/incidenten/{id}/spanningsniveaus", use: levels)
        routes.get("/incident-stappenplan", use: current)
        routes.get("/incident-stappenplan/versies", use: versions)
        routes.post("/incident-stappenplan/versies", use: publish)
        routes.get("/incident-stappenplan/versies/{versie}", use: version)
    }

    @Sendable func steps(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let id = try context.parameters.require("id")
        let view = try await service.read(id, actor: context.actor)
        let progress = IncidentStep.progress(view.steps)
        return try JSONResponse.make(StepsDTO(resultaten: view.steps.map(StepDTO.init), afgerond: progress.settled, totaal: progress.total,
                                              _links: .init(incident: Link(href: "\(APIRoutes.base)/incidenten/\(view.incident.id.lowercasedText)"),
                                                            handreiking: view.guide.map { Link(href: "\(APIRoutes.base)/aanbod/\($0.slug.rawValue)") })))
    }

    @Sendable func updateStep(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: StepBody.self, context: context)
        let id = try context.parameters.require("id"), code = try context.parameters.require("code")
        let expected = try APIPrecondition.expected(request, body: body.versie)
        let update = IncidentStepUpdate(state: body.status ?? "", doneOn: body.gedaanOp ?? "", note: body.toelichting ?? "")
        let step: IncidentStep
        do {
            step = try await APIPrecondition.apply(expected) {
                try await service.updateStep(code, of: id, with: update, version: expected?.version, actor: context.actor)
            }
        } catch DomainError.invalid(let errors) {
            // The form's `datum` is the body's `gedaanOp`.
            throw DomainError.invalid(errors.map { $0.field == "datum" ? FieldError(field: "gedaanOp", code: $0.code) : $0 })
        }
        return try JSONResponse.make(StepDTO(step), headers: [.eTag: APIPrecondition.etag(step.version)])
    }

    @Sendable func levels(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let view = try await service.read(try context.parameters.require("id"), actor: context.actor)
        return try JSONResponse.make(LevelsDTO(resultaten: view.history.compactMap { event in
            guard case .tension(let from, let to) = event.change else { return nil }
            return LevelDTO(van: from?.rawValue, niveau: to.rawValue, toelichting: event.note, door: view.names[event.by], op: event.at)
        }))
    }

    @Sendable func current(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let template = try await service.template(version: nil, actor: context.actor).template
        return try JSONResponse.make(TemplateDTO(template), headers: [.eTag: APIPrecondition.etag(template.version)])
    }

    @Sendable func versions(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        return try JSONResponse.make(TemplatesDTO(resultaten: try await service.template(version: nil, actor: context.actor).versions.map(TemplateDTO.init)))
    }

    @Sendable func version(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        guard let number = Int(try context.parameters.require("versie")), number > 0 else { throw DomainError.notFound }
        return try JSONResponse.make(TemplateDTO(try await service.template(version: number, actor: context.actor).template))
    }

    /// A row's field as the body names it: `stap-2-titel` is `stappen[1].titel`.
    static let rows = APIRows(prefix: "stap", array: "stappen")

    /// A new version of the template: 201 with it; `gebaseerdOp` (or If-Match) names the
    /// version it was made on, a later one standing gives 409 (412 with If-Match).
    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: TemplateBody.self, context: context)
        let expected = try APIPrecondition.expected(request, body: body.gebaseerdOp)
        let draft = HandlingTemplateDraft(rows: (body.stappen ?? []).map {
            HandlingTemplateDraft.Row(code: $0.code ?? "", title: $0.titel ?? "", party: $0.partij ?? "", guidance: $0.toelichting ?? "")
        }, guide: body.handreiking ?? "", note: body.wijziging ?? "")
        let template = try await Self.rows.naming {
            try await APIPrecondition.apply(expected) { try await service.publishTemplate(draft, basedOn: expected?.version, actor: context.actor) }
        }
        let dto = TemplateDTO(template)
        return try JSONResponse.make(dto, status: .created, headers: [.location: dto._links.`self`.href, .eTag: APIPrecondition.etag(template.version)])
    }
}
