import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/tienpuntenplan`: the 10-point plan as published (any caller), and its versions
/// (the unit; a draft exists for the unit only). `/api/v1/gemeenten/{code}/plan-voortgang`:
/// a municipality's progress on every point (its own officials and the unit), one point
/// with its version as `ETag`, a change of one point by the municipality's own officials
/// (`PATCH`: fields left out keep their value; `If-Match` or `versie` name the version
/// read, 0 for a point never recorded), and a point's history. With `Accept: text/csv` the
/// progress comes as the page's sheet for Dutch Excel.
struct PlanAPI {
    let plans: PlanService
    let progress: ProgressService

    struct PointDTO: Encodable, Sendable {
        let sleutel: String
        let nummer: Int
        let fase: String
        let titel: String
        let vraagt: String
        let bewijs: String
        let behoeften: [String]
        let aanbod: [String]

        init(_ point: PlanPoint) {
            sleutel = point.key
            nummer = point.number
            fase = point.phase.rawValue
            titel = point.title
            vraagt = point.asks
            bewijs = point.evidence
            behoeften = point.needs.map(\.rawValue)
            aanbod = point.offerings
        }
    }

    struct PlanDTO: Encodable, Sendable {
        let versie: Int
        let status: String
        let startversie: Bool
        let gewijzigdOp: Date
        let gepubliceerdOp: Date?
        let titel: String
        let inleiding: String
        let punten: [PointDTO]
        /// What a change of the draft names as what it read (`vingerafdruk` in `PUT /tienpuntenplan/concept`).
        let vingerafdruk: String
        let _links: Links
        struct Links: Encodable, Sendable { let `self`: Link }

        init(_ version: PlanVersion) {
            versie = version.version
            status = version.status.rawValue
            startversie = version.isStartingVersion
            gewijzigdOp = version.changedAt
            gepubliceerdOp = version.publishedAt
            titel = version.plan.title
            inleiding = version.plan.introduction
            punten = version.plan.points.map(PointDTO.init)
            vingerafdruk = version.plan.fingerprint
            _links = Links(self: Link(href: "\(APIRoutes.base)/tienpuntenplan/versies/\(version.version)"))
        }
    }

    struct ProgressDTO: Encodable, Sendable {
        let gemeente: String
        let sleutel: String
        let nummer: Int
        let titel: String
        let status: String
        let sinds: String?
        let bewijs: String
        let verantwoordelijkeFunctie: String
        let volgendeStap: String
        let volgendeStapOp: String?
        let wilOndersteuning: Bool
        let opnieuwBekijken: Bool
        let planversie: Int
        let versie: Int
        let gewijzigdOp: Date?
        let _links: Links
        struct Links: Encodable, Sendable { let `self`: Link; let geschiedenis: Link; let bewijsstukken: Link; let gemeente: Link }

        init(_ state: ProgressService.PointState) {
            let p = state.progress
            gemeente = p.municipality.rawValue
            sleutel = state.point.key
            nummer = state.point.number
            titel = state.point.title
            status = p.status.rawValue
            sinds = p.since.isEmpty ? nil : p.since
            bewijs = p.evidence
            verantwoordelijkeFunctie = p.responsibleFunction
            volgendeStap = p.nextStep
            volgendeStapOp = p.nextStepOn.isEmpty ? nil : p.nextStepOn
            wilOndersteuning = p.wantsSupport
            opnieuwBekijken = p.needsReview
            planversie = p.planVersion
            versie = p.version
            gewijzigdOp = p.isRecorded ? p.changedAt : nil
            let base = "\(APIRoutes.base)/gemeenten/\(gemeente)/plan-voortgang/\(sleutel)"
            _links = Links(self: Link(href: base), geschiedenis: Link(href: base + "/geschiedenis"), bewijsstukken: Link(href: base + "/bewijsstukken"),
                           gemeente: Link(href: "\(APIRoutes.base)/gemeenten/\(gemeente)"))
        }
    }

    struct MunicipalityDTO: Encodable, Sendable {
        let gemeente: String
        let naam: String
        let planversie: Int
        let laatstGewijzigdOp: Date?
        let punten: [ProgressDTO]
    }

    struct HistoryDTO: Encodable, Sendable {
        let status: String
        let sinds: String?
        let bewijs: String
        let verantwoordelijkeFunctie: String
        let volgendeStap: String
        let volgendeStapOp: String?
        let wilOndersteuning: Bool
        let planversie: Int
        let bron: String
        let gewijzigdOp: Date
        let gewijzigdDoor: String?
    }

    struct HistoryListDTO: Encodable, Sendable {
        let resultaten: [HistoryDTO]
    }

    struct Change: Decodable, Sendable {
        let status: String?
        let sinds: String?
        let bewijs: String?
        let verantwoordelijkeFunctie: String?
        let volgendeStap: String?
        let volgendeStapOp: String?
        let wilOndersteuning: Bool?
        let versie: Int?

        /// The point as it will be: what the change names, the rest as it is.
        func draft(over current: PointProgress) -> ProgressDraft {
            ProgressDraft(status: status ?? current.status.rawValue, since: sinds ?? current.since, evidence: bewijs ?? current.evidence,
                          responsibleFunction: verantwoordelijkeFunctie ?? current.responsibleFunction, nextStep: volgendeStap ?? current.nextStep,
                          nextStepOn: volgendeStapOp ?? current.nextStepOn, wantsSupport: wilOndersteuning ?? current.wantsSupport)
        }
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/tienpuntenplan", use: published)
        routes.get("/tienpuntenplan/versies", use: versions)
        routes.get("/tienpuntenplan/versies/{versie}", use: version)
        routes.get("/gemeenten/{code}/plan-voortgang", use: municipality)
        routes.get("/gemeenten/{code}/plan-voortgang/{punt}", use: point)
        routes.patch("/gemeenten/{code}/plan-voortgang/{punt}", use: change)
        routes.get("/gemeenten/{code}/plan-voortgang/{punt}/geschiedenis", use: history)
    }

    @Sendable func published(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        return try JSONResponse.make(PlanDTO(try await plans.published()))
    }

    @Sendable func versions(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        guard PlanPolicy.mayEditPlan(caller.user) else { throw DomainError.forbidden }
        let all = try await plans.versions(by: caller.user)
        return try JSONResponse.make(ListBody(resultaten: all.map(PlanDTO.init)))
    }

    struct ListBody: Encodable, Sendable { let resultaten: [PlanDTO] }

    @Sendable func version(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        guard let number = Int(try context.parameters.require("versie")) else { throw DomainError.notFound }
        return try JSONResponse.make(PlanDTO(try await plans.version(number, by: caller.user)))
    }

    private func code(_ context: AppContext) throws -> MunicipalityCode {
        guard let code = MunicipalityCode(try context.parameters.require("code").uppercased()) else { throw DomainError.notFound }
        return code
    }

    @Sendable func municipality(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let plan = try await progress.plan(of: try code(context), actor: context.actor)
        if CSVExport.isAsked(request) { return PlanSheetPage.csv(plan, day: DateText.day(progress.dependencies.now())) }
        return try JSONResponse.make(MunicipalityDTO(gemeente: plan.municipality.code.rawValue, naam: plan.municipality.name, planversie: plan.plan.version,
                                                     laatstGewijzigdOp: plan.lastChanged, punten: plan.points.map(ProgressDTO.init)))
    }

    @Sendable func point(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let found = try await progress.point(try context.parameters.require("punt"), of: try code(context), actor: context.actor)
        return try JSONResponse.make(ProgressDTO(found.state), headers: [.eTag: APIPrecondition.etag(found.state.progress.version)])
    }

    @Sendable func change(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        // The body first: what it carries that may not be stored is told even for a point that does not exist.
        let body = try await request.decode(as: Change.self, context: context)
        let code = try code(context), key = try context.parameters.require("punt")
        // Version 0 is a point never recorded: named in the body, it is the version read.
        var expected = try APIPrecondition.expected(request, body: body.versie == 0 ? nil : body.versie)
        if body.versie == 0 {
            if let expected, expected.version != 0 { throw DomainError.invalid([FieldError(field: "versie", code: "version_mismatch")]) }
            expected = expected ?? ExpectedVersion(version: 0, fromIfMatch: false)
        }
        let current = try await progress.current(key, of: code, actor: context.actor)
        _ = try await APIPrecondition.apply(expected) {
            try await progress.update(key, of: code, with: body.draft(over: current), version: expected?.version ?? current.version, actor: context.actor)
        }
        let found = try await progress.point(key, of: code, actor: context.actor)
        return try JSONResponse.make(ProgressDTO(found.state), headers: [.eTag: APIPrecondition.etag(found.state.progress.version)])
    }

    @Sendable func history(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let found = try await progress.point(try context.parameters.require("punt"), of: try code(context), actor: context.actor)
        return try JSONResponse.make(HistoryListDTO(resultaten: found.history.map { change in
            let p = change.progress
            return HistoryDTO(status: p.status.rawValue, sinds: p.since.isEmpty ? nil : p.since, bewijs: p.evidence, verantwoordelijkeFunctie: p.responsibleFunction,
                              volgendeStap: p.nextStep, volgendeStapOp: p.nextStepOn.isEmpty ? nil : p.nextStepOn, wilOndersteuning: p.wantsSupport,
                              planversie: p.planVersion, bron: change.source.rawValue, gewijzigdOp: change.changedAt,
                              gewijzigdDoor: change.changedBy.flatMap { found.names[$0] })
        }))
    }
}
