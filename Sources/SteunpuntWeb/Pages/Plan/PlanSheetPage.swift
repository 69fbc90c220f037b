import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// A municipality's progress as a spreadsheet (part 5 of the plan).
/// `/tienpuntenplan/{gemeente}/voortgang.csv` downloads it for Dutch Excel (its officials
/// and the unit); `/tienpuntenplan/{gemeente}/bestand` says what each column holds, and
/// there its officials upload it changed (`multipart/form-data`, field `bestand`): every
/// row checked, every problem listed by row and column, nothing saved unless all rows are
/// right; then the plan page says how many points changed.
struct PlanSheetPage {
    let renderer: PageRenderer
    let progress: ProgressService

    struct Column { let name: String; let explanation: String }

    struct Model {
        let name: String
        let code: String
        let planHref: String
        let downloadHref: String
        let action: String
        let mayKeep: Bool
        let columns: [Column]
        let errors: FormErrors
    }

    /// An uploaded sheet is small: ten to thirty rows.
    static let limit = 1_000_000

    func register(on router: Router<AppContext>) {
        router.get("tienpuntenplan/{gemeente}/voortgang.csv", use: download)
        router.get("tienpuntenplan/{gemeente}/bestand", use: show)
        router.post("tienpuntenplan/{gemeente}/bestand", use: upload)
    }

    private static func code(_ context: AppContext) throws -> MunicipalityCode {
        guard let code = MunicipalityCode(try context.parameters.require("gemeente").uppercased()) else { throw DomainError.notFound }
        return code
    }

    @Sendable func download(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let code = try Self.code(context)
        return Self.csv(try await progress.plan(of: code, actor: context.actor), day: DateText.day(progress.dependencies.now()))
    }

    /// A municipality's progress as the sheet for Dutch Excel (the page's download and the API's `Accept: text/csv`).
    static func csv(_ plan: ProgressService.MunicipalityPlan, day: String) -> Response {
        let rows = ProgressSheet.rows(plan: plan.plan.plan, progress: Dictionary(plan.points.map { ($0.point.key, $0.progress) }, uniquingKeysWith: { a, _ in a }))
        return CSVExport.response(CSVExport.document(header: ProgressSheet.columns, rows: rows),
                                  filename: "tienpuntenplan-\(plan.municipality.code.rawValue)-\(day).csv")
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await render(try Self.code(context), errors: .none, request: request, context: context)
    }

    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let code = try Self.code(context)
        guard PlanPolicy.mayKeep(user, progressOf: code) else { throw DomainError.forbidden }
        var request = request
        let form = try await request.multipart(context, limit: Self.limit)
        let t = renderer.catalogue(context.language)
        guard let file = form.file("bestand"), !file.body.isEmpty else {
            return try await render(code, errors: FormErrors([FieldError(field: "bestand", code: "required")], t), request: request, context: context)
        }
        guard let sheet = CSVImport.read(file.body) else {
            return try await render(code, errors: FormErrors([FieldError(field: "bestand", code: "not_csv")], t), request: request, context: context)
        }
        do {
            let done = try await progress.upload(header: sheet.header, rows: sheet.rows, of: code, actor: context.actor)
            return .redirect(to: "/tienpuntenplan/\(code.rawValue)?gedaan=bestand&gewijzigd=\(done.changes.count)&ongewijzigd=\(done.unchanged)", type: .normal)
        } catch DomainError.invalid(let problems) {
            return try await render(code, errors: Self.errors(problems, t), request: request, context: context)
        } catch DomainError.conflict(let reason) {
            return try await render(code, errors: FormErrors(items: [FormErrorModel(field: "bestand", message: t.error(reason))]), request: request,
                                    context: context, status: .conflict)
        }
    }

    /// Each problem as a sentence that names its row and column (`rij-3.status`), all
    /// pointing at the file field.
    static func errors(_ problems: [FieldError], _ t: Catalogue) -> FormErrors {
        FormErrors(items: problems.map { problem -> FormErrorModel in
            let parts = problem.field.split(separator: ".", maxSplits: 1)
            guard parts.count == 2, parts[0].hasPrefix("rij-") else { return FormErrorModel(field: "bestand", message: FormErrors.sentence(problem, t)) }
            let message = t.error(problem.code)
            return FormErrorModel(field: "bestand", message: t.text("plan_sheet_problem", ["row": String(parts[0].dropFirst(4)), "column": String(parts[1]),
                                                                                         "message": message]))
        }, lines: problems.count > 1 ? ["bestand": t.text("plan_sheet_not_saved")] : [:])
    }

    private func render(_ code: MunicipalityCode, errors: FormErrors, request: Request, context: AppContext,
                        status: HTTPResponse.Status? = nil) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let plan = try await progress.plan(of: code, actor: context.actor)
        let model = Model(name: plan.municipality.name, code: code.rawValue, planHref: "/tienpuntenplan/\(code.rawValue)",
                          downloadHref: "/tienpuntenplan/\(code.rawValue)/voortgang.csv", action: "/tienpuntenplan/\(code.rawValue)/bestand",
                          mayKeep: PlanPolicy.mayKeep(user, progressOf: code),
                          columns: ProgressSheet.columns.map { Column(name: $0, explanation: t.text("plan_sheet_column_\($0.replacingOccurrences(of: " ", with: "_"))")) },
                          errors: errors)
        return try renderer.render("plan-sheet", page: model, title: "\(t.text("plan_sheet_title")) — \(plan.municipality.name)", request: request,
                                   context: context, status: status ?? (errors.any ? .badRequest : .ok))
    }
}
