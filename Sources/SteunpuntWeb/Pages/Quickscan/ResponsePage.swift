import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// Answering a round, without script: `/quickscan/{secret}` (the invitation link) leads
/// a municipality's official to `/quickscans/rondes/{id}/gemeenten/{code}`, one form with
/// every section, saved at any time (valid answers are kept even when others are refused)
/// and resumed later, by any official of that municipality: a save writes only what the
/// form changed. `…/samenvatting` shows every answer and what is missing; `…/indiening`
/// submits, after which the response is read-only until the unit reopens it. The unit
/// reads any response (audited).
struct ResponsePage {
    let renderer: PageRenderer
    let service: QuickscanService

    struct Model {
        let title: String
        let municipality: String
        let intro: String?
        let path: String
        let sections: [ResponseModel.Section]
        let editable: Bool
        let status: String
        let progressText: String
        let answered: Int
        let shown: Int
        let loaded: String
        let notice: String?
        let errors: FormErrors
        let readOnlyReason: String?
        /// The round's page, for the unit.
        let roundHref: String?
    }

    struct SummaryModel {
        struct Row { let number: Int; let key: String; let text: String; let answer: String?; let required: Bool }
        struct Part { let title: String; let rows: [Row] }
        let title: String
        let municipality: String
        let path: String
        let parts: [Part]
        let missing: [FormErrorModel]
        let hasMissing: Bool
        let editable: Bool
        let mayEdit: Bool
        let submitted: String?
        let progressText: String
        let notice: String?
    }

    static func path(_ round: UUID, _ code: MunicipalityCode) -> String {
        "/quickscans/rondes/\(round.lowercasedText)/gemeenten/\(code.rawValue)"
    }

    func register(on router: Router<AppContext>) {
        router.get("quickscan/{secret}", use: redeem)
        router.get("quickscans/rondes/{id}/gemeenten/{code}", use: show)
        router.post("quickscans/rondes/{id}/gemeenten/{code}", use: save)
        router.get("quickscans/rondes/{id}/gemeenten/{code}/samenvatting", use: summary)
        router.post("quickscans/rondes/{id}/gemeenten/{code}/indiening", use: submit)
    }

    private func ids(_ context: AppContext) throws -> (UUID, MunicipalityCode) {
        let (round, code) = try RoundPage.ids(context)
        guard let code else { throw DomainError.notFound }
        return (round, code)
    }

    @Sendable func redeem(_ request: Request, context: AppContext) async throws -> Response {
        let found = try await service.redeem(try context.parameters.require("secret"), by: context.user)
        return .redirect(to: Self.path(found.round.id, found.municipality), type: .found)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (round, code) = try ids(context)
        let view = try await service.response(round, code, by: user, actor: context.actor)
        let notice = Query(request: request).text("opgeslagen") != nil ? "response_saved" : nil
        return try await render(view, input: [:], errors: [], notice: notice, request: request, context: context)
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (round, code) = try ids(context)
        var request = request
        let form = try await request.form(context)
        let view = try await service.response(round, code, by: user, actor: context.actor)
        var input: [String: [String]] = [:]
        for question in view.instrument.questions { input[question.key] = form.values(question.key) }
        let loaded = form.value("_geladen").flatMap { try? JSONDecoder().decode(Answers.self, from: Data($0.utf8)) }
        let saved = try await service.save(view, input: input, original: loaded, by: user, actor: context.actor)
        guard saved.errors.isEmpty else {
            return try await render(saved.view, input: input, errors: saved.errors, notice: nil, request: request, context: context)
        }
        let path = Self.path(round, code)
        if form.value("_actie") == "samenvatting" { return .redirect(to: path + "/samenvatting", type: .normal) }
        let section = form.value("_actie").flatMap { $0.hasPrefix("sectie-") ? "#" + $0 : nil } ?? ""
        return .redirect(to: path + "?opgeslagen=1" + section, type: .normal)
    }

    @Sendable func summary(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (round, code) = try ids(context)
        let view = try await service.response(round, code, by: user, actor: context.actor)
        let notice = Query(request: request).text("ingediend") != nil ? "response_submitted_notice" : nil
        return try await renderSummary(view, errors: [], notice: notice, request: request, context: context)
    }

    @Sendable func submit(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (round, code) = try ids(context)
        do {
            try await service.submit(round, code, by: user, actor: context.actor)
            return .redirect(to: Self.path(round, code) + "/samenvatting?ingediend=1", type: .normal)
        } catch DomainError.invalid(let errors) {
            let view = try await service.response(round, code, by: user, actor: context.actor)
            return try await renderSummary(view, errors: errors, notice: nil, request: request, context: context)
        }
    }

    private func needs(_ t: Catalogue) async throws -> [NeedCode: String] {
        try await service.needs.names(in: t.language)
    }

    private func readOnlyReason(_ view: QuickscanService.ResponseView, user: User) -> String? {
        if view.editable { return nil }
        if !QuickscanPolicy.mayAnswer(user, for: view.municipality.code) { return "response_read_only_unit" }
        return view.status == .submitted ? "response_read_only_submitted" : "response_read_only_closed"
    }

    private func render(_ view: QuickscanService.ResponseView, input: [String: [String]], errors: [FieldError], notice: String?,
                        request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let user = try context.requireUser()
        let content = ResponseModel(instrument: view.instrument, answers: view.answers, input: input, errors: errors, needs: try await needs(t), t: t)
        let loaded = String(decoding: try JSONEncoder().encode(view.answers), as: UTF8.self)
        let model = Model(
            title: view.round.title, municipality: view.municipality.name, intro: view.instrument.intro, path: Self.path(view.round.id, view.municipality.code),
            sections: content.sections, editable: view.editable, status: t.text("response_status_\(view.status?.rawValue ?? "niet-begonnen")"),
            progressText: t.text("response_progress", ["answered": String(content.answered), "shown": String(content.shown)]),
            answered: content.answered, shown: max(content.shown, 1), loaded: loaded, notice: notice.map { t.text($0) },
            errors: FormErrors(items: FormErrorModel.questions(errors, instrument: view.instrument, t)),
            readOnlyReason: readOnlyReason(view, user: user).map { t.text($0) },
            roundHref: QuickscanPolicy.mayFollowRounds(user) ? "/quickscans/rondes/\(view.round.id.lowercasedText)" : nil)
        var response = try renderer.render("response", page: model, title: "\(view.round.title) – \(view.municipality.name)", request: request,
                                           context: context, status: errors.isEmpty ? .ok : .badRequest)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func renderSummary(_ view: QuickscanService.ResponseView, errors: [FieldError], notice: String?, request: Request,
                               context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let content = ResponseModel(instrument: view.instrument, answers: view.answers, needs: try await needs(t), t: t)
        let path = Self.path(view.round.id, view.municipality.code)
        let parts = content.sections.map { section in
            SummaryModel.Part(title: section.title, rows: section.questions.filter(\.shown).map {
                SummaryModel.Row(number: $0.number, key: $0.key, text: $0.text, answer: $0.answer, required: $0.required)
            })
        }
        let missing = errors.isEmpty && view.editable ? view.instrument.unanswered(view.answers).map { FieldError(field: $0.key, code: "required") } : errors
        let model = SummaryModel(
            title: view.round.title, municipality: view.municipality.name, path: path, parts: parts,
            missing: FormErrorModel.questions(missing, instrument: view.instrument, t), hasMissing: !missing.isEmpty,
            editable: view.editable && missing.isEmpty, mayEdit: view.editable,
            submitted: view.stored?.submittedAt.map { t.text("response_submitted_at", ["date": t.dateTime($0)]) },
            progressText: t.text("response_progress", ["answered": String(content.answered), "shown": String(content.shown)]),
            notice: notice.map { t.text($0) })
        var response = try renderer.render("response-summary", page: model, title: "\(t.text("response_summary_title")) – \(view.municipality.name)",
                                           request: request, context: context, status: errors.isEmpty ? .ok : .badRequest)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

extension FormErrorModel {
    /// Errors on a questionnaire's answers, named by the question's number and text.
    static func questions(_ errors: [FieldError], instrument: Instrument, _ t: Catalogue) -> [FormErrorModel] {
        let numbers = Dictionary(instrument.questions.enumerated().map { ($1.key, ($0 + 1, $1.text)) }, uniquingKeysWith: { a, _ in a })
        return errors.map { error in
            let name = numbers[error.field].map { t.text("question_number", ["number": String($0.0)]) + " " + $0.1 } ?? t.text("field_name_\(error.field)")
            return FormErrorModel(field: "vraag-" + error.field, message: "\(name): \(t.error(error.code))")
        }
    }
}
