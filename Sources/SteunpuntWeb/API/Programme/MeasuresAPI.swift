import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/maatregelen`: the action programme's measures (issue 22) for the NCTV's and
/// the expertise unit's systems: every measure in the programme's order with how far its
/// milestones are, one with its milestones (`…/mijlpalen`), its versions as written
/// (`…/versies`) and its progress per quarter (`…/voortgang`). An analyst, or the unit's
/// coordinator, adds measures for their organisation and keeps those it owns
/// (`ProgrammePolicy`): `PUT` of the whole measure with `If-Match` or `versie`, `PUT` of a
/// quarter's text. Others are refused (403).
struct MeasuresAPI {
    let service: MeasureService

    struct MilestoneDTO: Encodable, Sendable {
        let volgnummer: Int
        let titel: String
        let datum: String
        let stand: String
        let behaaldOp: String?
        let toelichting: String?
        let teLaat: Bool
        /// The address in the toolbox of its result.
        let resultaat: String?
        let _links: Links?
        struct Links: Encodable, Sendable { let resultaat: Link }

        init(_ milestone: Milestone, position: Int, today: CalendarDay) {
            volgnummer = position
            titel = milestone.title
            datum = milestone.dueOn
            stand = milestone.state.rawValue
            behaaldOp = milestone.reachedOn.isEmpty ? nil : milestone.reachedOn
            toelichting = milestone.note.isEmpty ? nil : milestone.note
            teLaat = milestone.isLate(today: today)
            resultaat = milestone.result?.rawValue
            _links = milestone.result.map { Links(resultaat: Link(href: "\(APIRoutes.base)/aanbod/\($0.rawValue)")) }
        }
    }

    struct SummaryDTO: Encodable, Sendable {
        let behaald: Int
        let totaal: Int
        let teLaat: Int
    }

    struct MeasureDTO: Encodable, Sendable {
        let nummer: String
        let onderdeelVan: String?
        let titel: String
        let omschrijving: String
        let ministerie: String
        let organisaties: String
        let eigenaar: String
        let status: String
        let begin: String?
        let einde: String?
        let mijlpalen: [MilestoneDTO]
        /// Its milestones and, for a measure with parts, theirs: counted.
        let voortgangMijlpalen: SummaryDTO?
        let versie: Int
        let gewijzigdOp: Date
        let _links: Links
        struct Links: Encodable, Sendable { let `self`: Link; let mijlpalen: Link; let versies: Link; let voortgang: Link; let onderdeelVan: Link? }

        init(_ measure: Measure, summary: MeasureProgressSummary?, today: CalendarDay) {
            nummer = measure.number.rawValue
            onderdeelVan = measure.number.parent?.rawValue
            titel = measure.title
            omschrijving = measure.description
            ministerie = measure.ministry
            organisaties = measure.organisations
            eigenaar = measure.owner.rawValue
            status = measure.status.rawValue
            begin = measure.startsOn.isEmpty ? nil : measure.startsOn
            einde = measure.endsOn.isEmpty ? nil : measure.endsOn
            mijlpalen = measure.milestones.enumerated().map { MilestoneDTO($1, position: $0 + 1, today: today) }
            voortgangMijlpalen = summary.map { SummaryDTO(behaald: $0.reached, totaal: $0.total, teLaat: $0.late) }
            versie = measure.version
            gewijzigdOp = measure.updatedAt
            let base = "\(APIRoutes.base)/maatregelen/\(nummer)"
            _links = Links(self: Link(href: base), mijlpalen: Link(href: base + "/mijlpalen"), versies: Link(href: base + "/versies"),
                           voortgang: Link(href: base + "/voortgang"), onderdeelVan: onderdeelVan.map { Link(href: "\(APIRoutes.base)/maatregelen/\($0)") })
        }
    }

    struct MilestonesDTO: Encodable, Sendable { let resultaten: [MilestoneDTO] }
    struct VersionDTO: Encodable, Sendable {
        let versie: Int
        let gewijzigd: [String]
        let door: String?
        let op: Date
        let _links: Links
        struct Links: Encodable, Sendable { let `self`: Link }
    }
    struct VersionsDTO: Encodable, Sendable { let resultaten: [VersionDTO] }
    struct ProgressDTO: Encodable, Sendable { let periode: String; let tekst: String; let door: String?; let op: Date }
    struct ProgressListDTO: Encodable, Sendable { let resultaten: [ProgressDTO] }

    struct Body: Decodable, Sendable {
        struct Row: Decodable, Sendable {
            let titel: String?
            let datum: String?
            let stand: String?
            let behaaldOp: String?
            let toelichting: String?
            let resultaat: String?
        }
        let nummer: String?
        let titel: String?
        let omschrijving: String?
        let ministerie: String?
        let organisaties: String?
        let status: String?
        let begin: String?
        let einde: String?
        let mijlpalen: [Row]?
        let versie: Int?

        var draft: MeasureDraft {
            MeasureDraft(number: nummer ?? "", title: titel ?? "", description: omschrijving ?? "", ministry: ministerie ?? "", organisations: organisaties ?? "",
                         status: status ?? "", startsOn: begin ?? "", endsOn: einde ?? "",
                         milestones: (mijlpalen ?? []).map {
                             MeasureDraft.Row(title: $0.titel ?? "", dueOn: $0.datum ?? "", state: $0.stand ?? "", reachedOn: $0.behaaldOp ?? "",
                                              note: $0.toelichting ?? "", result: $0.resultaat ?? "")
                         })
        }
    }

    struct ProgressBody: Decodable, Sendable { let tekst: String? }

    func register(on routes: inout APIRoutes) {
        routes.get("/maatregelen", use: list)
        routes.post("/maatregelen", use: create)
        routes.get("/maatregelen/{nummer}", use: show)
        routes.put("/maatregelen/{nummer}", use: update)
        routes.get("/maatregelen/{nummer}/mijlpalen", use: milestones)
        routes.get("/maatregelen/{nummer}/versies", use: versions)
        routes.get("/maatregelen/{nummer}/versies/{versie}", use: version)
        routes.get("/maatregelen/{nummer}/voortgang", use: progress)
        routes.put("/maatregelen/{nummer}/voortgang/{periode}", use: writeProgress)
    }

    private var today: CalendarDay { CalendarDay(of: service.dependencies.now()) }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        var v = Validator()
        let pageRequest = Query(request: request).page(into: &v)
        try v.finish()
        let all = try await service.list(actor: context.actor).measures
        let items = all.dropFirst(pageRequest.offset).prefix(pageRequest.size).map { MeasureDTO($0.measure, summary: $0.summary, today: today) }
        return try ListResponse(page: Page(items: Array(items), total: all.count, request: pageRequest), request: request, items: Array(items)).response()
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: Body.self, context: context)
        let created = try await Self.bodyProblems { try await service.create(body.draft, actor: context.actor) }
        let dto = MeasureDTO(created, summary: nil, today: today)
        return try JSONResponse.make(dto, status: .created, headers: [.location: dto._links.`self`.href, .eTag: APIPrecondition.etag(created.version)])
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let view = try await service.read(try context.parameters.require("nummer"), actor: context.actor)
        return try JSONResponse.make(MeasureDTO(view.measure, summary: view.summary, today: today), headers: [.eTag: APIPrecondition.etag(view.measure.version)])
    }

    /// The whole measure anew; `If-Match` or `versie` names the version it was made on (412/409 `measure_changed`).
    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let number = try context.parameters.require("nummer")
        // The address first: a malformed one is answered as such, whatever If-Match says.
        guard MeasureNumber(number) != nil else { throw DomainError.notFound }
        let body = try await request.decode(as: Body.self, context: context)
        let expected = try APIPrecondition.expected(request, body: body.versie)
        let saved = try await Self.bodyProblems {
            try await APIPrecondition.apply(expected) { try await service.update(number, with: body.draft, version: expected?.version, actor: context.actor) }
        }
        return try JSONResponse.make(MeasureDTO(saved, summary: nil, today: today), headers: [.eTag: APIPrecondition.etag(saved.version)])
    }

    @Sendable func milestones(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let view = try await service.read(try context.parameters.require("nummer"), actor: context.actor)
        return try JSONResponse.make(MilestonesDTO(resultaten: view.measure.milestones.enumerated().map { MilestoneDTO($1, position: $0 + 1, today: today) }))
    }

    @Sendable func versions(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let view = try await service.read(try context.parameters.require("nummer"), actor: context.actor)
        let base = "\(APIRoutes.base)/maatregelen/\(view.measure.number.rawValue)/versies"
        return try JSONResponse.make(VersionsDTO(resultaten: view.versions.map {
            VersionDTO(versie: $0.version, gewijzigd: $0.changed, door: view.names[$0.by], op: $0.at, _links: .init(self: Link(href: "\(base)/\($0.version)")))
        }))
    }

    @Sendable func version(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        guard let number = Int(try context.parameters.require("versie")), number > 0 else { throw DomainError.notFound }
        let measure = try await service.version(try context.parameters.require("nummer"), version: number, actor: context.actor)
        return try JSONResponse.make(MeasureDTO(measure, summary: nil, today: today))
    }

    @Sendable func progress(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let view = try await service.read(try context.parameters.require("nummer"), actor: context.actor)
        return try JSONResponse.make(ProgressListDTO(resultaten: view.progress.map {
            ProgressDTO(periode: $0.period.description, tekst: $0.text, door: view.names[$0.updatedBy], op: $0.updatedAt)
        }))
    }

    /// The quarter's text (an empty one removes it): 200 with it.
    @Sendable func writeProgress(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: ProgressBody.self, context: context)
        let written = try await service.writeProgress(try context.parameters.require("nummer"),
                                                      MeasureProgressDraft(period: try context.parameters.require("periode"), text: body.tekst ?? ""),
                                                      actor: context.actor)
        return try JSONResponse.make(ProgressDTO(periode: written.period.description, tekst: written.text, door: nil, op: written.updatedAt))
    }

    /// A milestone's problem as the body names it: `mijlpaal-2-behaald` is `mijlpalen[1].behaaldOp`.
    static let rows = APIRows(prefix: "mijlpaal", array: "mijlpalen", renamed: ["behaald": "behaaldOp"])

    static func bodyProblems<T>(_ run: () async throws -> T) async throws -> T { try await rows.naming(run) }
}
