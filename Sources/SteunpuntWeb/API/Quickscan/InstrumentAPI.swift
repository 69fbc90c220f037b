import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/quickscans/instrumenten`: the quickscan's questionnaires, for the expertise
/// unit. `POST` imports an instrument (its JSON, as `…/versies/{n}` exports it) as draft
/// version 1; `PUT` saves a change made on `versie` (into that draft, or a new draft once
/// it is published); `POST …/versies/{n}/publicatie` (the coordinator) freezes a draft.
/// Every change is audited. Others get 404: the instruments are the unit's working material.
struct InstrumentAPI {
    let service: InstrumentService

    struct VersionDTO: Encodable, Sendable {
        struct Links: Encodable, Sendable { let `self`: Link; let instrument: Link }
        let id: String
        let versie: Int
        let status: String
        let titel: String
        let gewijzigdOp: Date
        let gepubliceerdOp: Date?
        let definitie: Instrument?
        let _links: Links

        init(_ version: InstrumentVersion, withDefinition: Bool) {
            let base = "\(APIRoutes.base)/quickscans/instrumenten/\(version.instrumentID.uppercasedText)"
            id = version.instrumentID.uppercasedText
            versie = version.version
            status = version.status.rawValue
            titel = version.definition.title
            gewijzigdOp = version.changedAt
            gepubliceerdOp = version.publishedAt
            definitie = withDefinition ? version.definition : nil
            _links = Links(self: Link(href: "\(base)/versies/\(version.version)"), instrument: Link(href: base))
        }
    }

    struct DetailDTO: Encodable, Sendable {
        let huidig: VersionDTO
        let versies: [VersionDTO]
    }

    struct ChangeBody: Decodable, Sendable {
        /// The version the change is based on; required unless `If-Match` names it.
        let versie: Int?
        let definitie: Instrument
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/quickscans/instrumenten", use: list)
        routes.post("/quickscans/instrumenten", use: create)
        routes.get("/quickscans/instrumenten/{id}", use: show)
        routes.put("/quickscans/instrumenten/{id}", use: change)
        routes.get("/quickscans/instrumenten/{id}/versies/{versie}", use: version)
        routes.post("/quickscans/instrumenten/{id}/versies/{versie}/publicatie", use: publish)
    }

    private func editor(_ context: AppContext, _ scope: APIScope) throws -> User {
        let caller = try context.requireCaller(scope)
        guard QuickscanPolicy.mayEditInstruments(caller.user) else { throw DomainError.notFound }
        return caller.user
    }

    private func id(_ context: AppContext) throws -> UUID {
        let id = try context.identifier("id")
        return id
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let user = try editor(context, .read)
        return try JSONResponse.make(["resultaten": try await service.list(by: user).map { VersionDTO($0, withDefinition: false) }])
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try editor(context, .read)
        let versions = try await service.versions(try id(context), by: user)
        guard let latest = versions.first else { throw DomainError.notFound }
        return try JSONResponse.make(DetailDTO(huidig: VersionDTO(latest, withDefinition: true), versies: versions.map { VersionDTO($0, withDefinition: false) }),
                                     headers: [.eTag: APIPrecondition.etag(latest.version)])
    }

    @Sendable func version(_ request: Request, context: AppContext) async throws -> Response {
        let user = try editor(context, .read)
        guard let number = Int(try context.parameters.require("versie")) else { throw DomainError.notFound }
        let version = try await service.version(try id(context), number, by: user)
        return try JSONResponse.make(VersionDTO(version, withDefinition: true))
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let user = try editor(context, .write)
        let instrument = try await request.decode(as: Instrument.self, context: context)
        let created = try await service.create(instrument, by: user, actor: context.actor)
        let dto = VersionDTO(created, withDefinition: true)
        return try JSONResponse.make(dto, status: .created, headers: [.location: dto._links.instrument.href, .eTag: APIPrecondition.etag(created.version)])
    }

    @Sendable func change(_ request: Request, context: AppContext) async throws -> Response {
        let user = try editor(context, .write)
        let id = try id(context)
        let body = try await request.decode(as: ChangeBody.self, context: context)
        guard let expected = try APIPrecondition.expected(request, body: body.versie) else {
            throw DomainError.invalid([FieldError(field: "versie", code: "required")])
        }
        let saved = try await APIPrecondition.apply(expected) {
            try await service.save(id, body.definitie, basedOn: expected.version, by: user, actor: context.actor)
        }
        return try JSONResponse.make(VersionDTO(saved, withDefinition: true), headers: [.eTag: APIPrecondition.etag(saved.version)])
    }

    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        let user = try editor(context, .write)
        guard QuickscanPolicy.mayPublish(user) else { throw DomainError.forbidden }
        guard let number = Int(try context.parameters.require("versie")) else { throw DomainError.notFound }
        let published = try await service.publish(try id(context), version: number, by: user, actor: context.actor)
        return try JSONResponse.make(VersionDTO(published, withDefinition: true))
    }
}
