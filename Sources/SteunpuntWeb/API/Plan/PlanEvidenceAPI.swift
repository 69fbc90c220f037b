import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain

/// `/api/v1/gemeenten/{code}/plan-voortgang/{punt}/bewijsstukken`: the documents that show
/// a point of a municipality's plan in place. Its own officials add them (`POST`,
/// `multipart/form-data` with `bestand` and `titel`, the toolbox's checks) and remove them
/// (`DELETE …/{id}`); they and the unit list them and download a file (`…/{id}/inhoud`,
/// audited).
struct PlanEvidenceAPI {
    let evidence: EvidenceService

    struct EvidenceDTO: Encodable, Sendable {
        struct Links: Encodable, Sendable { let `self`: Link; let inhoud: Link; let punt: Link }
        let id: String
        let titel: String
        let bestandsnaam: String
        let formaat: String
        let mediatype: String
        let grootte: Int
        let sha256: String
        let toegevoegdOp: Date
        let _links: Links

        init(_ document: EvidenceDocument) {
            let point = "\(APIRoutes.base)/gemeenten/\(document.municipality.rawValue)/plan-voortgang/\(document.pointKey)"
            let base = "\(point)/bewijsstukken/\(document.id.uppercasedText)"
            id = document.id.uppercasedText
            titel = document.title
            bestandsnaam = document.file.fileName
            formaat = document.file.format.rawValue
            mediatype = document.file.format.mediaType
            grootte = document.file.size
            sha256 = document.file.sha256
            toegevoegdOp = document.file.uploadedAt
            _links = Links(self: Link(href: base), inhoud: Link(href: base + "/inhoud"), punt: Link(href: point))
        }
    }

    struct ListDTO: Encodable, Sendable { let resultaten: [EvidenceDTO] }

    func register(on routes: inout APIRoutes) {
        routes.get("/gemeenten/{code}/plan-voortgang/{punt}/bewijsstukken", use: list)
        routes.post("/gemeenten/{code}/plan-voortgang/{punt}/bewijsstukken", use: add)
        routes.get("/gemeenten/{code}/plan-voortgang/{punt}/bewijsstukken/{id}", use: show)
        routes.delete("/gemeenten/{code}/plan-voortgang/{punt}/bewijsstukken/{id}", use: remove)
        routes.get("/gemeenten/{code}/plan-voortgang/{punt}/bewijsstukken/{id}/inhoud", use: download)
    }

    private func address(_ context: AppContext) throws -> (MunicipalityCode, String) {
        guard let code = MunicipalityCode(try context.parameters.require("code").uppercased()) else { throw DomainError.notFound }
        return (code, try context.parameters.require("punt"))
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let (code, key) = try address(context)
        let found = try await evidence.list(key, of: code, actor: context.actor)
        return try JSONResponse.make(ListDTO(resultaten: found.documents.filter { !$0.isRemoved }.map(EvidenceDTO.init)))
    }

    @Sendable func add(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let (code, key) = try address(context)
        var request = request
        let form = try await request.multipart(context)
        let draft = EvidenceDraft(form)
        let dto = EvidenceDTO(try await evidence.add(draft, to: key, of: code, actor: context.actor))
        return try JSONResponse.make(dto, status: .created, headers: [.location: dto._links.`self`.href])
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let (code, key) = try address(context)
        return try JSONResponse.make(EvidenceDTO(try await evidence.document(try context.parameters.require("id"), of: key, of: code, actor: context.actor)))
    }

    @Sendable func remove(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let (code, key) = try address(context)
        try await evidence.remove(try context.parameters.require("id"), from: key, of: code, actor: context.actor)
        return Response(status: .noContent)
    }

    @Sendable func download(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let (code, key) = try address(context)
        let found = try await evidence.download(try context.parameters.require("id"), of: key, of: code, actor: context.actor)
        return DocumentDownload.response(file: found.document.file, content: found.content, restricted: true, request: request)
    }
}
