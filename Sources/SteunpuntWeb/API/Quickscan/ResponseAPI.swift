import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/quickscans/rondes/{id}/antwoorden/{gemeente}`: one municipality's answers.
/// `GET` reads them (its officials while their invitation holds, the unit, audited);
/// `PATCH` changes the answers named (`null` clears one) as one change: any refused answer
/// refuses all; `…/indiening` submits a complete response; `…/heropening` (coordinator)
/// makes it editable again. An answer is a string (option code, text), a number (scale,
/// number), a boolean (yes/no) or an array of codes (multiple choice, needs).
struct ResponseAPI {
    let service: QuickscanService

    /// An answer as JSON carries it.
    enum Value: Codable, Sendable, Equatable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case list([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let bool = try? container.decode(Bool.self) { self = .bool(bool) }
            else if let number = try? container.decode(Double.self) { self = .number(number) }
            else if let string = try? container.decode(String.self) { self = .string(string) }
            else { self = .list(try container.decode([String].self)) }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let text): try container.encode(text)
            case .number(let number): try container.encode(number)
            case .bool(let bool): try container.encode(bool)
            case .list(let list): try container.encode(list)
            }
        }

        init(_ answer: AnswerValue) {
            switch answer {
            case .choice(let code): self = .string(code)
            case .choices(let codes): self = .list(codes)
            case .scale(let value): self = .number(Double(value))
            case .number(let value): self = .number(value)
            case .yesNo(let yes): self = .bool(yes)
            case .text(let text): self = .string(text)
            case .needs(let codes): self = .list(codes.map(\.rawValue))
            }
        }

        /// As a form would send it.
        var formValues: [String] {
            switch self {
            case .string(let text): [text]
            case .number(let number): [number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)]
            case .bool(let bool): [bool ? "ja" : "nee"]
            case .list(let list): list
            }
        }
    }

    struct ResponseDTO: Encodable, Sendable {
        struct Progress: Encodable, Sendable { let beantwoord: Int; let getoond: Int }
        let ronde: String
        let gemeente: String
        let status: String
        let bewerkbaar: Bool
        let antwoorden: [String: Value]
        let voortgang: Progress
        let ontbreekt: [String]
        let gewijzigdOp: Date?
        let ingediendOp: Date?

        init(_ view: QuickscanService.ResponseView) {
            ronde = view.round.id.lowercasedText
            gemeente = view.municipality.code.rawValue
            status = view.status?.rawValue ?? "niet-begonnen"
            bewerkbaar = view.editable
            antwoorden = view.answers.values.mapValues(Value.init)
            let progress = view.instrument.progress(view.answers)
            voortgang = Progress(beantwoord: progress.answered, getoond: progress.shown)
            ontbreekt = view.instrument.unanswered(view.answers).map(\.key)
            gewijzigdOp = view.stored?.updatedAt
            ingediendOp = view.stored?.submittedAt
        }
    }

    struct Change: Decodable, Sendable {
        let antwoorden: [String: Value?]
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/quickscans/rondes/{id}/antwoorden/{gemeente}", use: show)
        routes.patch("/quickscans/rondes/{id}/antwoorden/{gemeente}", use: change)
        routes.post("/quickscans/rondes/{id}/antwoorden/{gemeente}/indiening", use: submit)
        routes.post("/quickscans/rondes/{id}/antwoorden/{gemeente}/heropening", use: reopen)
    }

    private func ids(_ context: AppContext) throws -> (UUID, MunicipalityCode) {
        let (round, code) = try RoundAPI.ids(context)
        guard let code else { throw DomainError.notFound }
        return (round, code)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let (round, code) = try ids(context)
        return try JSONResponse.make(ResponseDTO(try await service.response(round, code, by: caller.user, actor: context.actor)))
    }

    @Sendable func change(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let (round, code) = try ids(context)
        let body = try await request.decode(as: Change.self, context: context)
        let view = try await service.response(round, code, by: caller.user, actor: context.actor)
        let unknown = body.antwoorden.keys.filter { view.instrument.question($0) == nil }.sorted()
        guard unknown.isEmpty else { throw DomainError.invalid(unknown.map { FieldError(field: $0, code: "unknown_question") }) }
        var input: [String: [String]] = [:]
        for question in view.instrument.questions { input[question.key] = ResponseModel.formValues(view.answers[question.key], .english) }
        for (key, value) in body.antwoorden { input[key] = value?.formValues ?? [] }
        let saved = try await service.save(view, input: input, original: view.answers, keepValid: false, by: caller.user, actor: context.actor)
        return try JSONResponse.make(ResponseDTO(saved.view))
    }

    @Sendable func submit(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let (round, code) = try ids(context)
        try await service.submit(round, code, by: caller.user, actor: context.actor)
        return try JSONResponse.make(ResponseDTO(try await service.response(round, code, by: caller.user, actor: context.actor)))
    }

    @Sendable func reopen(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let (round, code) = try ids(context)
        try await service.reopen(round, code, by: caller.user, actor: context.actor)
        return try JSONResponse.make(ResponseDTO(try await service.response(round, code, by: caller.user, actor: context.actor)))
    }
}
