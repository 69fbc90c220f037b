import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/voortgangsrapportages`: the programme's progress reports (issue 22, part 6)
/// for the NCTV's systems. Every report for the programme's readers, the published ones
/// for every other caller. One report reads as it does on its page: composed from the
/// records while not published, as stored after (with its SHA-256 and the address of the
/// stored bytes). The NCTV's analysts start a quarter's report, change its title and
/// introduction, hand it in, return it with a reason, and publish it (another analyst, the
/// quarter closed); each step names the version it was taken on (`If-Match` or `versie`).
/// `Accept: text/csv` gives every figure with its provenance for Dutch Excel, `Accept:
/// application/vnd.oasis.opendocument.text` the report as an OpenDocument Text file.
struct ReportsAPI {
    let service: ReportService

    struct SummaryDTO: Encodable, Sendable {
        let periode: String
        let titel: String
        let status: String
        let versie: Int
        let gepubliceerdOp: Date?
        let sha256: String?
        let _links: Links
        struct Links: Encodable, Sendable { let `self`: Link }

        init(_ report: ProgressReport) {
            periode = report.period.description
            titel = report.title
            status = report.status.rawValue
            versie = report.version
            gepubliceerdOp = report.publishedAt
            sha256 = report.sha256
            _links = Links(self: Link(href: "\(APIRoutes.base)/voortgangsrapportages/\(periode)"))
        }
    }

    /// A figure as the report holds it: everyone's reading, with its provenance.
    struct FigureDTO: Encodable, Sendable {
        struct PartDTO: Encodable, Sendable { let deel: String; let naam: String?; let waarde: Double?; let verborgen: Bool }
        let code: String
        let definitieVersie: Int
        let berekening: String
        let uitsplitsing: String
        let periode: String
        let waarde: Double?
        let verborgen: Bool
        let aantalGegevens: Int?
        let gelezenOp: Date
        let vastgesteld: Bool
        let delen: [PartDTO]
        let streefwaarde: Double?

        init(_ figure: ReportSnapshot.Figure) {
            code = figure.code
            definitieVersie = figure.definitionVersion
            berekening = figure.aggregate
            uitsplitsing = figure.breakdown
            periode = figure.period
            waarde = figure.value
            verborgen = figure.value == nil && figure.restsOn == nil
            aantalGegevens = figure.restsOn
            gelezenOp = figure.readAt
            vastgesteld = figure.closed
            delen = figure.cells.map { PartDTO(deel: $0.key, naam: $0.label, waarde: $0.value, verborgen: $0.value == nil) }
            streefwaarde = figure.target
        }
    }

    struct MilestoneDTO: Encodable, Sendable {
        let titel: String
        let datum: String
        let stand: String
        let behaaldOp: String?
    }

    struct SectionDTO: Encodable, Sendable {
        let nummer: String
        let titel: String
        let status: String
        let eigenaar: String
        let mijlpalenBehaald: Int
        let mijlpalenTotaal: Int
        let mijlpalen: [MilestoneDTO]
        let voortgang: String
        let cijfers: [FigureDTO]
    }

    struct AnnexDTO: Encodable, Sendable {
        let nummer: String
        let titel: String
        let status: String
        let eigenaar: String
        let ministerie: String
        let begin: String?
        let einde: String?
        let mijlpalenBehaald: Int
        let mijlpalenTotaal: Int
    }

    struct ReportDTO: Encodable, Sendable {
        let periode: String
        let titel: String
        let inleiding: String
        let status: String
        let versie: Int
        let gewijzigdOp: Date
        let ingediendOp: Date?
        /// Why a reviewer returned it, the last time (a draft only).
        let redenTeruggezet: String?
        let gepubliceerdOp: Date?
        let sha256: String?
        /// When the sections were composed: now for a draft, the moment of publishing after.
        let samengesteldOp: Date
        let secties: [SectionDTO]
        let bijlage: [AnnexDTO]
        let _links: Links
        struct Links: Encodable, Sendable { let `self`: Link; let vastlegging: Link?; let publiek: Link? }

        init(_ report: ProgressReport, _ snapshot: ReportSnapshot) {
            periode = report.period.description
            titel = snapshot.title
            inleiding = snapshot.introduction
            status = report.status.rawValue
            versie = report.version
            gewijzigdOp = report.updatedAt
            ingediendOp = report.status == .draft ? nil : report.submittedAt
            redenTeruggezet = report.status == .draft && !report.returnReason.isEmpty ? report.returnReason : nil
            gepubliceerdOp = report.publishedAt
            sha256 = report.sha256
            samengesteldOp = snapshot.composedAt
            secties = snapshot.sections.map { section in
                SectionDTO(nummer: section.number, titel: section.title, status: section.status, eigenaar: section.owner,
                           mijlpalenBehaald: section.milestonesReached, mijlpalenTotaal: section.milestonesTotal,
                           mijlpalen: section.milestones.map {
                               MilestoneDTO(titel: $0.title, datum: $0.dueOn, stand: $0.state, behaaldOp: $0.reachedOn.isEmpty ? nil : $0.reachedOn)
                           },
                           voortgang: section.progress, cijfers: section.figures.map(FigureDTO.init))
            }
            bijlage = snapshot.annex.map {
                AnnexDTO(nummer: $0.number, titel: $0.title, status: $0.status, eigenaar: $0.owner, ministerie: $0.ministry,
                         begin: $0.startsOn.isEmpty ? nil : $0.startsOn, einde: $0.endsOn.isEmpty ? nil : $0.endsOn,
                         mijlpalenBehaald: $0.milestonesReached, mijlpalenTotaal: $0.milestonesTotal)
            }
            let published = report.status == .published
            let publicPath = "\(ReportsPage.publicPath)/\(periode)"
            _links = Links(self: Link(href: "\(APIRoutes.base)/voortgangsrapportages/\(periode)"),
                           vastlegging: published ? Link(href: "\(publicPath)/rapportage.json") : nil, publiek: published ? Link(href: publicPath) : nil)
        }
    }

    struct CreateBody: Decodable, Sendable { let periode: String?; let titel: String?; let inleiding: String? }
    struct ChangeBody: Decodable, Sendable { let titel: String?; let inleiding: String?; let versie: Int? }
    struct StepBody: Decodable, Sendable { let versie: Int? }
    struct ReturnBody: Decodable, Sendable { let reden: String?; let versie: Int? }

    func register(on routes: inout APIRoutes) {
        routes.get("/voortgangsrapportages", use: list)
        routes.post("/voortgangsrapportages", use: create)
        routes.get("/voortgangsrapportages/{periode}", use: show)
        routes.put("/voortgangsrapportages/{periode}", use: update)
        routes.post("/voortgangsrapportages/{periode}/indiening", use: submit)
        routes.post("/voortgangsrapportages/{periode}/terugzetting", use: returnToDraft)
        routes.post("/voortgangsrapportages/{periode}/publicatie", use: publish)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        var v = Validator()
        let pageRequest = Query(request: request).page(into: &v)
        try v.finish()
        let all = try await service.list(actor: context.actor)
        let items = all.dropFirst(pageRequest.offset).prefix(pageRequest.size).map(SummaryDTO.init)
        return try ListResponse(page: Page(items: Array(items), total: all.count, request: pageRequest), request: request, items: Array(items)).response()
    }

    /// Starts the report of a quarter that has begun (an analyst of the NCTV): 201 with it.
    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: CreateBody.self, context: context)
        let report = try await service.create(period: body.periode ?? "", ProgressReportDraft(title: body.titel ?? "", introduction: body.inleiding ?? ""),
                                              actor: context.actor)
        return try await respond(report.period.description, context: context, status: .created, created: true)
    }

    /// The report as it reads; `Accept: text/csv` gives its figures with their provenance,
    /// `Accept: application/vnd.oasis.opendocument.text` the report as an ODT file.
    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let view = try await service.read(try context.parameters.require("periode"), actor: context.actor)
        if CSVExport.isAsked(request) {
            return CSVExport.response(ReportCSV.document(view.snapshot, .shippedDutch),
                                      filename: ReportCSV.filename(view.snapshot))
        }
        if ODTDocument.isAsked(request) {
            return ODTDocument.response(try ReportODT.document(view.snapshot, report: view.report, .shippedDutch),
                                        filename: ReportODT.filename(view.snapshot))
        }
        return try JSONResponse.make(ReportDTO(view.report, view.snapshot), headers: [.eTag: APIPrecondition.etag(view.report.version)])
    }

    /// A draft's title and introduction anew.
    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        try await step(request, context, as: ChangeBody.self, version: \.versie) { period, version, body in
            _ = try await service.update(period, ProgressReportDraft(title: body.titel ?? "", introduction: body.inleiding ?? ""), version: version,
                                         actor: context.actor)
        }
    }

    /// Hands a draft in for review (409 `report_not_draft` otherwise).
    @Sendable func submit(_ request: Request, context: AppContext) async throws -> Response {
        try await step(request, context, as: StepBody.self, version: \.versie) { period, version, _ in
            _ = try await service.submit(period, version: version, actor: context.actor)
        }
    }

    /// Returns a report in review to draft, with the reason (`reden`).
    @Sendable func returnToDraft(_ request: Request, context: AppContext) async throws -> Response {
        try await step(request, context, as: ReturnBody.self, version: \.versie) { period, version, body in
            _ = try await service.returnToDraft(period, reason: body.reden ?? "", version: version, actor: context.actor)
        }
    }

    /// Publishes a report in review: another analyst than the one who handed it in, the
    /// quarter closed (409 `report_same_reviewer`, `report_period_open`). What is stored is
    /// what the answer holds, for good.
    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        try await step(request, context, as: StepBody.self, version: \.versie) { period, version, _ in
            _ = try await service.publish(period, version: version, actor: context.actor)
        }
    }

    /// One step on a report: the body first (what it carries that may not be stored is told
    /// whatever the address), then the version it names, then the step; 200 with the report.
    private func step<Body: Decodable & Sendable>(_ request: Request, _ context: AppContext, as: Body.Type, version: KeyPath<Body, Int?>,
                                                  _ action: (String, Int?, Body) async throws -> Void) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: Body.self, context: context)
        let period = try context.parameters.require("periode")
        let expected = try APIPrecondition.expected(request, body: body[keyPath: version])
        try await APIPrecondition.apply(expected) { try await action(period, expected?.version, body) }
        return try await respond(period, context: context)
    }

    private func respond(_ period: String, context: AppContext, status: HTTPResponse.Status = .ok, created: Bool = false) async throws -> Response {
        let view = try await service.read(period, actor: context.actor)
        let dto = ReportDTO(view.report, view.snapshot)
        var headers: HTTPFields = [.eTag: APIPrecondition.etag(view.report.version)]
        if created { headers[.location] = dto._links.`self`.href }
        return try JSONResponse.make(dto, status: status, headers: headers)
    }
}
