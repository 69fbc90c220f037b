import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// Keeping the 10-point plan through the API (the unit): `PUT /tienpuntenplan/concept`
/// saves the whole plan as the draft, made on `versie` (`If-Match` or the body): into the
/// draft, or as the next version when the latest is published; with the `vingerafdruk` of
/// the version read, a draft someone changed since is refused too (409, 412 with
/// `If-Match`), so two clients do not overwrite each other's edits; every problem at once
/// (`punten[2].titel`). `GET /tienpuntenplan/versies/{versie}/wijzigingen`: what a version
/// changes against the published version before it, point by point. `POST
/// /tienpuntenplan/versies/{versie}/publicatie` (the coordinator): publishes the draft and
/// answers what changed; municipalities' progress on changed points is marked for review.
struct PlanDraftAPI {
    let plans: PlanService

    struct ChangeBody: Decodable, Sendable {
        /// The version the change is based on; required unless `If-Match` names it.
        let versie: Int?
        /// The `vingerafdruk` of the version read: a draft changed since is refused.
        let vingerafdruk: String?
        let definitie: Plan
    }

    struct DifferenceDTO: Encodable, Sendable {
        let sleutel: String
        let titel: String
        let wijziging: String
    }

    struct ChangesDTO: Encodable, Sendable {
        let versie: Int
        let resultaten: [DifferenceDTO]

        init(version: Int, changes: PlanChanges) {
            versie = version
            resultaten = changes.points.map { DifferenceDTO(sleutel: $0.key, titel: $0.title, wijziging: $0.change.rawValue) }
        }
    }

    struct PublishedDTO: Encodable, Sendable {
        let plan: PlanAPI.PlanDTO
        let wijzigingen: [DifferenceDTO]
    }

    func register(on routes: inout APIRoutes) {
        routes.put("/tienpuntenplan/concept", use: save)
        routes.get("/tienpuntenplan/versies/{versie}/wijzigingen", use: changes)
        routes.post("/tienpuntenplan/versies/{versie}/publicatie", use: publish)
    }

    private func editor(_ context: AppContext, _ scope: APIScope) throws -> User {
        let caller = try context.requireCaller(scope)
        guard PlanPolicy.mayEditPlan(caller.user) else { throw DomainError.forbidden }
        return caller.user
    }

    private func number(_ context: AppContext) throws -> Int {
        guard let number = Int(try context.parameters.require("versie")) else { throw DomainError.notFound }
        return number
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        _ = try editor(context, .write)
        let body = try await request.decode(as: ChangeBody.self, context: context)
        guard let expected = try APIPrecondition.expected(request, body: body.versie) else {
            throw DomainError.invalid([FieldError(field: "versie", code: "required")])
        }
        let saved = try await APIPrecondition.apply(expected) {
            try await plans.save(body.definitie, basedOn: expected.version, read: body.vingerafdruk, actor: context.actor)
        }
        return try JSONResponse.make(PlanAPI.PlanDTO(saved), headers: [.eTag: APIPrecondition.etag(saved.version)])
    }

    @Sendable func changes(_ request: Request, context: AppContext) async throws -> Response {
        let user = try editor(context, .read)
        let version = try await plans.version(try number(context), by: user)
        return try JSONResponse.make(ChangesDTO(version: version.version, changes: try await plans.changes(of: version)))
    }

    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        let user = try editor(context, .write)
        guard PlanPolicy.mayPublish(user) else { throw DomainError.forbidden }
        let (version, changes) = try await plans.publish(try number(context), actor: context.actor)
        return try JSONResponse.make(PublishedDTO(plan: PlanAPI.PlanDTO(version), wijzigingen: ChangesDTO(version: version.version, changes: changes).resultaten))
    }
}
