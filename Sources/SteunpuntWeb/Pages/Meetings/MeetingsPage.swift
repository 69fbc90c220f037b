import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/bijeenkomsten`: meetings that have not ended, soonest first (public ones for
/// visitors). `/bijeenkomsten/{id}`: one meeting with the reader's own registration and
/// what they can do next: register (with needs), cancel, take or decline an offered place.
/// Every action is a form post that comes back to the meeting with what happened; no
/// script. The organisers see the registrations (`/bijeenkomsten/{id}/inschrijvingen`).
struct MeetingsPage {
    let renderer: PageRenderer
    let service: MeetingService
    /// The server's public address, for the links calendar files carry (none without it).
    let publicURL: String?

    struct Row { let href: String; let title: String; let kind: String; let when: String; let venue: String; let state: String; let places: String }

    struct ListModel {
        let rows: [Row]
        let hasRows: Bool
        let canOrganise: Bool
        let signedIn: Bool
        let pagination: PaginationModel?
        /// Meetings that ended (with their reports) rather than those to come.
        let past: Bool
    }

    struct Fact { let label: String; let value: String }

    struct DetailModel {
        let id: String
        let title: String
        let kindLabel: String
        let facts: [Fact]
        let descriptionHTML: String
        let onlineLink: String?
        let notice: String?
        let problem: String?
        let canManage: Bool
        let signedIn: Bool
        /// What the reader's registration says, and the forms they can use.
        let mine: String?
        let mayRegister: Bool
        let mayCancel: Bool
        let cancelID: String
        let offer: String?
        let needs: String
        let colleagues: String
        let errors: FormErrors
        /// After the meeting: the report, its materials, the feedback form for those who may
        /// give it, and for the keepers the attendance figures and the feedback counted.
        let reportHTML: String?
        let materials: [Material]
        let hasMaterials: Bool
        let feedbackForm: Bool
        let ratings: [OptionModel]
        let feedbackText: String
        let figures: [Fact]
        let hasFigures: Bool
        let feedback: FeedbackModel?
    }

    struct Material { let href: String; let title: String; let kind: String }

    struct FeedbackModel { let summary: String; let distribution: [Fact]; let texts: [String]; let hasTexts: Bool }

    struct RegistrationRow {
        let position: Int
        let name: String
        let organisation: String
        let state: String
        let needs: String
        let since: String
    }

    struct RegistrationsModel {
        let id: String
        let title: String
        let when: String
        let rows: [RegistrationRow]
        let hasRows: Bool
        let counts: String
        let notice: String?
        let errors: FormErrors
        let reason: String
        /// The people waiting, whom the organiser can put first.
        let waiting: [OptionModel]
        let hasWaiting: Bool
    }

    func register(on router: Router<AppContext>) {
        router.get("bijeenkomsten", use: list)
        router.get("bijeenkomsten/{id}", use: show)
        router.post("bijeenkomsten/{id}/inschrijving", use: registerSelf)
        router.post("bijeenkomsten/{id}/annulering", use: cancel)
        router.post("bijeenkomsten/{id}/aanbod", use: answerOffer)
        router.get("bijeenkomsten/{id}/inschrijvingen", use: registrations)
        router.post("bijeenkomsten/{id}/voorrang", use: prioritise)
        router.get("bijeenkomsten/{id}/agenda.ics", use: calendar)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        var v = Validator()
        let pageRequest = Query(request: request).page(into: &v)
        let past = Query(request: request).text("periode") == "afgelopen"
        let size = PageRequest(number: pageRequest.number, size: 50)
        let page = past ? try await service.past(by: context.user, page: size) : try await service.upcoming(by: context.user, page: size)
        let now = service.dependencies.now()
        let rows = page.items.map { listing in
            let meeting = listing.meeting
            return Row(href: "/bijeenkomsten/\(meeting.id.lowercasedText)", title: meeting.title, kind: t.text("meeting_kind_\(meeting.kind.rawValue)"),
                       when: Self.when(meeting, t), venue: meeting.venue.isEmpty ? t.text("meeting_online") : meeting.venue,
                       state: t.text("meeting_state_\(meeting.state(at: now, taken: listing.seating.taken, waiting: listing.seating.waiting).rawValue)"),
                       places: Self.places(listing.seating, t))
        }
        let model = ListModel(rows: rows, hasRows: !rows.isEmpty, canOrganise: MeetingPolicy.mayOrganise(context.user), signedIn: context.user != nil,
                              pagination: PaginationModel(page, request: request, catalogue: t), past: past)
        return try renderer.render("meetings", page: model, title: t.text("meetings_title"), request: request, context: context)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let notice = Query(request: request).text("gedaan").map { "meeting_done_\($0)" }
        return try await render(try context.identifier("id"), notice: notice, request: request, context: context)
    }

    /// Renders the meeting; a refused action comes back with its `problem` (a conflict) or
    /// `errors` (the needs text) and what was typed.
    func render(_ id: UUID, notice: String? = nil, problem: String? = nil, errors: [FieldError] = [], needs: String = "", colleagues: String = "",
                feedback: FeedbackDraft = FeedbackDraft(rating: ""), request: Request, context: AppContext,
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let listing = try await service.get(id, by: context.user)
        let meeting = listing.meeting
        let mine = try await service.mine(for: id, by: context.user)
        let now = service.dependencies.now()
        let state = meeting.state(at: now, taken: listing.seating.taken, waiting: listing.seating.waiting)
        var facts = [Fact(label: t.text("meeting_when"), value: Self.when(meeting, t)),
                     Fact(label: t.text("field_name_locatie"), value: meeting.venue.isEmpty ? t.text("meeting_online") : meeting.venue),
                     Fact(label: t.text("field_name_organisator"), value: try await service.organiserName(of: meeting)),
                     Fact(label: t.text("meeting_places"), value: Self.places(listing.seating, t)),
                     Fact(label: t.text("meeting_registration"), value: t.text("meeting_state_\(state.rawValue)")),
                     Fact(label: t.text("field_name_inschrijvingTot"), value: t.dateTime(meeting.registrationClosesAt)),
                     Fact(label: t.text("field_name_annulerenTot"), value: t.dateTime(meeting.cancellationDeadline))]
        if !meeting.provinces.isEmpty || !meeting.municipalities.isEmpty {
            facts.append(Fact(label: t.text("meeting_for"), value: (meeting.provinces.map(\.rawValue) + meeting.municipalities.map(\.rawValue)).joined(separator: ", ")))
        }
        let mineText: String? = mine.map { found in
            switch found.registration.state {
            case .waiting: t.text("meeting_mine_waiting", ["rank": String(found.waitingRank ?? 1)])
            case .offered: t.text("meeting_mine_offered", ["until": t.dateTime(found.registration.offerExpiresAt ?? meeting.startsAt)])
            default: t.text("meeting_mine_\(found.registration.state.rawValue)")
            }
        }
        let keeper = MeetingPolicy.mayManage(meeting, as: context.user)
        let materials = try await service.materials(of: meeting, for: context.user).map {
            Material(href: "/aanbod/\($0.slug.rawValue)", title: $0.title, kind: t.text("offering_kind_\($0.kind.rawValue)"))
        }
        let mayGiveFeedback = try await service.mayGiveFeedback(on: meeting, registration: mine?.registration, by: context.user)
        let started = now >= meeting.startsAt.addingTimeInterval(-24 * 3600) && meeting.status != .cancelled
        let figures = keeper && started ? MeetingFollowUpPage.figures(try await service.attendanceFigures(of: id, by: context.user), t) : []
        let feedbackModel: FeedbackModel? = keeper && now >= meeting.endsAt ? Self.feedbackModel(try await service.feedback(on: id, by: context.user), t) : nil
        let model = DetailModel(
            id: meeting.id.lowercasedText, title: meeting.title, kindLabel: t.text("meeting_kind_\(meeting.kind.rawValue)"), facts: facts,
            descriptionHTML: Markdown.html(meeting.description),
            onlineLink: MeetingPolicy.showsOnlineLink(meeting, to: context.user, registration: mine?.registration.state) ? meeting.onlineLink?.absoluteString : nil,
            notice: notice.map { t.text($0) }, problem: problem.map { t.text("error_\($0)") }, canManage: MeetingPolicy.mayManage(meeting, as: context.user),
            signedIn: context.user != nil, mine: mineText,
            mayRegister: context.user != nil && mine == nil && (state == .open || state == .full),
            mayCancel: mine.map { $0.registration.state == .confirmed ? now < meeting.cancellationDeadline : now < meeting.startsAt } ?? false,
            cancelID: mine?.registration.id.lowercasedText ?? "",
            offer: mine?.registration.state == .offered ? mine?.registration.id.lowercasedText : nil,
            needs: needs, colleagues: colleagues, errors: FormErrors(errors, t),
            reportHTML: meeting.report.isEmpty ? nil : Markdown.html(meeting.report), materials: materials, hasMaterials: !materials.isEmpty,
            feedbackForm: mayGiveFeedback,
            ratings: (1...5).map { OptionModel(value: "\($0)", label: t.text("feedback_rating_\($0)"), selected: feedback.rating == "\($0)") },
            feedbackText: feedback.text, figures: figures, hasFigures: !figures.isEmpty, feedback: feedbackModel)
        return try renderer.render("meeting", page: model, title: meeting.title, request: request, context: context, status: status)
    }

    @Sendable func registerSelf(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        var request = request
        let form = try await request.form(context)
        let needs = form.value("behoeften") ?? "", colleagues = form.value("collegas") ?? ""
        // Addresses separated by commas, semicolons, spaces or lines, as people paste them.
        let addresses = colleagues.split(whereSeparator: { ",; \n\r\t".contains($0) }).map(String.init)
        do {
            let registration = try await service.register(for: id, RegistrationDraft(needs: needs, colleagues: addresses), actor: context.actor)
            return .redirect(to: "/bijeenkomsten/\(id.lowercasedText)?gedaan=\(registration.state == .confirmed ? "ingeschreven" : "wachtlijst")", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(id, errors: errors, needs: needs, colleagues: colleagues, request: request, context: context, status: .badRequest)
        } catch DomainError.conflict(let code) {
            return try await render(id, problem: code, needs: needs, colleagues: colleagues, request: request, context: context, status: .conflict)
        }
    }

    @Sendable func cancel(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let (id, registration, _) = try await registrationForm(&request, context: context)
        do {
            _ = try await service.cancel(registration, actor: context.actor)
            return .redirect(to: "/bijeenkomsten/\(id.lowercasedText)?gedaan=geannuleerd", type: .normal)
        } catch DomainError.conflict(let code) {
            return try await render(id, problem: code, request: request, context: context, status: .conflict)
        }
    }

    @Sendable func answerOffer(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let (id, registration, form) = try await registrationForm(&request, context: context)
        let accepting = form.value("antwoord") == "aannemen"
        do {
            _ = accepting ? try await service.accept(registration, actor: context.actor) : try await service.decline(registration, actor: context.actor)
            return .redirect(to: "/bijeenkomsten/\(id.lowercasedText)?gedaan=\(accepting ? "aangenomen" : "afgeslagen")", type: .normal)
        } catch DomainError.conflict(let code) {
            return try await render(id, problem: code, request: request, context: context, status: .conflict)
        }
    }

    @Sendable func registrations(_ request: Request, context: AppContext) async throws -> Response {
        let notice = Query(request: request).text("gedaan").map { "meeting_done_\($0)" }
        return try await renderRegistrations(try context.identifier("id"), notice: notice, request: request, context: context)
    }

    func renderRegistrations(_ id: UUID, notice: String? = nil, errors: [FieldError] = [], reason: String = "", request: Request, context: AppContext,
                             status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let listing = try await service.get(id, by: user)
        let lines = try await service.registrations(for: id, actor: context.actor)
        let groupSizes = Dictionary(grouping: lines.compactMap(\.registration.group), by: { $0 }).mapValues(\.count)
        let rows = lines.map { line in
            let state = t.text("registration_state_\(line.registration.state.rawValue)")
            let size = line.registration.group.flatMap { groupSizes[$0] }
            return RegistrationRow(position: line.registration.position, name: line.personName, organisation: line.organisationName,
                                   state: size.map { state + " " + t.text("registration_group", ["size": String($0)]) } ?? state,
                                   needs: line.registration.needs, since: t.dateTime(line.registration.changedAt))
        }
        let waiting = lines.filter { $0.registration.state == .waiting }.map {
            OptionModel(value: $0.registration.id.lowercasedText, label: "\($0.registration.position). \($0.personName) (\($0.organisationName))", selected: false)
        }
        let model = RegistrationsModel(id: id.lowercasedText, title: listing.meeting.title, when: Self.when(listing.meeting, t), rows: rows,
                                       hasRows: !rows.isEmpty, counts: Self.places(listing.seating, t), notice: notice.map { t.text($0) },
                                       errors: FormErrors(errors, t), reason: reason, waiting: waiting, hasWaiting: !waiting.isEmpty)
        return try renderer.render("meeting-registrations", page: model, title: t.text("meeting_registrations_title", ["title": listing.meeting.title]),
                                   request: request, context: context, status: status)
    }

    /// A post about one registration of the meeting: the meeting, the registration the form
    /// names (not found unless the caller is its person or the meeting's keeper) and the form.
    func registrationForm(_ request: inout Request, context: AppContext) async throws -> (meeting: UUID, registration: UUID, form: FormData) {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        let form = try await request.form(context)
        guard let registration = UUID(text: form.value("inschrijving") ?? "") else { throw DomainError.notFound }
        _ = try await service.registration(registration, of: id, by: context.user)
        return (id, registration, form)
    }

    /// An organiser puts a waiting registration (with its group) first, with a reason.
    @Sendable func prioritise(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let (id, registration, form) = try await registrationForm(&request, context: context)
        let reason = form.value("reden") ?? ""
        do {
            _ = try await service.prioritise(registration, reason: reason, actor: context.actor)
            return .redirect(to: "/bijeenkomsten/\(id.lowercasedText)/inschrijvingen?gedaan=voorrang", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await renderRegistrations(id, errors: errors, reason: reason, request: request, context: context, status: .badRequest)
        } catch DomainError.conflict(let code) {
            return try await renderRegistrations(id, errors: [FieldError(field: "reden", code: code)], reason: reason, request: request, context: context,
                                                 status: .conflict)
        }
    }

    /// The meeting as an iCalendar file to add to one's own calendar.
    @Sendable func calendar(_ request: Request, context: AppContext) async throws -> Response {
        let text = try await service.calendar(try context.identifier("id"), by: context.user, page: Self.pages(publicURL))
        return Self.calendarResponse(text, fileName: "bijeenkomst.ics")
    }

    /// A meeting's page address under `publicURL`, for a calendar's `URL`.
    static func pages(_ publicURL: String?) -> @Sendable (UUID) -> String? {
        { id in publicURL.map { String($0.reversed().drop { $0 == "/" }.reversed()) + "/bijeenkomsten/\(id.lowercasedText)" } }
    }

    static func calendarResponse(_ text: String, fileName: String?) -> Response {
        var headers: HTTPFields = [.contentType: "text/calendar; charset=utf-8"]
        if let fileName { headers[.contentDisposition] = "attachment; filename=\"\(fileName)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The feedback counted: how many, the mean, how often each rating, the texts.
    static func feedbackModel(_ summary: FeedbackSummary, _ t: Catalogue) -> FeedbackModel {
        let text = summary.average.map {
            t.text("feedback_summary", ["count": NumberText.format(summary.count, t.language), "average": NumberText.decimal($0, t.language)])
        } ?? t.text("feedback_none")
        let distribution = summary.count == 0 ? [] : (1...5).reversed().map {
            Fact(label: t.text("feedback_rating_\($0)"), value: NumberText.format(summary.ratings[$0 - 1], t.language))
        }
        return FeedbackModel(summary: text, distribution: distribution, texts: summary.texts, hasTexts: !summary.texts.isEmpty)
    }

    /// `30 mrt. 2027, 13.00–17.00` (a meeting over several days: both dates).
    static func when(_ meeting: Meeting, _ t: Catalogue) -> String {
        DateText.span(meeting.startsAt, meeting.endsAt, language: t.language.rawValue)
    }

    /// `12 van 50 plaatsen bezet, 3 op de wachtlijst`
    static func places(_ seating: Seating, _ t: Catalogue) -> String {
        let taken = t.text("meeting_places_taken", ["taken": NumberText.format(seating.taken, t.language), "capacity": NumberText.format(seating.capacity, t.language)])
        guard seating.waiting > 0 else { return taken }
        return taken + ", " + t.text("meeting_places_waiting", ["waiting": NumberText.format(seating.waiting, t.language)])
    }
}
