import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/aanbod/{slug}/documenten`: an offering's documents. Reading follows the
/// offering and the document's own visibility (no token needed for public ones); the unit
/// uploads (`POST`, `multipart/form-data` with `bestand`, `titel`, `zichtbaarheid`) and
/// replaces a file (`POST …/versies`, with `versie` to refuse a stale replacement).
/// `…/inhoud` downloads a file; a download of a restricted document is audited.
struct DocumentAPI {
    let service: ToolboxService

    struct FileDTO: Encodable, Sendable {
        struct Links: Encodable, Sendable { let inhoud: Link }
        let versie: Int
        let bestandsnaam: String
        let formaat: String
        let mediatype: String
        let grootte: Int
        let sha256: String
        let geuploadOp: Date
        let _links: Links

        init(_ file: DocumentFile, base: String, current: Bool) {
            versie = file.version
            bestandsnaam = file.fileName
            formaat = file.format.rawValue
            mediatype = file.format.mediaType
            grootte = file.size
            sha256 = file.sha256
            geuploadOp = file.uploadedAt
            _links = Links(inhoud: Link(href: current ? "\(base)/inhoud" : "\(base)/versies/\(file.version)/inhoud"))
        }
    }

    struct DocumentDTO: Encodable, Sendable {
        struct Links: Encodable, Sendable {
            let `self`: Link
            let inhoud: Link
            let aanbod: Link
        }
        let id: String
        let titel: String
        let zichtbaarheid: String
        let versie: Int
        let bestand: FileDTO
        let versies: [FileDTO]?
        let _links: Links

        init(_ document: OfferingDocument, slug: OfferingSlug, versions: [DocumentFile]? = nil) {
            let base = "\(APIRoutes.base)/aanbod/\(slug)/documenten/\(document.id.uppercasedText)"
            id = document.id.uppercasedText
            titel = document.title
            zichtbaarheid = document.visibility.rawValue
            versie = document.version
            bestand = FileDTO(document.file, base: base, current: true)
            versies = versions?.map { FileDTO($0, base: base, current: false) }
            _links = Links(self: Link(href: base), inhoud: Link(href: "\(base)/inhoud"), aanbod: Link(href: "\(APIRoutes.base)/aanbod/\(slug)"))
        }
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/aanbod/{slug}/documenten", use: list)
        routes.post("/aanbod/{slug}/documenten", use: add)
        routes.get("/aanbod/{slug}/documenten/{id}", use: show)
        routes.post("/aanbod/{slug}/documenten/{id}/versies", use: replace)
        routes.get("/aanbod/{slug}/documenten/{id}/inhoud", use: download)
        routes.get("/aanbod/{slug}/documenten/{id}/versies/{versie}/inhoud", use: downloadVersion)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let offering = try await service.read(try context.parameters.require("slug"), by: context.user)
        let documents = try await service.documents(of: offering, by: context.user)
        return try JSONResponse.make(["resultaten": documents.map { DocumentDTO($0, slug: offering.slug) }])
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let (offering, document, versions) = try await service.documentVersions(try context.parameters.require("slug"),
                                                                                try context.parameters.require("id"), by: context.user)
        return try JSONResponse.make(DocumentDTO(document, slug: offering.slug, versions: versions))
    }

    @Sendable func add(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        var request = request
        let form = try await request.multipart(context)
        let slug = try context.parameters.require("slug")
        let document = try await service.addDocument(slug, DocumentDraft(form), by: caller.user, actor: context.actor)
        let dto = DocumentDTO(document, slug: try await service.read(slug, by: caller.user).slug)
        return try JSONResponse.make(dto, status: .created, headers: [.location: dto._links.`self`.href])
    }

    @Sendable func replace(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        var request = request
        let form = try await request.multipart(context)
        let slug = try context.parameters.require("slug")
        var v = Validator()
        let versionText = form.value("versie")?.trimmingCharacters(in: .whitespaces) ?? ""
        let version = Int(versionText)
        if !versionText.isEmpty, !(version.map(APIPrecondition.versions.contains) ?? false) { v.add("versie", "invalid_version") }
        try v.finish()
        let document = try await service.replaceDocument(slug, try context.parameters.require("id"), version: version, DocumentDraft(form),
                                                         by: caller.user, actor: context.actor)
        let dto = DocumentDTO(document, slug: try await service.read(slug, by: caller.user).slug)
        return try JSONResponse.make(dto, status: .created, headers: [.location: dto._links.`self`.href])
    }

    @Sendable func download(_ request: Request, context: AppContext) async throws -> Response {
        try await DocumentDownload.serve(service, version: nil, request: request, context: context)
    }

    @Sendable func downloadVersion(_ request: Request, context: AppContext) async throws -> Response {
        guard let version = Int(try context.parameters.require("versie")) else { throw DomainError.notFound }
        return try await DocumentDownload.serve(service, version: version, request: request, context: context)
    }
}
