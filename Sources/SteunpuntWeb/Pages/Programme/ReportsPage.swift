import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// The programme's progress reports (issue 22, part 6). `/programma/rapportages`: every
/// report for the programme's readers, and for the NCTV's analysts a form to start the
/// quarter's. `/programma/rapportages/{periode}`: the report as it reads now (composed
/// from the records while not published) with what the reader may do: change the title
/// and introduction (a draft), hand it in, return it with a reason, publish it (another
/// analyst, the quarter closed). `/voortgangsrapportages[/{periode}]`: the published
/// reports, public (signed out too), as stored, with their SHA-256 and the stored bytes
/// (`…/rapportage.json`).
struct ReportsPage {
    let renderer: PageRenderer
    let service: ReportService

    static let path = "\(ProgrammePage.path)/rapportages"
    static let publicPath = "/voortgangsrapportages"

    struct Row { let period: String; let title: String; let status: String; let href: String }

    struct ListModel {
        let rows: [Row]
        let hasRows: Bool
        let mayWrite: Bool
        let periods: [OptionModel]
        let title: String
        let introduction: String
        let errors: FormErrors
    }

    struct Model {
        let heading: String
        let status: String
        let stateLine: String
        let returnReason: String?
        let notice: String?
        let body: ReportBody
        let base: String
        let version: Int
        let mayEdit: Bool
        let maySubmit: Bool
        let mayReturn: Bool
        let mayPublish: Bool
        let publishBlocked: String?
        let title: String
        let introduction: String
        let reason: String
        let errors: FormErrors
        let publicHref: String?
    }

    struct PublicModel {
        let body: ReportBody
        let published: String
        let sha256: String
        let jsonHref: String
        let csvHref: String
        let odtHref: String
    }

    struct PublicListModel { let rows: [Row]; let hasRows: Bool }

    func register(on router: Router<AppContext>) {
        router.get("programma/rapportages", use: list)
        router.post("programma/rapportages", use: create)
        router.get("programma/rapportages/{periode}", use: show)
        router.post("programma/rapportages/{periode}", use: save)
        router.post("programma/rapportages/{periode}/indienen", use: submit)
        router.post("programma/rapportages/{periode}/terugzetten", use: returnToDraft)
        router.post("programma/rapportages/{periode}/publiceren", use: publish)
        router.get("voortgangsrapportages", use: publicList)
        router.get("voortgangsrapportages/{periode}", use: publicReport)
        router.get("voortgangsrapportages/{periode}/rapportage.json", use: publicJSON)
        router.get("voortgangsrapportages/{periode}/cijfers.csv", use: publicCSV)
        router.get("programma/rapportages/{periode}/cijfers.csv", use: draftCSV)
        router.get("voortgangsrapportages/{periode}/rapportage.odt", use: publicODT)
        router.get("programma/rapportages/{periode}/rapportage.odt", use: draftODT)
    }

    static func statusLabel(_ status: ReportStatus, _ t: Catalogue) -> String { t.text("report_status_\(status.rawValue)") }

    // MARK: The programme's work pages

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard ProgrammePolicy.mayRead(user) else { throw DomainError.forbidden }
        return try await renderList(draft: nil, period: nil, errors: [], request: request, context: context)
    }

    private func renderList(draft: ProgressReportDraft?, period: String?, errors: [FieldError], request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let reports = try await service.list(actor: context.actor)
        let rows = reports.map { Row(period: MeasurePage.quarter($0.period, t), title: $0.title, status: Self.statusLabel($0.status, t), href: "\(Self.path)/\($0.period)") }
        let taken = Set(reports.map(\.period))
        let now = PlanQuarter(containing: service.dependencies.now())
        let open = (0..<8).reduce(into: [now]) { list, _ in list.append(list.last!.previous) }.filter { !taken.contains($0) }
        // The latest quarter that has ended without a report (a report is on a quarter gone by), else this one.
        let chosen = period ?? (open.first { $0 < now } ?? open.first)?.description
        let model = ListModel(rows: rows, hasRows: !rows.isEmpty, mayWrite: ProgrammePolicy.mayWriteReports(context.actor.user),
                              periods: open.map { OptionModel(value: $0.description, label: MeasurePage.quarter($0, t), selected: $0.description == chosen) },
                              title: draft?.title ?? "", introduction: draft?.introduction ?? "", errors: FormErrors(errors, t))
        return try renderer.render("reports", page: model, title: t.text("reports_title"), request: request, context: context,
                                   status: errors.isEmpty ? .ok : .badRequest)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await request.form(context)
        let draft = ProgressReportDraft(title: form.value("titel") ?? "", introduction: form.value("inleiding") ?? "")
        let period = form.value("periode") ?? ""
        do {
            let report = try await service.create(period: period, draft, actor: context.actor)
            return .redirect(to: "\(Self.path)/\(report.period)?gedaan=begonnen", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await renderList(draft: draft, period: period, errors: errors, request: request, context: context)
        } catch DomainError.conflict(let code) {
            return try await renderList(draft: draft, period: period, errors: [FieldError(field: "periode", code: code)], request: request, context: context)
        }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        return try await render(typed: nil, reason: "", errors: [], request: request, context: context)
    }

    private func render(typed: ProgressReportDraft?, reason: String, errors: [FieldError], request: Request, context: AppContext,
                        status: HTTPResponse.Status? = nil) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let periodText = try context.parameters.require("periode")
        let view = try await service.read(periodText, actor: context.actor)
        let report = view.report
        let quarter = MeasurePage.quarter(report.period, t)
        let stateLine: String = switch report.status {
        case .draft: t.text("report_state_draft")
        case .inReview: t.text("report_state_review", ["day": report.submittedAt.map { t.dateTime($0) } ?? ""])
        case .published: t.text("report_state_published", ["day": report.publishedAt.map { t.dateTime($0) } ?? "", "sha": report.sha256 ?? ""])
        }
        let notice = Query(request: request).text("gedaan").flatMap { ["begonnen", "opgeslagen", "ingediend", "teruggezet", "gepubliceerd"].contains($0) ? t.text("report_done_\($0)") : nil }
        let model = Model(
            heading: t.text("report_heading", ["quarter": quarter]), status: Self.statusLabel(report.status, t), stateLine: stateLine,
            returnReason: report.status == .draft && !report.returnReason.isEmpty ? report.returnReason : nil, notice: notice,
            body: ReportBody(view.snapshot, t), base: "\(Self.path)/\(report.period)", version: report.version,
            mayEdit: view.mayEdit, maySubmit: view.maySubmit, mayReturn: view.mayReturn, mayPublish: view.mayPublish && view.periodClosed,
            publishBlocked: view.mayPublish && !view.periodClosed ? t.text("report_publish_needs_close", ["quarter": quarter]) : nil,
            title: typed?.title ?? report.title, introduction: typed?.introduction ?? report.introduction, reason: reason, errors: FormErrors(errors, t),
            publicHref: report.status == .published ? "\(Self.publicPath)/\(report.period)" : nil)
        return try renderer.render("report", page: model, title: model.heading, request: request, context: context,
                                   status: status ?? (errors.isEmpty ? .ok : .badRequest))
    }

    /// Conflicts a reader is told as they are (not as "changed meanwhile").
    static let told: Set<String> = ["report_not_draft", "report_not_in_review", "report_same_reviewer", "report_period_open", "report_published"]

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let period = try context.parameters.require("periode")
        var request = request
        let form = try await request.form(context)
        let draft = ProgressReportDraft(title: form.value("titel") ?? "", introduction: form.value("inleiding") ?? "")
        return try await VersionedSave.save(staleCode: "report_changed", told: Self.told, {
            _ = try await service.update(period, draft, version: form.value("versie").flatMap(Int.init) ?? 0, actor: context.actor)
            return .redirect(to: "\(Self.path)/\(period)?gedaan=opgeslagen", type: .normal)
        }, form: { errors, status in
            try await render(typed: draft, reason: "", errors: errors, request: request, context: context, status: status)
        })
    }

    @Sendable func submit(_ request: Request, context: AppContext) async throws -> Response {
        try await step(request, context, done: "ingediend") { period, version, _ in _ = try await service.submit(period, version: version, actor: context.actor) }
    }

    @Sendable func returnToDraft(_ request: Request, context: AppContext) async throws -> Response {
        try await step(request, context, done: "teruggezet") { period, version, form in
            _ = try await service.returnToDraft(period, reason: form.value("reden") ?? "", version: version, actor: context.actor)
        }
    }

    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        try await step(request, context, done: "gepubliceerd") { period, version, _ in _ = try await service.publish(period, version: version, actor: context.actor) }
    }

    private func step(_ request: Request, _ context: AppContext, done: String,
                      _ action: (String, Int, FormData) async throws -> Void) async throws -> Response {
        _ = try context.requireUser()
        let period = try context.parameters.require("periode")
        var request = request
        let form = try await request.form(context)
        return try await VersionedSave.save(staleCode: "report_changed", told: Self.told, {
            try await action(period, form.value("versie").flatMap(Int.init) ?? 0, form)
            return .redirect(to: "\(Self.path)/\(period)?gedaan=\(done)", type: .normal)
        }, form: { errors, status in
            try await render(typed: nil, reason: form.value("reden") ?? "", errors: errors, request: request, context: context, status: status)
        })
    }

    // MARK: Public

    @Sendable func publicList(_ request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let rows = try await service.list(actor: Actor(user: nil, origin: context.actor.origin)).filter { $0.status == .published }.map {
            Row(period: MeasurePage.quarter($0.period, t), title: $0.title, status: Self.statusLabel($0.status, t), href: "\(Self.publicPath)/\($0.period)")
        }
        return try renderer.render("public-reports", page: PublicListModel(rows: rows, hasRows: !rows.isEmpty), title: t.text("public_reports_title"),
                                   request: request, context: context)
    }

    @Sendable func publicReport(_ request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let period = try context.parameters.require("periode")
        let stored = try await service.published(period)
        let snapshot = try ReportSnapshot.decoded(stored.bytes)
        let model = PublicModel(body: ReportBody(snapshot, t), published: t.text("report_published_on", ["day": stored.report.publishedAt.map { t.dateTime($0) } ?? ""]),
                                sha256: stored.report.sha256 ?? "", jsonHref: "\(Self.publicPath)/\(stored.report.period)/rapportage.json",
                                csvHref: "\(Self.publicPath)/\(stored.report.period)/cijfers.csv",
                                odtHref: "\(Self.publicPath)/\(stored.report.period)/rapportage.odt")
        return try renderer.render("public-report", page: model, title: snapshot.title, request: request, context: context)
    }

    /// Every figure of a published report with its provenance, for Dutch Excel.
    @Sendable func publicCSV(_ request: Request, context: AppContext) async throws -> Response {
        let stored = try await service.published(try context.parameters.require("periode"))
        let snapshot = try ReportSnapshot.decoded(stored.bytes)
        return CSVExport.response(ReportCSV.document(snapshot, renderer.catalogue(context.language)), filename: ReportCSV.filename(snapshot))
    }

    /// The same for a report not yet published, as composed now (the programme's readers).
    @Sendable func draftCSV(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let view = try await service.read(try context.parameters.require("periode"), actor: context.actor)
        return CSVExport.response(ReportCSV.document(view.snapshot, renderer.catalogue(context.language)),
                                  filename: ReportCSV.filename(view.snapshot))
    }

    /// A published report as an OpenDocument Text file, from the stored snapshot.
    @Sendable func publicODT(_ request: Request, context: AppContext) async throws -> Response {
        let stored = try await service.published(try context.parameters.require("periode"))
        let snapshot = try ReportSnapshot.decoded(stored.bytes)
        return ODTDocument.response(try ReportODT.document(snapshot, report: stored.report, renderer.catalogue(context.language)),
                                    filename: ReportODT.filename(snapshot))
    }

    /// The same for a report not yet published, as composed now (the programme's readers).
    @Sendable func draftODT(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let view = try await service.read(try context.parameters.require("periode"), actor: context.actor)
        return ODTDocument.response(try ReportODT.document(view.snapshot, report: view.report, renderer.catalogue(context.language)),
                                    filename: ReportODT.filename(view.snapshot))
    }

    /// The stored bytes themselves: their SHA-256 is the one the page states.
    @Sendable func publicJSON(_ request: Request, context: AppContext) async throws -> Response {
        let stored = try await service.published(try context.parameters.require("periode"))
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let sha = stored.report.sha256 { headers[.eTag] = "\"\(sha)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: stored.bytes)))
    }
}
