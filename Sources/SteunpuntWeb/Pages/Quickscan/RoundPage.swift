import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/quickscans/rondes/{id}`: one round for the unit, live: the response rate, every
/// target with where its response and its invitation stand, and the non-responders on
/// their own (`?toon=niet-ingediend`) for reminders. The coordinator gives a target a new
/// link (shown once), revokes one, or reopens a submitted response.
struct RoundPage {
    let renderer: PageRenderer
    let service: QuickscanService

    struct Model {
        struct Row {
            let name: String
            let code: String
            let province: String
            let status: String
            let changed: String
            let invitation: String
            let responseHref: String
            let actionBase: String
            let mayReissue: Bool
            let mayRevoke: Bool
            let mayReopen: Bool
        }
        let title: String
        let id: String
        let state: String
        let period: String
        let instrument: String
        let invited: String
        let inProgress: String
        let submitted: String
        let rate: String
        let rows: [Row]
        let onlyNonResponders: Bool
        let nonResponders: String
        let mayRun: Bool
        let notice: String?
    }

    struct NewLinkModel { let name: String; let link: String?; let mailed: String?; let back: String }

    /// A target's link as the coordinator sees it: the link itself, or to how many officials it was mailed.
    static func linkRow(_ invitation: QuickscanService.Invitation, name: String, t: Catalogue) -> RoundFormPage.LinksModel.Row {
        RoundFormPage.LinksModel.Row(name: name, code: invitation.municipality.rawValue, link: invitation.mailed == 0 ? invitation.link : nil,
                                     mailed: invitation.mailed == 0 ? nil : t.text("round_link_mailed", ["count": String(invitation.mailed)]))
    }

    func register(on router: Router<AppContext>) {
        router.get("quickscans/rondes/{id}", use: show)
        router.post("quickscans/rondes/{id}/gemeenten/{code}/uitnodiging", use: reissue)
        router.post("quickscans/rondes/{id}/gemeenten/{code}/intrekking", use: revoke)
        router.post("quickscans/rondes/{id}/gemeenten/{code}/heropening", use: reopen)
    }

    static func ids(_ context: AppContext) throws -> (round: UUID, code: MunicipalityCode?) {
        let round = try context.identifier("id")
        return (round, context.parameters.get("code").flatMap { MunicipalityCode($0.uppercased()) })
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (id, _) = try Self.ids(context)
        let found = try await service.round(id, by: user)
        let t = renderer.catalogue(context.language)
        let now = service.dependencies.now()
        let round = found.summary.round
        let municipalities = Dictionary(try await service.municipalities.all().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let only = Query(request: request).text("toon") == "niet-ingediend"
        let mayRun = QuickscanPolicy.mayRunRounds(user)
        let isOpen = round.closesAt > now
        let base = "/quickscans/rondes/\(id.lowercasedText)"
        let rows = found.targets.filter { !only || $0.isNonResponder }.map { progress in
            let target = progress.target
            let invitation = target.revokedAt != nil ? t.text("round_invitation_revoked")
                : target.expiresAt <= now ? t.text("round_invitation_expired") : t.text("round_invitation_valid_until", ["date": t.date(target.expiresAt)])
            return Model.Row(name: municipalities[target.municipality]?.name ?? target.municipality.rawValue, code: target.municipality.rawValue,
                             province: municipalities[target.municipality]?.province.rawValue ?? "",
                             status: t.text("response_status_\(progress.status?.rawValue ?? "niet-begonnen")"),
                             changed: progress.updatedAt.map(t.dateTime) ?? "",
                             invitation: invitation, responseHref: ResponsePage.path(id, target.municipality),
                             actionBase: "\(base)/gemeenten/\(target.municipality.rawValue)",
                             mayReissue: mayRun && isOpen && progress.status != .submitted,
                             mayRevoke: mayRun && target.revokedAt == nil && target.expiresAt > now,
                             mayReopen: mayRun && progress.status == .submitted)
        }
        let summary = found.summary
        let notice = Query(request: request).text("gewijzigd").map { t.text("round_notice_\($0)") }
        let model = Model(
            title: round.title, id: id.lowercasedText, state: t.text("round_state_\(round.state(on: Round.day(of: now)).rawValue)"),
            period: t.text("round_period", ["opens": round.opensOn, "closes": round.closesOn]),
            instrument: t.text("round_instrument_option", ["title": found.instrument.definition.title, "version": String(round.instrumentVersion)]),
            invited: NumberText.format(summary.invited, t.language), inProgress: NumberText.format(summary.inProgress, t.language),
            submitted: NumberText.format(summary.submitted, t.language), rate: QuickscanText.percent(summary.responseRate, t.language),
            rows: rows, onlyNonResponders: only, nonResponders: NumberText.format(summary.invited - summary.submitted, t.language),
            mayRun: mayRun, notice: notice)
        return try renderer.render("round", page: model, title: round.title, request: request, context: context)
    }

    @Sendable func reissue(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (id, code) = try Self.ids(context)
        guard let code else { throw DomainError.notFound }
        let invitation = try await service.reissue(id, code, by: user, actor: context.actor)
        let t = renderer.catalogue(context.language)
        let name = try await service.municipalities.get(code)?.name ?? code.rawValue
        let row = Self.linkRow(invitation, name: name, t: t)
        var response = try renderer.render("round-new-link", page: NewLinkModel(name: name, link: row.link, mailed: row.mailed,
                                                                                 back: "/quickscans/rondes/\(id.lowercasedText)"),
                                           title: t.text("round_new_link_title"), request: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func revoke(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (id, code) = try Self.ids(context)
        guard let code else { throw DomainError.notFound }
        try await service.revoke(id, code, by: user, actor: context.actor)
        return .redirect(to: "/quickscans/rondes/\(id.lowercasedText)?gewijzigd=ingetrokken", type: .normal)
    }

    @Sendable func reopen(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (id, code) = try Self.ids(context)
        guard let code else { throw DomainError.notFound }
        try await service.reopen(id, code, by: user, actor: context.actor)
        return .redirect(to: "/quickscans/rondes/\(id.lowercasedText)?gewijzigd=heropend", type: .normal)
    }
}
