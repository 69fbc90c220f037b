import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/beheer/behoeften`: administrators extend the needs taxonomy and set each need's
/// service targets in working days; a need is retired, never deleted (requests keep it).
struct NeedsAdminPage {
    let renderer: PageRenderer
    let service: NeedService

    struct Model {
        struct Row { let code: String; let nameNL: String; let nameEN: String; let first: Int; let resolution: Int; let isActive: Bool }
        let rows: [Row]
        let code: String
        let nameNL: String
        let nameEN: String
        let first: String
        let resolution: String
        let isActive: Bool
        let isEdit: Bool
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("beheer/behoeften", use: show)
        router.post("beheer/behoeften", use: save)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        let all = try await service.all(by: context.user)
        if let code = Query(request: request).text("bewerken").flatMap(NeedCode.init), let need = all.first(where: { $0.code == code }) {
            return try await render(NeedDraft(code: need.code.rawValue, nameNL: need.nameNL, nameEN: need.nameEN, firstResponseDays: String(need.firstResponseDays),
                                              resolutionDays: String(need.resolutionDays), isActive: need.isActive), isEdit: true, errors: [],
                                    request: request, context: context)
        }
        return try await render(NeedDraft(code: "", nameNL: "", nameEN: "", firstResponseDays: "3", resolutionDays: "20"), isEdit: false, errors: [],
                                request: request, context: context)
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        try require(context)
        var request = request
        let form = try await request.form(context)
        let isEdit = form.value("bewerken") == "ja"
        let draft = NeedDraft(code: form.value("code") ?? "", nameNL: form.value("naam") ?? "", nameEN: form.value("naamEngels") ?? "",
                              firstResponseDays: form.value("termijnEersteReactie") ?? "", resolutionDays: form.value("termijnAfhandeling") ?? "",
                              isActive: !isEdit || form.value("actief") == "ja")
        do {
            _ = try await service.save(draft, isNew: !isEdit, by: context.user, actor: context.actor)
            return .redirect(to: "/beheer/behoeften", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(draft, isEdit: isEdit, errors: errors, request: request, context: context)
        }
    }

    private func render(_ draft: NeedDraft, isEdit: Bool, errors: [FieldError], request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let model = Model(
            rows: try await service.all(by: context.user).map {
                Model.Row(code: $0.code.rawValue, nameNL: $0.nameNL, nameEN: $0.nameEN, first: $0.firstResponseDays, resolution: $0.resolutionDays, isActive: $0.isActive)
            },
            code: draft.code, nameNL: draft.nameNL, nameEN: draft.nameEN, first: draft.firstResponseDays, resolution: draft.resolutionDays,
            isActive: draft.isActive, isEdit: isEdit, errors: FormErrors(errors, t))
        return try renderer.render("needs", page: model, title: t.text("needs_title"), request: request, context: context,
                                   status: errors.isEmpty ? .ok : .badRequest)
    }

    private func require(_ context: AppContext) throws {
        guard AccessPolicy.canAdminister(try context.requireUser()) else { throw DomainError.forbidden }
    }
}
