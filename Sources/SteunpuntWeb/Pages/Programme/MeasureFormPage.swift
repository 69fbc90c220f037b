import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/programma/maatregelen/nieuw` and `…/{nummer}/bewerken`: a measure as a whole, with its
/// milestones as rows (those standing plus empty ones to add; a row left empty is dropped).
/// Every problem at once, a milestone's named by its row, what was typed kept; a measure
/// changed by someone else since it was read is refused with what was typed kept and the
/// version read (a whole-record form: look at the new version first, `VersionedSave`).
struct MeasureFormPage {
    let renderer: PageRenderer
    let service: MeasureService

    /// Empty rows offered after the milestones, to add new ones.
    static let emptyRows = 3

    struct RowModel {
        let index: String
        let title: String
        let due: String
        let reached: String
        let note: String
        let result: String
        let states: [OptionModel]
        let titleError: String?
        let dueError: String?
        let stateError: String?
        let reachedError: String?
        let noteError: String?
        let resultError: String?
    }

    struct Model {
        let heading: String
        let action: String
        let cancelHref: String
        let isNew: Bool
        let draft: MeasureDraft
        let statuses: [OptionModel]
        let rows: [RowModel]
        let rowCount: String
        let version: String
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("programma/maatregelen/nieuw", use: new)
        router.post("programma/maatregelen/nieuw", use: create)
        router.get("programma/maatregelen/{nummer}/bewerken", use: edit)
        router.post("programma/maatregelen/{nummer}/bewerken", use: save)
    }

    @Sendable func new(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        guard service.mayWrite(context.actor) else { throw DomainError.forbidden }
        return try render(MeasureDraft(status: MeasureStatus.planned.rawValue), number: nil, version: nil, errors: [], request: request, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let draft = Self.draft(try await request.form(context))
        do {
            let created = try await service.create(draft, actor: context.actor)
            return .redirect(to: MeasurePage.path(created.number) + "?gedaan=toegevoegd", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try render(draft, number: nil, version: nil, errors: errors, request: request, context: context)
        }
    }

    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let view = try await service.read(try context.parameters.require("nummer"), actor: context.actor)
        guard view.mayKeep else { throw DomainError.forbidden }
        return try render(MeasureDraft(view.measure), number: view.measure.number.rawValue, version: view.measure.version, errors: [], request: request,
                          context: context)
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let number = try context.parameters.require("nummer")
        var request = request
        let form = try await request.form(context)
        let draft = Self.draft(form)
        let version = form.value("versie").flatMap(Int.init) ?? 0
        return try await VersionedSave.save(staleCode: "measure_changed", {
            let saved = try await service.update(number, with: draft, version: version, actor: context.actor)
            return .redirect(to: MeasurePage.path(saved.number) + "?gedaan=opgeslagen", type: .normal)
        }, form: { errors, status in
            try render(draft, number: number, version: version, errors: errors, request: request, context: context, status: status)
        })
    }

    static func draft(_ form: FormData) -> MeasureDraft {
        let count = min(max(form.value("rijen").flatMap(Int.init) ?? 0, 0), MeasureDraft.Limit.milestones + emptyRows)
        let rows = (0..<count).map { index in
            let field = { (name: String) in form.value(MeasureDraft.field(index + 1, name)) ?? "" }
            return MeasureDraft.Row(title: field("titel"), dueOn: field("datum"), state: field("stand"), reachedOn: field("behaald"), note: field("toelichting"),
                                    result: field("resultaat"))
        }
        return MeasureDraft(number: form.value("nummer") ?? "", title: form.value("titel") ?? "", description: form.value("omschrijving") ?? "",
                            ministry: form.value("ministerie") ?? "", organisations: form.value("organisaties") ?? "", status: form.value("status") ?? "",
                            startsOn: form.value("begin") ?? "", endsOn: form.value("einde") ?? "", milestones: rows)
    }

    private func render(_ draft: MeasureDraft, number: String?, version: Int?, errors: [FieldError], request: Request, context: AppContext,
                        status: HTTPResponse.Status? = nil) throws -> Response {
        let t = renderer.catalogue(context.language)
        let rows = draft.milestones + Array(repeating: MeasureDraft.Row(), count: max(0, min(Self.emptyRows, MeasureDraft.Limit.milestones + Self.emptyRows - draft.milestones.count)))
        let problems = FormErrors.rows(errors, prefix: "mijlpaal", row: "milestone_row_problem", t)
        let base = number.map { "\(ProgrammePage.path)/maatregelen/\($0)" }
        let model = Model(
            heading: number.map { t.text("measure_edit_title", ["number": $0]) } ?? t.text("measure_new"),
            action: base.map { "\($0)/bewerken" } ?? "\(ProgrammePage.path)/maatregelen/nieuw", cancelHref: base ?? ProgrammePage.path, isNew: number == nil,
            draft: draft,
            statuses: MeasureStatus.allCases.map { OptionModel(value: $0.rawValue, label: t.text("measure_status_\($0.rawValue)"), selected: $0.rawValue == draft.status) },
            rows: rows.enumerated().map { offset, row in
                let key = { (name: String) in MeasureDraft.field(offset + 1, name) }
                let state = row.state.isEmpty ? Milestone.State.open.rawValue : row.state
                return RowModel(index: String(offset + 1), title: row.title, due: row.dueOn, reached: row.reachedOn, note: row.note, result: row.result,
                                states: Milestone.State.allCases.map { OptionModel(value: $0.rawValue, label: t.text("milestone_state_\($0.rawValue)"), selected: $0.rawValue == state) },
                                titleError: problems.at[key("titel")], dueError: problems.at[key("datum")], stateError: problems.at[key("stand")],
                                reachedError: problems.at[key("behaald")], noteError: problems.at[key("toelichting")], resultError: problems.at[key("resultaat")])
            },
            rowCount: String(rows.count), version: version.map(String.init) ?? "", errors: problems)
        return try renderer.render("measure-form", page: model, title: model.heading, request: request, context: context,
                                   status: status ?? (errors.isEmpty ? .ok : .badRequest))
    }
}
