import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/quickscans/rondes`: rounds, their targets and invitations (the unit; the
/// coordinator fields rounds and manages links), and each municipality's answers under
/// `…/antwoorden/{gemeente}` (its own officials change and submit them, the unit reads
/// them). The same rules as the pages (`QuickscanService`); outsiders get 404.
struct RoundAPI {
    let service: QuickscanService

    struct InstrumentRef: Codable, Sendable { let id: UUID; let versie: Int }

    struct RoundDTO: Encodable, Sendable {
        struct Links: Encodable, Sendable { let `self`: Link; let analyse: Link }
        let id: String
        let titel: String
        let vragenlijst: InstrumentRef
        let opent: String
        let sluit: String
        let stand: String
        let uitgenodigd: Int
        let bezig: Int
        let ingediend: Int
        let respons: Double
        let _links: Links

        init(_ summary: RoundSummary, today: String) {
            let round = summary.round
            id = round.id.lowercasedText
            titel = round.title
            vragenlijst = InstrumentRef(id: round.instrumentID, versie: round.instrumentVersion)
            opent = round.opensOn
            sluit = round.closesOn
            stand = round.state(on: today).rawValue
            uitgenodigd = summary.invited
            bezig = summary.inProgress
            ingediend = summary.submitted
            respons = summary.responseRate
            let base = "\(APIRoutes.base)/quickscans/rondes/\(id)"
            _links = Links(self: Link(href: base), analyse: Link(href: base + "/analyse"))
        }
    }

    struct TargetDTO: Encodable, Sendable {
        struct Invitation: Encodable, Sendable { let geldigTot: Date; let ingetrokkenOp: Date? }
        struct Links: Encodable, Sendable { let antwoorden: Link }
        let gemeente: String
        let naam: String
        let status: String
        let gewijzigdOp: Date?
        let ingediendOp: Date?
        let uitnodiging: Invitation
        let _links: Links
    }

    struct DetailDTO: Encodable, Sendable {
        let ronde: RoundDTO
        let doelgemeenten: [TargetDTO]
    }

    struct NewRound: Decodable, Sendable {
        let titel: String
        let vragenlijst: InstrumentRef
        let opent: String
        let sluit: String
        let gemeenten: [String]?
        let provincies: [String]?
        let alleenPrioriteit: Bool?
        let inwonerklassen: [String]?
    }

    /// A target's invitation: the link (only when it was not mailed) and to how many officials it was mailed.
    struct InvitationDTO: Encodable, Sendable {
        let gemeente: String
        let link: String?
        let gemaild: Int

        init(_ invitation: QuickscanService.Invitation) {
            gemeente = invitation.municipality.rawValue
            link = invitation.mailed == 0 ? invitation.link : nil
            gemaild = invitation.mailed
        }
    }

    struct CreatedDTO: Encodable, Sendable {
        let ronde: RoundDTO
        let uitnodigingen: [InvitationDTO]
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/quickscans/rondes", use: list)
        routes.post("/quickscans/rondes", use: create)
        routes.get("/quickscans/rondes/{id}", use: show)
        routes.post("/quickscans/rondes/{id}/doelgemeenten/{gemeente}/uitnodiging", use: reissue)
        routes.delete("/quickscans/rondes/{id}/doelgemeenten/{gemeente}/uitnodiging", use: revoke)
    }

    static func ids(_ context: AppContext) throws -> (round: UUID, code: MunicipalityCode?) {
        let round = try context.identifier("id")
        return (round, context.parameters.get("gemeente").flatMap { MunicipalityCode($0.uppercased()) })
    }

    private var today: String { Round.day(of: service.dependencies.now()) }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        guard let view = QuickscanPolicy.analysisView(caller.user) else { throw DomainError.notFound }
        let summaries: [RoundSummary]
        if case .own = view {
            var own: [RoundSummary] = []
            for item in try await service.ownRounds(by: caller.user) {
                if let summary = try await service.rounds.summary(item.round.id) { own.append(summary) }
            }
            summaries = own
        } else {
            summaries = try await service.rounds.list()
        }
        return try JSONResponse.make(["resultaten": summaries.map { RoundDTO($0, today: today) }])
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let (id, _) = try Self.ids(context)
        let found = try await service.round(id, by: caller.user)
        let names = Dictionary(try await service.municipalities.all().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let targets = found.targets.map { progress in
            TargetDTO(gemeente: progress.target.municipality.rawValue, naam: names[progress.target.municipality] ?? "",
                      status: progress.status?.rawValue ?? "niet-begonnen", gewijzigdOp: progress.updatedAt, ingediendOp: progress.submittedAt,
                      uitnodiging: .init(geldigTot: progress.target.expiresAt, ingetrokkenOp: progress.target.revokedAt),
                      _links: .init(antwoorden: Link(href: "\(APIRoutes.base)/quickscans/rondes/\(id.lowercasedText)/antwoorden/\(progress.target.municipality.rawValue)")))
        }
        return try JSONResponse.make(DetailDTO(ronde: RoundDTO(found.summary, today: today), doelgemeenten: targets))
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        guard QuickscanPolicy.mayFollowRounds(caller.user) else { throw DomainError.notFound }
        let body = try await request.decode(as: NewRound.self, context: context)
        let draft = RoundDraft(title: body.titel, opensOn: body.opent, closesOn: body.sluit, codes: body.gemeenten ?? [], provinces: body.provincies ?? [],
                               priorityOnly: body.alleenPrioriteit ?? false, populationClasses: body.inwonerklassen ?? [])
        let created = try await service.createRound(draft, instrument: body.vragenlijst.id, version: body.vragenlijst.versie, by: caller.user, actor: context.actor)
        guard let summary = try await service.rounds.summary(created.round.id) else { throw DomainError.notFound }
        let dto = RoundDTO(summary, today: today)
        return try JSONResponse.make(CreatedDTO(ronde: dto, uitnodigingen: created.invitations.map(InvitationDTO.init)),
                                     status: .created, headers: [.location: dto._links.`self`.href, .cacheControl: "no-store"])
    }

    @Sendable func reissue(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let (id, code) = try Self.ids(context)
        guard let code else { throw DomainError.notFound }
        let invitation = try await service.reissue(id, code, by: caller.user, actor: context.actor)
        return try JSONResponse.make(InvitationDTO(invitation), status: .created, headers: [.cacheControl: "no-store"])
    }

    @Sendable func revoke(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let (id, code) = try Self.ids(context)
        guard let code else { throw DomainError.notFound }
        try await service.revoke(id, code, by: caller.user, actor: context.actor)
        return Response(status: .noContent)
    }
}
