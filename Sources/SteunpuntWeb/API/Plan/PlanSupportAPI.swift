import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/tienpuntenplan/ondersteuningsvragen`: the municipalities' wishes for support on
/// points of the plan (the unit), one wish, and the coordinator's decision: `bevestiging`
/// files the support request (201, `Location` the request), `afwijzing` dismisses it with
/// an optional reason the municipality reads (204).
struct PlanSupportAPI {
    let service: PlanSupportService

    struct ProposalDTO: Encodable, Sendable {
        let id: String
        let gemeente: String
        let naam: String
        let punt: String
        let nummer: Int?
        let titel: String?
        let status: String
        let gevraagdOp: Date
        let besluitOp: Date?
        let reden: String?
        let voortgang: String?
        let behoeften: [String]
        let aanbod: [OfferingRef]
        let _links: Links
        struct OfferingRef: Encodable, Sendable { let titel: String; let _links: SelfLink }
        struct SelfLink: Encodable, Sendable { let `self`: Link }
        struct Links: Encodable, Sendable { let `self`: Link; let punt: Link; let hulpvraag: Link? }

        init(_ item: PlanSupportService.Item) {
            let proposal = item.proposal, base = APIRoutes.base
            id = proposal.id.lowercasedText
            gemeente = item.municipality.code.rawValue
            naam = item.municipality.name
            punt = proposal.pointKey
            nummer = item.point?.number
            titel = item.point?.title
            status = proposal.state.rawValue
            gevraagdOp = proposal.askedAt
            besluitOp = proposal.decidedAt
            reden = proposal.reason.isEmpty ? nil : proposal.reason
            voortgang = item.progress?.status.rawValue
            behoeften = (item.point?.needs ?? []).map(\.rawValue)
            aanbod = item.offerings.map { OfferingRef(titel: $0.title, _links: SelfLink(self: Link(href: "\(base)/aanbod/\($0.slug)"))) }
            _links = Links(self: Link(href: "\(base)/tienpuntenplan/ondersteuningsvragen/\(id)"),
                           punt: Link(href: "\(base)/gemeenten/\(gemeente)/plan-voortgang/\(punt)"),
                           hulpvraag: proposal.requestID.map { Link(href: "\(base)/hulpvragen/\($0.lowercasedText)") })
        }
    }

    struct ListDTO: Encodable, Sendable { let resultaten: [ProposalDTO] }

    struct Dismissal: Decodable, Sendable { let reden: String? }

    func register(on routes: inout APIRoutes) {
        routes.get("/tienpuntenplan/ondersteuningsvragen", use: list)
        routes.get("/tienpuntenplan/ondersteuningsvragen/{id}", use: show)
        routes.post("/tienpuntenplan/ondersteuningsvragen/{id}/bevestiging", use: confirm)
        routes.post("/tienpuntenplan/ondersteuningsvragen/{id}/afwijzing", use: dismiss)
    }

    private static func id(_ context: AppContext) throws -> UUID {
        guard let id = UUID(text: try context.parameters.require("id")) else { throw DomainError.notFound }
        return id
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        var v = Validator()
        let state = Query(request: request).text("status").flatMap { text in
            v.choice(text, "status", "invalid_choice", SupportProposalState.init(rawValue:))
        }
        try v.finish()
        return try JSONResponse.make(ListDTO(resultaten: try await service.proposals(state: state, by: caller.user).map(ProposalDTO.init)))
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        return try JSONResponse.make(ProposalDTO(try await service.proposal(try Self.id(context), by: caller.user)))
    }

    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let filed = try await service.confirm(try Self.id(context), actor: context.actor)
        let href = "\(APIRoutes.base)/hulpvragen/\(filed.id.lowercasedText)"
        return try JSONResponse.make(["_links": ["hulpvraag": Link(href: href)]], status: .created, headers: [.location: href])
    }

    @Sendable func dismiss(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: Dismissal.self, context: context)
        try await service.dismiss(try Self.id(context), reason: body.reden ?? "", actor: context.actor)
        return Response(status: .noContent)
    }
}
