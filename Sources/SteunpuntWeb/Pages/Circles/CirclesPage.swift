import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/leerkringen`: the learning circles a signed-in reader may see, the reader's own
/// first. `/leerkringen/{id}`: one circle with its theme, needs, sessions and results, and
/// what the reader can do next: ask to join (with a motivation), answer an invitation,
/// leave; for the unit, the requests to decide, whom to invite, the results to link and a
/// session to plan. Every action is a form post that comes back to the circle with what
/// happened; no script. Members and the unit go on to the circle's space.
struct CirclesPage {
    let renderer: PageRenderer
    let service: CircleService

    struct Row { let href: String; let title: String; let needs: String; let status: String; let members: String; let mine: String? }

    struct ListModel {
        let own: [Row]
        let hasOwn: Bool
        let rows: [Row]
        let hasRows: Bool
        let keeps: Bool
        let pending: String?
        let pagination: PaginationModel?
    }

    struct Fact { let label: String; let value: String }
    struct Link { let href: String; let title: String; let hint: String }
    struct Asked { let organisation: String; let name: String; let motivation: String; let since: String }
    struct Candidate { let id: String; let name: String; let requests: String; let checked: Bool }

    struct DetailModel {
        let id: String
        let title: String
        let status: String
        let facts: [Fact]
        let descriptionHTML: String
        let notice: String?
        let problem: String?
        let errors: FormErrors
        let keeps: Bool
        let usesSpace: Bool
        let mine: String?
        let mayAsk: Bool
        let motivation: String
        let invited: Bool
        let mayLeave: Bool
        let organisation: String
        let sessions: [Link]
        let hasSessions: Bool
        let results: [Link]
        let hasResults: Bool
        /// For the unit: requests waiting for a decision, and municipalities to invite.
        let requests: [Asked]
        let hasRequests: Bool
        let reason: String
        let candidates: [Candidate]
        let hasCandidates: Bool
    }

    func register(on router: Router<AppContext>) {
        router.get("leerkringen", use: list)
        router.get("leerkringen/{id}", use: show)
        router.post("leerkringen/{id}/deelname", use: ask)
        router.post("leerkringen/{id}/besluit", use: decide)
        router.post("leerkringen/{id}/uitnodigingen", use: invite)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        var v = Validator()
        let pageRequest = Query(request: request).page(into: &v)
        let needNames = try await Self.needNames(service, t)
        func row(_ circle: Circle, members: Int, mine: MembershipState?) -> Row {
            Row(href: "/leerkringen/\(circle.id.lowercasedText)", title: circle.title, needs: circle.needs.map { needNames[$0] ?? $0.rawValue }.joined(separator: ", "),
                status: t.text("circle_status_\(circle.status.rawValue)"),
                members: t.text("circle_members_count", ["count": NumberText.format(members, t.language)]),
                mine: mine.map { t.text("membership_state_\($0.rawValue)") })
        }
        let page = try await service.list(by: user, page: PageRequest(number: pageRequest.number, size: 50))
        let own = try await service.own(by: user).map { row($0.circle, members: 0, mine: $0.state) }
        let pending = try await service.pendingRequests(by: user)
        let model = ListModel(
            own: own.map { Row(href: $0.href, title: $0.title, needs: $0.needs, status: $0.status, members: "", mine: $0.mine) }, hasOwn: !own.isEmpty,
            rows: page.items.map { row($0.circle, members: $0.members, mine: $0.membership) }, hasRows: !page.items.isEmpty,
            keeps: CirclePolicy.mayKeep(user),
            pending: pending.flatMap { $0 > 0 ? t.text("circle_pending_requests", ["count": NumberText.format($0, t.language)]) : nil },
            pagination: PaginationModel(page, request: request, catalogue: t))
        return try renderer.render("circles", page: model, title: t.text("circles_title"), request: request, context: context)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let notice = Query(request: request).text("gedaan").map { "circle_done_\($0)" }
        return try await render(try context.identifier("id"), notice: notice, request: request, context: context)
    }

    /// Renders the circle; a refused action comes back with its `problem` (a conflict) or
    /// `errors` and what was typed.
    func render(_ id: UUID, notice: String? = nil, problem: String? = nil, errors: [FieldError] = [], motivation: String = "", reason: String = "",
                invited: [String] = [], request: Request, context: AppContext, status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let view = try await service.get(id, by: user)
        let circle = view.circle
        let needNames = try await Self.needNames(service, t)
        let facts = [Fact(label: t.text("field_name_status"), value: t.text("circle_status_\(circle.status.rawValue)")),
                     Fact(label: t.text("field_name_behoeften"), value: circle.needs.map { needNames[$0] ?? $0.rawValue }.joined(separator: ", ")),
                     Fact(label: t.text("circle_members"), value: NumberText.format(view.members, t.language))]
        let state = view.membership?.state
        let kind = try await service.organisations.get(user.organisation)?.kind
        let sessions = try await service.sessions(of: id, by: user).map {
            Link(href: "/bijeenkomsten/\($0.id.lowercasedText)", title: $0.title, hint: MeetingsPage.when($0, t))
        }
        let results = try await service.results(of: id, for: user).map {
            Link(href: "/aanbod/\($0.slug.rawValue)", title: $0.title, hint: t.text("offering_kind_\($0.kind.rawValue)"))
        }
        var requests: [Asked] = []
        var candidates: [Candidate] = []
        if view.keeps {
            // Through the use case: reading who asked (and why) is a read of the space, audited.
            requests = try await service.memberships(of: id, actor: context.actor).filter { $0.membership.state == .requested }.map {
                Asked(organisation: $0.membership.organisation.rawValue, name: $0.organisationName, motivation: $0.membership.motivation,
                        since: t.dateTime($0.membership.changedAt))
            }
            candidates = try await service.candidates(for: id, by: user).map {
                Candidate(id: $0.organisation.rawValue, name: $0.name,
                          requests: [$0.requests > 0 ? t.text("circle_candidate_requests", ["count": NumberText.format($0.requests, t.language)]) : nil,
                                     $0.quickscan ? t.text("circle_candidate_quickscan") : nil].compactMap { $0 }.joined(separator: ", "),
                          checked: invited.contains($0.organisation.rawValue))
            }
        }
        let model = DetailModel(
            id: circle.id.lowercasedText, title: circle.title, status: t.text("circle_status_\(circle.status.rawValue)"), facts: facts,
            descriptionHTML: Markdown.html(circle.description), notice: notice.map { t.text($0) }, problem: problem.map { t.text("error_\($0)") },
            errors: FormErrors(errors, t), keeps: view.keeps, usesSpace: view.usesSpace,
            mine: state.map { t.text("circle_mine_\($0.rawValue)") },
            mayAsk: CirclePolicy.refusal(toAsk: user, kind: kind, circle: circle, membership: state) == nil, motivation: motivation,
            invited: state == .invited && CirclePolicy.mayAnswerFor(user.organisation, as: user),
            mayLeave: (state == .member || state == .requested) && CirclePolicy.mayAnswerFor(user.organisation, as: user),
            organisation: user.organisation.rawValue,
            sessions: sessions, hasSessions: !sessions.isEmpty, results: results, hasResults: !results.isEmpty,
            requests: requests, hasRequests: !requests.isEmpty, reason: reason, candidates: candidates, hasCandidates: !candidates.isEmpty)
        return try renderer.render("circle", page: model, title: circle.title, request: request, context: context, status: status)
    }

    @Sendable func ask(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        var request = request
        let motivation = try await request.form(context).value("motivatie") ?? ""
        do {
            _ = try await service.ask(id, motivation: motivation, actor: context.actor)
            return .redirect(to: "/leerkringen/\(id.lowercasedText)?gedaan=aangevraagd", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(id, errors: errors, motivation: motivation, request: request, context: context, status: .badRequest)
        } catch DomainError.conflict(let code) {
            return try await render(id, problem: code, motivation: motivation, request: request, context: context, status: .conflict)
        }
    }

    /// A decision on one organisation's membership: `besluit` (admit, refuse, accept,
    /// decline, end) for `organisatie`, with `reden`.
    @Sendable func decide(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        var request = request
        let form = try await request.form(context)
        let reason = form.value("reden") ?? ""
        guard let decision = CircleService.Decision(rawValue: form.value("besluit") ?? "") else { throw DomainError.notFound }
        guard let organisation = OrganisationID(form.value("organisatie") ?? "") else {
            return try await render(id, errors: [FieldError(field: "organisatie", code: "required")], reason: reason, request: request, context: context,
                                    status: .badRequest)
        }
        do {
            _ = try await service.decide(decision, circle: id, organisation: organisation, reason: reason, actor: context.actor)
            return .redirect(to: "/leerkringen/\(id.lowercasedText)?gedaan=\(decision.rawValue)", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(id, errors: errors, reason: reason, request: request, context: context, status: .badRequest)
        } catch DomainError.conflict(let code) {
            return try await render(id, problem: code, request: request, context: context, status: .conflict)
        }
    }

    @Sendable func invite(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        var request = request
        let chosen = try await request.form(context).values("uitnodigen")
        do {
            _ = try await service.invite(chosen, to: id, actor: context.actor)
            return .redirect(to: "/leerkringen/\(id.lowercasedText)?gedaan=uitgenodigd", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(id, errors: errors, invited: chosen, request: request, context: context, status: .badRequest)
        }
    }

    /// The needs' names in the reader's language.
    static func needNames(_ service: CircleService, _ t: Catalogue) async throws -> [NeedCode: String] {
        try await service.needs.names(in: t.language)
    }
}
