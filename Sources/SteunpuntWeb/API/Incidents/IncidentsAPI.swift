import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/incidenten`: the incident register (issue 21) for a municipality's own systems
/// (its incidents: register, read, change the handling, share with the expertise unit or a
/// partner organisation and end a share, list its shares) and for the unit's and partners'
/// (what is shared with them, read only, never whom else it is shared with). Every read of
/// an incident and of a shared list is audited; nobody else reads incidents one by one.
struct IncidentsAPI {
    let service: IncidentService

    struct IncidentDTO: Encodable, Sendable {
        let id: String
        let nummer: String
        let gemeente: String
        let soort: String
        let datum: String
        let tijd: String?
        let plaats: String
        let wijk: String?
        let gronden: [String]
        let aard: String?
        let terrein: String?
        let ernst: String
        let beschrijving: String
        let status: String
        let spanningsniveau: String?
        /// For the municipality only: whether the unit, and which organisations, read it now.
        let gedeeldMetExpertiseUnit: Bool?
        let gedeeldMet: [String]?
        /// The support request filed from it, asking the unit for help.
        let hulpvraag: String?
        let versie: Int
        let geregistreerdOp: Date
        let gewijzigdOp: Date
        /// When a destruction list destroyed it (issue 23): what is left is its skeleton.
        let vernietigdOp: Date?
        let _links: Links
        struct Links: Encodable, Sendable { let `self`: Link; let geschiedenis: Link; let gemeente: Link; let hulpvraag: Link?; let delingen: Link? }

        /// `keeper`: the reader is the incident's municipality, who sees its shares.
        init(_ incident: Incident, keeper: Bool) {
            id = incident.id.lowercasedText
            nummer = incident.number
            gemeente = incident.municipality.rawValue
            soort = incident.kind.rawValue
            datum = incident.occurredOn
            tijd = incident.occurredAt.isEmpty ? nil : incident.occurredAt
            plaats = incident.location.rawValue
            wijk = incident.neighbourhood.isEmpty ? nil : incident.neighbourhood
            gronden = incident.grounds.map(\.rawValue)
            aard = incident.nature?.rawValue
            terrein = incident.setting?.rawValue
            ernst = incident.severity.rawValue
            beschrijving = incident.description
            status = incident.status.rawValue
            spanningsniveau = incident.tensionLevel?.rawValue
            gedeeldMetExpertiseUnit = keeper ? incident.sharedWithUnit : nil
            gedeeldMet = keeper ? incident.sharedWith.map(\.rawValue) : nil
            hulpvraag = incident.requestID?.lowercasedText
            versie = incident.version
            geregistreerdOp = incident.createdAt
            gewijzigdOp = incident.updatedAt
            vernietigdOp = incident.destroyedAt
            let base = "\(APIRoutes.base)/incidenten/\(id)"
            _links = Links(self: Link(href: base), geschiedenis: Link(href: base + "/geschiedenis"), gemeente: Link(href: "\(APIRoutes.base)/gemeenten/\(gemeente)"),
                           hulpvraag: hulpvraag.map { Link(href: "\(APIRoutes.base)/hulpvragen/\($0)") },
                           delingen: keeper ? Link(href: base + "/delingen") : nil)
        }
    }

    struct EventDTO: Encodable, Sendable {
        let wijziging: String
        /// The step's code, for a change of a handling step.
        let stap: String?
        let van: String?
        let naar: String
        let toelichting: String
        let door: String?
        let op: Date
    }

    struct HistoryDTO: Encodable, Sendable { let resultaten: [EventDTO] }

    /// A share made, standing or ended.
    struct ShareDTO: Encodable, Sendable {
        let organisatie: String
        let naam: String
        let actief: Bool
        let gedeeldOp: Date
        let gedeeldDoor: String?
        let beeindigdOp: Date?
        let beeindigdDoor: String?
    }

    struct SharesDTO: Encodable, Sendable { let resultaten: [ShareDTO] }

    struct Body: Decodable, Sendable {
        let soort: String?
        let datum: String?
        let tijd: String?
        let plaats: String?
        let wijk: String?
        let gronden: [String]?
        let aard: String?
        let terrein: String?
        let ernst: String?
        let beschrijving: String?
        let spanningsniveau: String?

        /// A choice sent without a value is refused, not read as left out (the document's
        /// enums and patterns have no empty value).
        func checkNoEmptyChoices() throws {
            var v = Validator()
            for (field, value) in [("tijd", tijd), ("aard", aard), ("terrein", terrein), ("spanningsniveau", spanningsniveau)] where value?.isEmpty == true {
                v.add(field, "empty_value")
            }
            try v.finish()
        }

        var draft: IncidentDraft {
            IncidentDraft(kind: soort ?? "", occurredOn: datum ?? "", occurredAt: tijd ?? "", location: plaats ?? "", neighbourhood: wijk ?? "",
                          grounds: gronden ?? [], nature: aard ?? "", setting: terrein ?? "", severity: ernst ?? "", description: beschrijving ?? "",
                          tensionLevel: spanningsniveau ?? "")
        }
    }

    struct HelpBody: Decodable, Sendable {
        let vraag: String?
        let versie: Int?
    }

    struct HelpDTO: Encodable, Sendable {
        let hulpvraag: String
        let nummer: String
        let _links: Links
        struct Links: Encodable, Sendable { let hulpvraag: Link; let incident: Link }
    }

    struct ChangeBody: Decodable, Sendable {
        let status: String?
        let spanningsniveau: String?
        let toelichting: String?
        let versie: Int?
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/incidenten", use: list)
        routes.post("/incidenten", use: create)
        routes.get("/incidenten/{id}", use: show)
        routes.get("/incidenten/{id}/geschiedenis", use: history)
        routes.post("/incidenten/{id}/wijzigingen", use: change)
        routes.post("/incidenten/{id}/hulpvraag", use: askHelp)
        routes.get("/incidenten/{id}/delingen", use: shares)
        routes.put("/incidenten/{id}/delingen/{organisatie}", use: share)
        routes.delete("/incidenten/{id}/delingen/{organisatie}", use: unshare)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        var v = Validator()
        let query = Query(request: request)
        let pageRequest = query.page(into: &v)
        let statusText = query.text("status"), kindText = query.text("soort")
        let status = statusText.flatMap(IncidentStatus.init(rawValue:)), kind = kindText.flatMap(IncidentKind.init(rawValue:))
        if statusText != nil && status == nil { v.add("status", "invalid_incident_status") }
        if kindText != nil && kind == nil { v.add("soort", "invalid_incident_kind") }
        try v.finish()
        let page = try await service.list(IncidentStore.Filter(status: status, kind: kind), page: pageRequest, actor: context.actor)
        let keeper = if case .own = try service.reach(context.actor) { true } else { false }
        return try ListResponse(page: page, request: request, items: page.items.map { IncidentDTO($0, keeper: keeper) }).response()
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: Body.self, context: context)
        try body.checkNoEmptyChoices()
        let dto = IncidentDTO(try await service.register(body.draft, actor: context.actor), keeper: true)
        return try JSONResponse.make(dto, status: .created, headers: [.location: dto._links.`self`.href, .eTag: APIPrecondition.etag(dto.versie)])
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let view = try await service.read(try context.parameters.require("id"), actor: context.actor)
        let dto = IncidentDTO(view.incident, keeper: view.mayKeep)
        return try JSONResponse.make(dto, headers: [.eTag: APIPrecondition.etag(dto.versie)])
    }

    @Sendable func history(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let view = try await service.read(try context.parameters.require("id"), actor: context.actor)
        return try JSONResponse.make(HistoryDTO(resultaten: view.history.map { event in
            let (change, from, to) = event.change.parts
            if case .step(let code, let old, let new) = event.change {
                return EventDTO(wijziging: change, stap: code, van: old.rawValue, naar: new.rawValue, toelichting: event.note, door: view.names[event.by], op: event.at)
            }
            return EventDTO(wijziging: change, stap: nil, van: from, naar: to, toelichting: event.note, door: view.names[event.by], op: event.at)
        }))
    }

    @Sendable func change(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: ChangeBody.self, context: context)
        let id = try context.parameters.require("id")
        let expected = try APIPrecondition.expected(request, body: body.versie)
        var v = Validator()
        for (field, value) in [("status", body.status), ("spanningsniveau", body.spanningsniveau)] where value?.isEmpty == true { v.add(field, "empty_value") }
        try v.finish()
        let update = IncidentUpdate(status: body.status ?? "", tensionLevel: body.spanningsniveau ?? "", note: body.toelichting ?? "")
        let changed = try await APIPrecondition.apply(expected) {
            try await service.update(id, with: update, version: expected?.version, actor: context.actor)
        }
        return try JSONResponse.make(IncidentDTO(changed, keeper: true), headers: [.eTag: APIPrecondition.etag(changed.version)])
    }

    /// Asks the expertise unit for help from the incident: 201 with the request filed.
    @Sendable func askHelp(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: HelpBody.self, context: context)
        let id = try context.parameters.require("id")
        let expected = try APIPrecondition.expected(request, body: body.versie)
        let filed = try await APIPrecondition.apply(expected) {
            try await service.askHelp(id, question: body.vraag ?? "", version: expected?.version, actor: context.actor)
        }
        let href = "\(APIRoutes.base)/hulpvragen/\(filed.id.lowercasedText)"
        return try JSONResponse.make(HelpDTO(hulpvraag: filed.id.lowercasedText, nummer: filed.number,
                                             _links: .init(hulpvraag: Link(href: href), incident: Link(href: "\(APIRoutes.base)/incidenten/\(id)"))),
                                     status: .created, headers: [.location: href])
    }

    @Sendable func share(_ request: Request, context: AppContext) async throws -> Response {
        try await sharing(true, request: request, context: context)
    }

    @Sendable func unshare(_ request: Request, context: AppContext) async throws -> Response {
        try await sharing(false, request: request, context: context)
    }

    /// Shares it with the organisation (the unit or a partner), or ends the share: 200 with the incident.
    private func sharing(_ shared: Bool, request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        // The address first: a malformed one is answered as such, whatever If-Match says.
        let id = try context.parameters.require("id"), organisation = try context.parameters.require("organisatie")
        guard UUID(text: id) != nil else { throw DomainError.notFound }
        guard OrganisationID(organisation) != nil else { throw DomainError.invalid([FieldError(field: "organisatie", code: "invalid_share_organisation")]) }
        let expected = try APIPrecondition.expected(request, body: nil)
        let changed = try await APIPrecondition.apply(expected) {
            try await service.share(id, with: organisation, shared, version: expected?.version, actor: context.actor)
        }
        return try JSONResponse.make(IncidentDTO(changed, keeper: true), headers: [.eTag: APIPrecondition.etag(changed.version)])
    }

    /// Every share the incident had and has, for its municipality.
    @Sendable func shares(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let found = try await service.shares(of: try context.parameters.require("id"), actor: context.actor)
        let people = try await service.users.names(of: Array(Set(found.shares.flatMap { [$0.sharedBy] + ($0.revokedBy.map { [$0] } ?? []) })))
        return try JSONResponse.make(SharesDTO(resultaten: found.shares.map { share in
            ShareDTO(organisatie: share.organisation.rawValue, naam: found.names[share.organisation] ?? share.organisation.rawValue, actief: share.isStanding,
                     gedeeldOp: share.sharedAt, gedeeldDoor: people[share.sharedBy], beeindigdOp: share.revokedAt,
                     beeindigdDoor: share.revokedBy.flatMap { people[$0] })
        }))
    }
}
