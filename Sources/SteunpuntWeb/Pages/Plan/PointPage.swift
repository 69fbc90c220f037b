import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/tienpuntenplan/{gemeente}/{punt}`: one point of a municipality's plan: what it asks,
/// the evidence that shows it, the progress and every change of it. The municipality's own
/// officials change it here (every problem at once with what was typed kept; a change made
/// on an older version is refused with the form kept); the unit reads it. The documents
/// that show the point in place are listed here: the officials add them
/// (`…/bewijsstukken`, `multipart/form-data`, the toolbox's checks) and remove them
/// (`…/bewijsstukken/{id}/verwijderen`); their readers download them (`…/bewijsstukken/{id}`,
/// audited). Additions and removals join the point's history.
struct PointPage {
    let renderer: PageRenderer
    let progress: ProgressService
    let plans: PlanService
    let support: PlanSupportService
    let evidence: EvidenceService

    struct HistoryRow { let when: String; let who: String; let source: String; let status: String; let since: String?; let evidence: String; let nextStep: String }
    struct Fact { let label: String; let value: String }

    struct Model {
        let municipality: String
        let code: String
        let planHref: String
        let number: String
        let title: String
        let asks: String
        let evidence: String
        let needs: String
        let offeringsHref: String
        let mayKeep: Bool
        let needsReview: Bool
        let facts: [Fact]
        let action: String
        let version: String
        let draft: ProgressDraft
        let statuses: [OptionModel]
        let errors: FormErrors
        let history: [HistoryRow]
        let hasHistory: Bool
        /// Where the latest wish for support on the point stands, and where to follow it.
        let supportNote: String?
        let supportReason: String?
        let supportLink: Link?
        let notice: String?
        let documents: [EvidenceRow]
        let hasDocuments: Bool
        let uploadAction: String
        let uploadTitle: String
        let fileHint: String
    }
    struct EvidenceRow { let title: String; let meta: String; let added: String; let href: String; let removeAction: String }
    struct Link { let label: String; let href: String }

    func register(on router: Router<AppContext>) {
        router.get("tienpuntenplan/{gemeente}/{punt}", use: show)
        router.post("tienpuntenplan/{gemeente}/{punt}", use: save)
        router.post("tienpuntenplan/{gemeente}/{punt}/bewijsstukken", use: addEvidence)
        router.get("tienpuntenplan/{gemeente}/{punt}/bewijsstukken/{id}", use: downloadEvidence)
        router.post("tienpuntenplan/{gemeente}/{punt}/bewijsstukken/{id}/verwijderen", use: removeEvidence)
    }

    private func address(_ context: AppContext) throws -> (MunicipalityCode, String) {
        guard let code = MunicipalityCode(try context.parameters.require("gemeente").uppercased()) else { throw DomainError.notFound }
        return (code, try context.parameters.require("punt"))
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let (code, key) = try address(context)
        return try await render(code, key, draft: nil, version: nil, errors: [], request: request, context: context)
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let (code, key) = try address(context)
        var request = request
        let form = try await request.form(context)
        let draft = ProgressDraft(status: form.value("status") ?? "", since: form.value("sinds") ?? "", evidence: form.value("bewijs") ?? "",
                                  responsibleFunction: form.value("verantwoordelijkeFunctie") ?? "", nextStep: form.value("volgendeStap") ?? "",
                                  nextStepOn: form.value("volgendeStapOp") ?? "", wantsSupport: form.value("wilOndersteuning") == "ja")
        let version = form.value("versie").flatMap(Int.init)
        return try await VersionedSave.save(staleCode: "progress_changed", {
            _ = try await progress.update(key, of: code, with: draft, version: version, actor: context.actor)
            return .redirect(to: "/tienpuntenplan/\(code.rawValue)?gedaan=opgeslagen#punt-\(key)", type: .normal)
        }, form: { errors, status in
            try await render(code, key, draft: draft, version: version, errors: errors, request: request, context: context, status: status)
        })
    }

    @Sendable func addEvidence(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let (code, key) = try address(context)
        var request = request
        let form = try await request.multipart(context)
        let draft = EvidenceDraft(form)
        do {
            _ = try await evidence.add(draft, to: key, of: code, actor: context.actor)
            return .redirect(to: "/tienpuntenplan/\(code.rawValue)/\(key)?gedaan=bewijsstuk#bewijsstukken", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(code, key, draft: nil, version: nil, errors: errors, uploadTitle: draft.title, request: request, context: context)
        }
    }

    @Sendable func removeEvidence(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let (code, key) = try address(context)
        try await evidence.remove(try context.parameters.require("id"), from: key, of: code, actor: context.actor)
        return .redirect(to: "/tienpuntenplan/\(code.rawValue)/\(key)?gedaan=bewijsstuk-verwijderd#bewijsstukken", type: .normal)
    }

    @Sendable func downloadEvidence(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let (code, key) = try address(context)
        let found = try await evidence.download(try context.parameters.require("id"), of: key, of: code, actor: context.actor)
        return DocumentDownload.response(file: found.document.file, content: found.content, restricted: true, request: request)
    }

    private func render(_ code: MunicipalityCode, _ key: String, draft: ProgressDraft?, version: Int?, errors: [FieldError], uploadTitle: String? = nil,
                        request: Request, context: AppContext, status: HTTPResponse.Status? = nil) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let view = try await progress.point(key, of: code, actor: context.actor)
        let (state, history, names) = (view.state, view.history, view.names)
        let needNames = try await PlanPage.needNames(plans, t)
        let current = state.progress
        let shown = draft ?? ProgressDraft(current)
        func day(_ text: String) -> String { CalendarDay(text).map { t.date($0.start()) } ?? "" }
        let facts = current.isRecorded ? [
            Fact(label: t.text("field_name_status"), value: t.text("plan_status_\(current.status.rawValue)")),
            Fact(label: t.text("field_name_sinds"), value: day(current.since)),
            Fact(label: t.text("field_name_bewijs"), value: current.evidence),
            Fact(label: t.text("field_name_verantwoordelijkeFunctie"), value: current.responsibleFunction),
            Fact(label: t.text("field_name_volgendeStap"), value: [current.nextStep, day(current.nextStepOn)].filter { !$0.isEmpty }.joined(separator: " — ")),
            Fact(label: t.text("plan_wants_support"), value: t.text(current.wantsSupport ? "yes" : "no")),
        ].filter { !$0.value.isEmpty } : [Fact(label: t.text("field_name_status"), value: t.text("plan_status_niet-gestart"))]
        let user = try context.requireUser()
        let proposal = try await support.latest(of: code, by: user)[key]
        let supportLink: Link? = proposal.flatMap { proposal in
            if let request = proposal.requestID { return Link(label: t.text("follow_up_to_request"), href: "/hulpvragen/\(request.lowercasedText)") }
            guard proposal.state == .open, PlanPolicy.progressView(user) == .named else { return nil }
            return Link(label: t.text("plan_support_decide"), href: "/tienpuntenplan/ondersteuning/\(proposal.id.lowercasedText)")
        }
        let base = "/tienpuntenplan/\(code.rawValue)/\(key)"
        let (files, people) = try await evidence.list(key, of: code, actor: context.actor)
        let mayKeep = PlanPolicy.mayKeep(context.session?.user, progressOf: code)
        let documents = files.filter { !$0.isRemoved }.map { document in
            EvidenceRow(title: document.title,
                        meta: "\(document.file.format.rawValue.uppercased()), \(FileSizeText.text(document.file.size, language: t.language))",
                        added: t.text("plan_evidence_added", ["day": t.date(document.file.uploadedAt), "name": people[document.file.uploadedBy] ?? t.text("plan_history_unknown")]),
                        href: "\(base)/bewijsstukken/\(document.id.lowercasedText)",
                        removeAction: mayKeep ? "\(base)/bewijsstukken/\(document.id.lowercasedText)/verwijderen" : "")
        }
        var rows: [(at: Date, row: HistoryRow)] = history.map { change in
            let p = change.progress
            return (change.changedAt, HistoryRow(when: t.dateTime(change.changedAt), who: change.changedBy.flatMap { names[$0] }
                                                   ?? t.text(change.source == .newPlanVersion ? "plan_history_steunpunt" : "plan_history_unknown"),
                                                 source: t.text("plan_source_\(change.source.rawValue)"), status: t.text("plan_status_\(p.status.rawValue)"),
                                                 since: CalendarDay(p.since).map { t.date($0.start()) }, evidence: p.evidence,
                                                 nextStep: [p.nextStep, day(p.nextStepOn)].filter { !$0.isEmpty }.joined(separator: " — ")))
        }
        for document in files {
            let title = "\(document.title) (\(document.file.fileName))"
            rows.append((document.file.uploadedAt, HistoryRow(when: t.dateTime(document.file.uploadedAt), who: people[document.file.uploadedBy] ?? t.text("plan_history_unknown"),
                                                              source: t.text("plan_source_evidence_added"), status: "", since: nil, evidence: title, nextStep: "")))
            if let removed = document.removedAt {
                rows.append((removed, HistoryRow(when: t.dateTime(removed), who: document.removedBy.flatMap { people[$0] } ?? t.text("plan_history_unknown"),
                                                 source: t.text("plan_source_evidence_removed"), status: "", since: nil, evidence: title, nextStep: "")))
            }
        }
        rows.sort { $0.at > $1.at }
        let model = Model(
            municipality: view.municipality.name, code: code.rawValue, planHref: "/tienpuntenplan/\(code.rawValue)",
            number: NumberText.format(state.point.number, t.language), title: state.point.title, asks: state.point.asks, evidence: state.point.evidence,
            needs: state.point.needs.map { needNames[$0] ?? $0.rawValue }.joined(separator: ", "),
            offeringsHref: "/aanbod?behoefte=\(state.point.needs.first?.rawValue ?? "")",
            mayKeep: mayKeep, needsReview: current.needsReview, facts: facts,
            action: base, version: String(version ?? current.version), draft: shown,
            statuses: ProgressStatus.allCases.map { OptionModel(value: $0.rawValue, label: t.text("plan_status_\($0.rawValue)"), selected: $0.rawValue == shown.status) },
            errors: FormErrors(errors, t),
            history: rows.map(\.row), hasHistory: !rows.isEmpty,
            supportNote: proposal.map { t.text("plan_support_point_\($0.state.rawValue)", ["day": t.date($0.decidedAt ?? $0.askedAt)]) },
            supportReason: proposal.flatMap { $0.reason.isEmpty ? nil : $0.reason }, supportLink: supportLink,
            notice: Self.notice(Query(request: request), t), documents: documents, hasDocuments: !documents.isEmpty,
            uploadAction: "\(base)/bewijsstukken", uploadTitle: uploadTitle ?? "",
            fileHint: t.text("plan_evidence_file_hint", ["size": FileSizeText.text(evidence.maxDocumentBytes, language: t.language)]))
        return try renderer.render("plan-point", page: model, title: "\(model.number). \(state.point.title) — \(view.municipality.name)", request: request,
                                   context: context, status: status ?? (errors.isEmpty ? .ok : .badRequest))
    }

    /// What the page says after a document was added or removed.
    static func notice(_ query: Query, _ t: Catalogue) -> String? {
        switch query.text("gedaan") {
        case "bewijsstuk": t.text("plan_done_evidence_added")
        case "bewijsstuk-verwijderd": t.text("plan_done_evidence_removed")
        default: nil
        }
    }
}
