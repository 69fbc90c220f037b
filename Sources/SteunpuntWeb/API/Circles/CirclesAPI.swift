import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/leerkringen`: learning circles (issue 19). Every signed-in caller reads the
/// circles it may see (a proposed one: the unit and the invited only); the unit creates and
/// changes them, invites municipalities, decides on requests and links results; a
/// municipality asks to join (`…/aanvragen`), answers an invitation or leaves
/// (`…/deelnemers/{organisatie}/besluit`). The members and the notes (`…/deelnemers`,
/// `…/aantekeningen`) are the members' and the unit's only, each read audited.
struct CirclesAPI {
    let service: CircleService

    struct CircleDTO: Encodable, Sendable {
        let id: String
        let titel: String
        let beschrijving: String
        let behoeften: [String]
        let status: String
        let aantalDeelnemers: Int
        /// The caller's organisation's membership, when it has one.
        let mijnDeelname: String?
        let versie: Int
        let aangemaaktOp: Date
        let gewijzigdOp: Date
        let _links: Links

        struct Links: Encodable, Sendable {
            let `self`: Link
            let sessies: Link
            let resultaten: Link
        }

        init(_ circle: Circle, members: Int, membership: MembershipState?) {
            id = circle.id.lowercasedText
            titel = circle.title
            beschrijving = circle.description
            behoeften = circle.needs.map(\.rawValue)
            status = circle.status.rawValue
            aantalDeelnemers = members
            mijnDeelname = membership?.rawValue
            versie = circle.version
            aangemaaktOp = circle.createdAt
            gewijzigdOp = circle.updatedAt
            let path = "\(APIRoutes.base)/leerkringen/\(id)"
            _links = Links(self: Link(href: path), sessies: Link(href: path + "/sessies"), resultaten: Link(href: path + "/resultaten"))
        }
    }

    struct MembershipDTO: Encodable, Sendable {
        let leerkring: String
        let organisatie: String
        let organisatieNaam: String?
        let status: String
        let motivatie: String
        let reden: String
        let besluitOp: Date?
        let aangemaaktOp: Date
        let gewijzigdOp: Date
        let _links: Links

        struct Links: Encodable, Sendable {
            let leerkring: Link
            let organisatie: Link
        }

        init(_ membership: Membership, name: String? = nil) {
            leerkring = membership.circle.lowercasedText
            organisatie = membership.organisation.rawValue
            organisatieNaam = name
            status = membership.state.rawValue
            motivatie = membership.motivation
            reden = membership.reason
            besluitOp = membership.decidedAt
            aangemaaktOp = membership.createdAt
            gewijzigdOp = membership.changedAt
            _links = Links(leerkring: Link(href: "\(APIRoutes.base)/leerkringen/\(leerkring)"),
                           organisatie: Link(href: "\(APIRoutes.base)/organisaties/\(organisatie)"))
        }
    }

    struct NoteDTO: Encodable, Sendable {
        let id: String
        let soort: String
        let tekst: String
        let auteur: String
        let organisatie: String
        let organisatieNaam: String
        let aangemaaktOp: Date
    }

    struct ResultDTO: Encodable, Sendable {
        let id: String
        let titel: String
        let soort: String
        let _links: Links

        struct Links: Encodable, Sendable { let `self`: Link }

        init(_ offering: Offering) {
            id = offering.id.lowercasedText
            titel = offering.title
            soort = offering.kind.rawValue
            _links = Links(self: Link(href: "\(APIRoutes.base)/aanbod/\(offering.slug.rawValue)"))
        }
    }

    struct CandidateDTO: Encodable, Sendable {
        let organisatie: String
        let naam: String
        let aantalHulpvragen: Int
        /// Named in its answers to one of the last three quickscan rounds.
        let quickscan: Bool
    }

    struct Body: Decodable, Sendable {
        let titel: String?
        let beschrijving: String?
        let behoeften: [String]?
        let status: String?
        let uitnodigen: [String]?
        let versie: Int?

        var draft: CircleDraft {
            CircleDraft(title: titel ?? "", description: beschrijving ?? "", needs: behoeften ?? [], status: status ?? CircleStatus.active.rawValue)
        }
    }

    struct AskBody: Decodable, Sendable { let motivatie: String? }
    struct InviteBody: Decodable, Sendable { let gemeenten: [String]? }
    struct DecisionBody: Decodable, Sendable { let besluit: String?; let reden: String? }
    struct NoteBody: Decodable, Sendable { let soort: String?; let tekst: String? }
    struct ResultsBody: Decodable, Sendable { let aanbod: [String]? }

    func register(on routes: inout APIRoutes) {
        routes.get("/leerkringen", use: list)
        routes.post("/leerkringen", use: create)
        routes.get("/leerkringen/{id}", use: show)
        routes.put("/leerkringen/{id}", use: update)
        routes.post("/leerkringen/{id}/aanvragen", use: ask)
        routes.post("/leerkringen/{id}/uitnodigingen", use: invite)
        routes.get("/leerkringen/{id}/deelnemers", use: members)
        routes.post("/leerkringen/{id}/deelnemers/{organisatie}/besluit", use: decide)
        routes.get("/leerkringen/{id}/aantekeningen", use: notes)
        routes.post("/leerkringen/{id}/aantekeningen", use: addNote)
        routes.get("/leerkringen/{id}/resultaten", use: results)
        routes.put("/leerkringen/{id}/resultaten", use: saveResults)
        routes.get("/leerkringen/{id}/sessies", use: sessions)
        routes.get("/leerkringen/{id}/kandidaten", use: candidates)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        var v = Validator()
        let query = Query(request: request)
        let pageRequest = query.page(into: &v)
        let mine = query.text("mijn")
        if let mine, mine != "true" && mine != "false" { v.add("mijn", "invalid_boolean") }
        try v.finish()
        let page = try await service.list(by: caller.user, mine: mine == "true", page: pageRequest)
        return try ListResponse(page: page, request: request, items: page.items.map { CircleDTO($0.circle, members: $0.members, membership: $0.membership) })
            .response()
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let body = try await request.decode(as: Body.self, context: context)
        let circle = try await service.create(body.draft, invite: body.uitnodigen ?? [], actor: context.actor)
        let dto = try await view(circle.id, by: caller.user)
        return try JSONResponse.make(dto, status: .created, headers: [.location: dto._links.`self`.href, .eTag: APIPrecondition.etag(dto.versie)])
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let dto = try await view(try context.identifier("id"), by: caller.user)
        return try JSONResponse.make(dto, headers: [.eTag: APIPrecondition.etag(dto.versie)])
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let body = try await request.decode(as: Body.self, context: context)
        let id = try context.identifier("id")
        let expected = try APIPrecondition.expected(request, body: body.versie)
        _ = try await APIPrecondition.apply(expected) {
            try await service.update(id, with: body.draft, version: expected?.version, actor: context.actor)
        }
        let dto = try await view(id, by: caller.user)
        return try JSONResponse.make(dto, headers: [.eTag: APIPrecondition.etag(dto.versie)])
    }

    func view(_ id: UUID, by user: User?) async throws -> CircleDTO {
        let view = try await service.get(id, by: user)
        return CircleDTO(view.circle, members: view.members, membership: view.membership?.state)
    }

    @Sendable func ask(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: AskBody.self, context: context)
        let membership = try await service.ask(try context.identifier("id"), motivation: body.motivatie ?? "", actor: context.actor)
        return try JSONResponse.make(MembershipDTO(membership), status: .created)
    }

    @Sendable func invite(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: InviteBody.self, context: context)
        let id = try context.identifier("id")
        let invited = try await service.invite(body.gemeenten ?? [], to: id, actor: context.actor)
        return try JSONResponse.make(["uitgenodigd": invited.map(\.rawValue)])
    }

    @Sendable func members(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let lines = try await service.memberships(of: try context.identifier("id"), actor: context.actor)
        return try JSONResponse.make(["resultaten": lines.map { MembershipDTO($0.membership, name: $0.organisationName) }])
    }

    @Sendable func decide(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: DecisionBody.self, context: context)
        guard let decision = CircleService.Decision(rawValue: body.besluit ?? "") else {
            throw DomainError.invalid([FieldError(field: "besluit", code: body.besluit == nil ? "required" : "invalid_value")])
        }
        guard let organisation = OrganisationID(context.parameters.get("organisatie") ?? "") else { throw DomainError.notFound }
        let membership = try await service.decide(decision, circle: try context.identifier("id"), organisation: organisation, reason: body.reden ?? "",
                                                  actor: context.actor)
        return try JSONResponse.make(MembershipDTO(membership))
    }

    @Sendable func notes(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let lines = try await service.notes(of: try context.identifier("id"), actor: context.actor)
        return try JSONResponse.make(["resultaten": lines.map(Self.note)])
    }

    @Sendable func addNote(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let body = try await request.decode(as: NoteBody.self, context: context)
        let id = try context.identifier("id")
        let note = try await service.addNote(kind: body.soort ?? "", text: body.tekst ?? "", to: id, actor: context.actor)
        let organisationName = try await service.organisations.get(note.organisation)?.name ?? note.organisation.rawValue
        return try JSONResponse.make(NoteDTO(id: note.id.lowercasedText, soort: note.kind.rawValue, tekst: note.text, auteur: caller.user.name,
                                             organisatie: note.organisation.rawValue, organisatieNaam: organisationName, aangemaaktOp: note.createdAt),
                                     status: .created)
    }

    static func note(_ line: NoteLine) -> NoteDTO {
        NoteDTO(id: line.note.id.lowercasedText, soort: line.note.kind.rawValue, tekst: line.note.text, auteur: line.authorName,
                organisatie: line.note.organisation.rawValue, organisatieNaam: line.organisationName, aangemaaktOp: line.note.createdAt)
    }

    @Sendable func results(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let offerings = try await service.results(of: try context.identifier("id"), for: caller.user)
        return try JSONResponse.make(["resultaten": offerings.map(ResultDTO.init)])
    }

    @Sendable func saveResults(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let body = try await request.decode(as: ResultsBody.self, context: context)
        let id = try context.identifier("id")
        _ = try await service.saveResults(body.aanbod ?? [], of: id, actor: context.actor)
        let offerings = try await service.results(of: id, for: caller.user)
        return try JSONResponse.make(["resultaten": offerings.map(ResultDTO.init)])
    }

    @Sendable func sessions(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let meetings = try await service.sessions(of: try context.identifier("id"), by: caller.user)
        return try JSONResponse.make(["resultaten": meetings.map {
            MeetingsAPI.SessionDTO(id: $0.id.lowercasedText, titel: $0.title, begin: $0.startsAt, einde: $0.endsAt, status: $0.status.rawValue,
                                   _links: .init(self: Link(href: "\(APIRoutes.base)/bijeenkomsten/\($0.id.lowercasedText)")))
        }])
    }

    @Sendable func candidates(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let found = try await service.candidates(for: try context.identifier("id"), by: caller.user)
        return try JSONResponse.make(["resultaten": found.map { CandidateDTO(organisatie: $0.organisation.rawValue, naam: $0.name, aantalHulpvragen: $0.requests, quickscan: $0.quickscan) }])
    }
}

extension MeetingsAPI {
    /// A circle's session as its list shows it.
    struct SessionDTO: Encodable, Sendable {
        let id: String
        let titel: String
        let begin: Date
        let einde: Date
        let status: String
        let _links: Links

        struct Links: Encodable, Sendable { let `self`: Link }
    }
}
