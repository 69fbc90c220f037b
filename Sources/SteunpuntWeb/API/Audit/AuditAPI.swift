import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/audit-gebeurtenissen`: the audit trail for administrators and auditors,
/// newest first, with each entry's place in the hash chain.
struct AuditAPI {
    let service: AuditTrailService

    struct EventDTO: Encodable, Sendable {
        let volgnummer: Int
        let tijdstip: Date
        let handeling: String
        let resultaat: String
        let actor: UUID?
        let actorLabel: String?
        let objectType: String?
        let objectId: String?
        let herkomst: String?
        let vorigeHash: String
        let hash: String

        init(_ record: AuditRecord) {
            let event = record.event
            volgnummer = record.sequence
            tijdstip = event.occurredAt
            handeling = event.action.rawValue
            resultaat = event.result.rawValue
            actor = event.actor
            actorLabel = event.actorLabel
            objectType = event.objectType
            objectId = event.objectID
            herkomst = event.origin
            vorigeHash = record.previousHash
            hash = record.hash
        }
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/audit-gebeurtenissen", use: list)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        guard AccessPolicy.canReadAuditTrail(caller.user) else { throw DomainError.forbidden }
        let query = Query(request: request)
        var v = Validator()
        let filter = AuditQuery.filter(query, into: &v)
        let pageRequest = query.page(into: &v)
        try v.finish()
        let page = try await service.search(filter, page: pageRequest, by: caller.user, actor: context.actor)
        return try ListResponse(page: page, request: request, items: page.items.map(EventDTO.init)).response()
    }
}
