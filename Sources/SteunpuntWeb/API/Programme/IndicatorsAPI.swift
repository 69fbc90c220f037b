import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/indicatoren`: the action programme's indicators (issue 22) for those who read
/// the programme: their definitions, and a quarter's figure of one with its provenance
/// (`…/{code}/waarden/{periode}`): the definition's version, the period, when the records
/// were read, whether the quarter has ended (its records kept), how many records it rests
/// on, the breakdown, and a link to the requests behind it (`…/gegevens`, by number, a
/// page at a time) as far as the caller may open them. A figure the caller may not see is
/// left out, with `verborgen`.
struct IndicatorsAPI {
    let service: IndicatorService

    struct DefinitionDTO: Encodable, Sendable {
        let code: String
        let versie: Int
        let berekening: String
        let uitsplitsing: String
        /// Every dimension the figure may be broken down by (`?uitsplitsing=`), its own first.
        let uitsplitsingen: [String]
        let hogerIsBeter: Bool?
        let gegevens: String
        let maatregelen: [String]
        let _links: Links
        struct Links: Encodable, Sendable { let waarden: Link }

        init(_ definition: IndicatorDefinition, period: PlanQuarter) {
            code = definition.code.rawValue
            versie = definition.version
            berekening = definition.aggregate.rawValue
            uitsplitsingen = definition.breakdowns
            uitsplitsing = definition.breakdown
            hogerIsBeter = definition.higherIsBetter
            gegevens = definition.records.rawValue
            maatregelen = definition.measures.map(\.rawValue)
            _links = Links(waarden: Link(href: "\(APIRoutes.base)/indicatoren/\(code)/waarden/\(period)"))
        }
    }

    struct DefinitionsDTO: Encodable, Sendable { let resultaten: [DefinitionDTO] }

    struct ValueDTO: Encodable, Sendable {
        struct CellDTO: Encodable, Sendable { let deel: String; let waarde: Double?; let aantalGegevens: Int?; let verborgen: Bool }
        let code: String
        let definitieVersie: Int
        let periode: String
        let waarde: Double?
        let verborgen: Bool
        let aantalGegevens: Int?
        let gelezenOp: Date
        let vastgesteld: Bool
        let uitsplitsing: [CellDTO]
        /// What the breakdown is by (`provincie`, `inwonersklasse`, `kanaal`, `behoefte`, or the definition's own).
        let uitsplitsingNaar: String
        /// False: a quarter closed before this breakdown was kept (no parts).
        let uitsplitsingBewaard: Bool
        let _links: Links
        struct Links: Encodable, Sendable {
            let `self`: Link
            /// The requests behind the figure, for a caller who sees it whole.
            let gegevens: Link?
        }

        init(_ value: IndicatorValue) {
            code = value.definition.code.rawValue
            definitieVersie = value.definition.version
            periode = value.period.description
            waarde = value.value
            verborgen = value.value == nil && value.restsOn == nil
            aantalGegevens = value.restsOn
            gelezenOp = value.readAt
            vastgesteld = value.isFrozen
            uitsplitsing = value.cells.map { CellDTO(deel: $0.key, waarde: $0.value, aantalGegevens: $0.records, verborgen: $0.records == nil) }
            uitsplitsingNaar = value.breakdown
            uitsplitsingBewaard = value.breakdownKept
            let href = "\(APIRoutes.base)/indicatoren/\(code)/waarden/\(periode)"
            // Only requests are opened one by one from a figure.
            _links = Links(self: Link(href: href), gegevens: value.listsRecords ? Link(href: "\(href)/gegevens") : nil)
        }
    }

    /// A request behind a figure: its number and where it is.
    struct RecordDTO: Encodable, Sendable {
        let nummer: String
        let _links: Links
        struct Links: Encodable, Sendable { let `self`: Link }

        init(id: UUID, number: String) {
            nummer = number
            _links = Links(self: Link(href: "\(APIRoutes.base)/hulpvragen/\(id.lowercasedText)"))
        }
    }

    struct ClosingDTO: Encodable, Sendable {
        let periode: String
        let vastgesteldOp: Date
        let _links: Links
        struct Links: Encodable, Sendable { let `self`: Link; let indicatoren: Link }

        init(_ closing: IndicatorClosing) {
            periode = closing.period.description
            vastgesteldOp = closing.closedAt
            _links = Links(self: Link(href: "\(APIRoutes.base)/indicatoren/vaststellingen/\(periode)"), indicatoren: Link(href: "\(APIRoutes.base)/indicatoren"))
        }
    }

    struct ClosingsDTO: Encodable, Sendable { let resultaten: [ClosingDTO] }

    struct TargetDTO: Encodable, Sendable {
        let periode: String
        let waarde: Double
        let vastgelegdOp: Date
        init(_ target: IndicatorTarget) {
            periode = target.period.description
            waarde = target.value
            vastgelegdOp = target.setAt
        }
    }

    struct AimsDTO: Encodable, Sendable {
        struct BaselineDTO: Encodable, Sendable { let periode: String; let waarde: Double?; let verborgen: Bool }
        let nulmeting: BaselineDTO?
        let streefwaarden: [TargetDTO]
        init(_ aims: IndicatorService.Aims) {
            nulmeting = aims.baseline.map { baseline in
                BaselineDTO(periode: baseline.period.description, waarde: aims.baselineValue?.value, verborgen: aims.baselineValue?.restsOn == nil)
            }
            streefwaarden = aims.targets.map(TargetDTO.init)
        }
    }

    struct TargetBody: Decodable, Sendable { let waarde: Double? }
    struct ClosingBody: Decodable, Sendable { let periode: String? }

    func register(on routes: inout APIRoutes) {
        routes.get("/indicatoren", use: definitions)
        routes.get("/indicatoren/vaststellingen", use: closings)
        routes.post("/indicatoren/vaststellingen", use: close)
        routes.get("/indicatoren/vaststellingen/{periode}", use: closing)
        routes.get("/indicatoren/{code}/doelen", use: aims)
        routes.put("/indicatoren/{code}/streefwaarden/{periode}", use: setTarget)
        routes.delete("/indicatoren/{code}/streefwaarden/{periode}", use: removeTarget)
        routes.put("/indicatoren/{code}/nulmeting", use: setBaseline)
        routes.get("/indicatoren/{code}/waarden/{periode}", use: value)
        routes.get("/indicatoren/{code}/waarden/{periode}/gegevens", use: records)
    }

    @Sendable func definitions(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let definitions = try service.definitions(actor: context.actor)
        let period = try service.period(nil)
        return try JSONResponse.make(DefinitionsDTO(resultaten: definitions.map { DefinitionDTO($0, period: period) }))
    }

    @Sendable func closings(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        return try JSONResponse.make(ClosingsDTO(resultaten: try await service.closings(actor: context.actor).map(ClosingDTO.init)))
    }

    @Sendable func closing(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        guard let period = PlanQuarter(try context.parameters.require("periode")) else { throw DomainError.notFound }
        guard let closing = try await service.state(of: period, actor: context.actor).closing else { throw DomainError.notFound }
        return try JSONResponse.make(ClosingDTO(closing))
    }

    /// Closes an ended quarter (an analyst of the NCTV): its figures kept from now on.
    @Sendable func close(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: ClosingBody.self, context: context)
        guard let text = body.periode, !text.isEmpty else { throw DomainError.invalid([FieldError(field: "periode", code: "required")]) }
        let dto = ClosingDTO(try await service.close(try service.period(text), actor: context.actor))
        return try JSONResponse.make(dto, status: .created, headers: [.location: dto._links.`self`.href])
    }

    private func code(_ context: AppContext) throws -> IndicatorCode {
        guard let code = IndicatorCode(rawValue: try context.parameters.require("code")) else { throw DomainError.notFound }
        return code
    }

    /// An indicator's baseline (the closed quarter's figure, as the caller may see it) and its targets.
    @Sendable func aims(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        return try JSONResponse.make(AimsDTO(try await service.aims(of: try code(context), actor: context.actor)))
    }

    /// Sets (or replaces) a target for a quarter (`2027-K1`) or a year (`2027`): an analyst of the NCTV.
    @Sendable func setTarget(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: TargetBody.self, context: context)
        let code = try code(context)
        let draft = IndicatorTargetDraft(period: try context.parameters.require("periode"), value: body.waarde.map { String($0) } ?? "")
        return try JSONResponse.make(TargetDTO(try await service.setTarget(code, draft, actor: context.actor)))
    }

    @Sendable func removeTarget(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        try await service.removeTarget(try code(context), period: try context.parameters.require("periode"), actor: context.actor)
        return Response(status: .noContent)
    }

    /// Chooses the baseline: a closed quarter (`{"periode": "2026-K3"}`).
    @Sendable func setBaseline(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        // The body first: what it carries that may not be stored is told whatever the address.
        let body = try await request.decode(as: ClosingBody.self, context: context)
        let code = try code(context)
        _ = try await service.setBaseline(code, period: body.periode ?? "", actor: context.actor)
        return try JSONResponse.make(AimsDTO(try await service.aims(of: code, actor: context.actor)))
    }

    @Sendable func value(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        guard let code = IndicatorCode(rawValue: try context.parameters.require("code")) else { throw DomainError.notFound }
        let period = try service.figurePeriod(try context.parameters.require("periode"))
        let dimension = Query(request: request).text("uitsplitsing")
        return try JSONResponse.make(ValueDTO(try await service.value(code, in: period, by: dimension, actor: context.actor)))
    }

    /// The requests behind a figure the caller may open, by number, a page at a time; an
    /// empty list for a caller who sees the figure only as aggregates, and for figures over
    /// other records.
    @Sendable func records(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        guard let code = IndicatorCode(rawValue: try context.parameters.require("code")) else { throw DomainError.notFound }
        var v = Validator()
        let pageRequest = Query(request: request).page(into: &v)
        try v.finish()
        let period = try service.figurePeriod(try context.parameters.require("periode"))
        let page = try await service.requestsBehind(code, in: period, page: pageRequest, actor: context.actor)
        return try ListResponse(page: page, request: request, items: page.items.map { RecordDTO(id: $0.id, number: $0.number) }).response()
    }
}
