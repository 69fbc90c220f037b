import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/quickscans/rondes/{id}/analyse` (what the reader may see, as on the page) and
/// `…/opvolging` (the unit's follow-up proposals; the coordinator confirms one into the
/// support desk with `…/opvolging/{gemeente}/bevestiging` or dismisses it with `…/afwijzing`).
struct AnalysisAPI {
    let service: QuickscanService

    typealias Scores = [String: Double]

    static func scores(_ values: [SteunpuntDomain.Dimension: Double]) -> Scores {
        Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
    }

    struct GroupDTO: Encodable, Sendable { let groep: String; let aantal: Int; let scores: Scores? }
    struct MunicipalityDTO: Encodable, Sendable { let gemeente: String; let scores: Scores }
    struct QuestionDTO: Encodable, Sendable { let vraag: String; let beantwoord: Int?; let aantallen: [String: Int?] }
    struct NeedDTO: Encodable, Sendable { let behoefte: String; let gemeenten: Int? }
    struct OwnDTO: Encodable, Sendable { let gemeente: String; let scores: Scores?; let vorige: Scores?; let behoeften: [String] }
    struct PreviousDTO: Encodable, Sendable { let id: String; let titel: String; let landelijk: Scores? }

    struct AnalysisDTO: Encodable, Sendable {
        let ronde: String
        let uitgenodigd: Int
        let ingediend: Int
        /// Left out when hidden (`Disclosure`).
        let landelijk: Scores?
        let perProvincie: [GroupDTO]
        let perInwonerklasse: [GroupDTO]
        let perGemeente: [MunicipalityDTO]
        let vragen: [QuestionDTO]
        let behoeften: [NeedDTO]
        let eigen: OwnDTO?
        let vorigeRonde: PreviousDTO?
        /// While the round is open, for a reader who may not see named results: the day
        /// after which the figures are shown (the round's last day).
        let cijfersNaSluiting: String?

        func encode(to encoder: any Encoder) throws {
            // Counts suppressed for small groups are written as null, not left out.
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(ronde, forKey: .ronde)
            try container.encode(uitgenodigd, forKey: .uitgenodigd)
            try container.encode(ingediend, forKey: .ingediend)
            try container.encodeIfPresent(landelijk, forKey: .landelijk)
            try container.encode(perProvincie, forKey: .perProvincie)
            try container.encode(perInwonerklasse, forKey: .perInwonerklasse)
            try container.encode(perGemeente, forKey: .perGemeente)
            try container.encode(vragen, forKey: .vragen)
            try container.encode(behoeften, forKey: .behoeften)
            try container.encodeIfPresent(eigen, forKey: .eigen)
            try container.encodeIfPresent(vorigeRonde, forKey: .vorigeRonde)
            try container.encodeIfPresent(cijfersNaSluiting, forKey: .cijfersNaSluiting)
        }

        enum CodingKeys: String, CodingKey {
            case ronde, uitgenodigd, ingediend, landelijk, perProvincie, perInwonerklasse, perGemeente, vragen, behoeften, eigen, vorigeRonde, cijfersNaSluiting
        }
    }

    struct ProposalDTO: Encodable, Sendable {
        struct OfferingRef: Encodable, Sendable { let titel: String; let _links: LinkSelf }
        struct LinkSelf: Encodable, Sendable { let `self`: Link }
        struct Links: Encodable, Sendable { let hulpvraag: Link? }
        let gemeente: String
        let naam: String
        let behoeften: [String]
        let genoemdeBehoeften: [String]
        let lageScores: Scores
        let aanbod: [OfferingRef]
        let besluit: String?
        let _links: Links
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/quickscans/rondes/{id}/analyse", use: analysis)
        routes.get("/quickscans/rondes/{id}/opvolging", use: followUps)
        routes.post("/quickscans/rondes/{id}/opvolging/{gemeente}/bevestiging", use: confirm)
        routes.post("/quickscans/rondes/{id}/opvolging/{gemeente}/afwijzing", use: dismiss)
    }

    @Sendable func analysis(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let (id, _) = try RoundAPI.ids(context)
        let found = try await service.analysis(id, by: caller.user)
        let analysis = found.analysis
        let isOwn = found.own != nil
        func group(_ group: RoundAnalysis.Group) -> GroupDTO { GroupDTO(groep: group.label, aantal: group.municipalities, scores: group.scores.map(Self.scores)) }
        let dto = AnalysisDTO(
            ronde: id.lowercasedText, uitgenodigd: found.invited, ingediend: analysis.responses, landelijk: analysis.national.map(Self.scores),
            perProvincie: isOwn ? [] : analysis.byProvince.map(group), perInwonerklasse: isOwn ? [] : analysis.byPopulationClass.map(group),
            perGemeente: analysis.municipalities.sorted { $0.key.rawValue < $1.key.rawValue }.map { MunicipalityDTO(gemeente: $0.key.rawValue, scores: Self.scores($0.value)) },
            vragen: isOwn ? [] : analysis.distributions.map { QuestionDTO(vraag: $0.question, beantwoord: $0.answered, aantallen: $0.counts) },
            behoeften: isOwn ? [] : analysis.needs.map { NeedDTO(behoefte: $0.need.rawValue, gemeenten: $0.municipalities) },
            eigen: found.own.map { OwnDTO(gemeente: $0.municipality.code.rawValue, scores: $0.scores.map(Self.scores), vorige: $0.previous.map(Self.scores),
                                          behoeften: $0.needs.map(\.rawValue)) },
            vorigeRonde: found.previous.map { PreviousDTO(id: $0.round.id.lowercasedText, titel: $0.round.title, landelijk: $0.national.map(Self.scores)) },
            cijfersNaSluiting: found.withheld ? found.round.closesOn : nil)
        return try JSONResponse.make(dto)
    }

    @Sendable func followUps(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let (id, _) = try RoundAPI.ids(context)
        let (_, items) = try await service.followUps(id, by: caller.user)
        return try JSONResponse.make(["resultaten": items.map { item in
            ProposalDTO(gemeente: item.municipality.code.rawValue, naam: item.municipality.name, behoeften: item.proposal.needs.map(\.rawValue),
                        genoemdeBehoeften: item.proposal.namedNeeds.map(\.rawValue), lageScores: Self.scores(item.proposal.lowScores),
                        aanbod: item.offerings.map { .init(titel: $0.title, _links: .init(self: Link(href: "\(APIRoutes.base)/aanbod/\($0.slug)"))) },
                        besluit: item.decision?.decision.rawValue,
                        _links: .init(hulpvraag: item.decision?.requestID.map { Link(href: "\(APIRoutes.base)/hulpvragen/\($0.lowercasedText)") }))
        }])
    }

    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let (id, code) = try RoundAPI.ids(context)
        guard let code else { throw DomainError.notFound }
        let filed = try await service.confirmFollowUp(id, code, by: caller.user, actor: context.actor)
        let href = "\(APIRoutes.base)/hulpvragen/\(filed.id.lowercasedText)"
        return try JSONResponse.make(["_links": ["hulpvraag": Link(href: href)]], status: .created, headers: [.location: href])
    }

    @Sendable func dismiss(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let (id, code) = try RoundAPI.ids(context)
        guard let code else { throw DomainError.notFound }
        try await service.dismissFollowUp(id, code, by: caller.user, actor: context.actor)
        return Response(status: .noContent)
    }
}
