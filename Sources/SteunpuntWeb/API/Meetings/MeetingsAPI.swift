import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/bijeenkomsten`: meetings (issue 19). Reading is open to visitors for public
/// meetings and to every signed-in caller for the others; organisers (the unit, the
/// national desks for their own organisation) create and change them. A caller registers
/// themselves (`POST …/inschrijvingen`: a place, or the waiting list when full), cancels
/// (`…/annulering`) and answers a place offered from the waiting list (`…/acceptatie`,
/// `…/afwijzing`). The list of registrations with names is the organisers'.
struct MeetingsAPI {
    let service: MeetingService
    /// The server's public address, for the links calendar files carry.
    let publicURL: String?

    struct MeetingDTO: Encodable, Sendable {
        let id: String
        let soort: String
        let titel: String
        let beschrijving: String
        let organisator: String
        let provincies: [String]
        let gemeenten: [String]
        let doelgroep: [String]
        let locatie: String
        /// Only for people with a place and the organisers.
        let onlineLink: String?
        let begin: Date
        let einde: Date
        let capaciteit: Int
        let maximumPerOrganisatie: Int?
        let inschrijvingVanaf: Date?
        let inschrijvingTot: Date
        let annulerenTot: Date
        let aanbodGeldigUren: Int
        let zichtbaarheid: String
        let status: String
        /// Registration as it stands now: open, vol, nog-niet-open, gesloten, …
        let stand: String
        let plaatsenBezet: Int
        let plaatsenVrij: Int
        let wachtend: Int
        let versie: Int
        let volgnummer: Int
        let aangemaaktOp: Date
        let gewijzigdOp: Date
        let mijnInschrijving: RegistrationDTO?
        /// The learning circle whose session this is.
        let leerkring: String?
        let _links: Links

        struct Links: Encodable, Sendable {
            let `self`: Link
            let inschrijvingen: Link
            let organisator: Link
        }

        init(_ listing: MeetingListing, mine: (registration: Registration, waitingRank: Int?)?, user: User?, now: Date) {
            let meeting = listing.meeting
            id = meeting.id.lowercasedText
            soort = meeting.kind.rawValue
            titel = meeting.title
            beschrijving = meeting.description
            organisator = meeting.organiser.rawValue
            provincies = meeting.provinces.map(\.rawValue)
            gemeenten = meeting.municipalities.map(\.rawValue)
            doelgroep = meeting.audience.map(\.rawValue)
            locatie = meeting.venue
            onlineLink = MeetingPolicy.showsOnlineLink(meeting, to: user, registration: mine?.registration.state) ? meeting.onlineLink?.absoluteString : nil
            begin = meeting.startsAt
            einde = meeting.endsAt
            capaciteit = meeting.capacity
            maximumPerOrganisatie = meeting.perOrganisation
            inschrijvingVanaf = meeting.registrationOpensAt
            inschrijvingTot = meeting.registrationClosesAt
            annulerenTot = meeting.cancellationDeadline
            aanbodGeldigUren = meeting.offerHoldHours
            zichtbaarheid = meeting.visibility.rawValue
            status = meeting.status.rawValue
            stand = meeting.state(at: now, taken: listing.seating.taken, waiting: listing.seating.waiting).rawValue
            plaatsenBezet = listing.seating.taken
            plaatsenVrij = listing.seating.free
            wachtend = listing.seating.waiting
            versie = meeting.version
            volgnummer = meeting.sequence
            aangemaaktOp = meeting.createdAt
            gewijzigdOp = meeting.updatedAt
            mijnInschrijving = mine.map { RegistrationDTO($0.registration, waitingRank: $0.waitingRank) }
            leerkring = meeting.circle?.lowercasedText
            let path = "\(APIRoutes.base)/bijeenkomsten/\(id)"
            _links = Links(self: Link(href: path), inschrijvingen: Link(href: path + "/inschrijvingen"),
                           organisator: Link(href: "\(APIRoutes.base)/organisaties/\(meeting.organiser)"))
        }
    }

    struct RegistrationDTO: Encodable, Sendable {
        let id: String
        let bijeenkomst: String
        let persoon: String
        /// The person's and the organisation's names: in the organisers' list only.
        let naam: String?
        let organisatie: String
        let organisatieNaam: String?
        let behoeften: String
        let status: String
        let positie: Int
        let plaatsOpWachtlijst: Int?
        let aanbodGeldigTot: Date?
        /// As the organiser marked it: aanwezig, afwezig, laat-afgemeld; absent when not marked.
        let aanwezigheid: String?
        /// Colleagues registered together share it.
        let groep: String?
        let aangemaaktOp: Date
        let gewijzigdOp: Date
        let _links: Links

        struct Links: Encodable, Sendable {
            let `self`: Link
            let bijeenkomst: Link
        }

        init(_ registration: Registration, waitingRank: Int? = nil, name: String? = nil, organisationName: String? = nil) {
            id = registration.id.lowercasedText
            bijeenkomst = registration.meeting.lowercasedText
            persoon = registration.person.lowercasedText
            naam = name
            organisatie = registration.organisation.rawValue
            organisatieNaam = organisationName
            behoeften = registration.needs
            status = registration.state.rawValue
            positie = registration.position
            plaatsOpWachtlijst = waitingRank
            aanbodGeldigTot = registration.offerExpiresAt
            aanwezigheid = registration.attendance?.rawValue
            groep = registration.group?.lowercasedText
            aangemaaktOp = registration.createdAt
            gewijzigdOp = registration.changedAt
            let meeting = "\(APIRoutes.base)/bijeenkomsten/\(bijeenkomst)"
            _links = Links(self: Link(href: "\(meeting)/inschrijvingen/\(id)"), bijeenkomst: Link(href: meeting))
        }
    }

    struct Body: Decodable, Sendable {
        let soort: String?
        let titel: String?
        let beschrijving: String?
        let organisator: String?
        let provincies: [String]?
        let gemeenten: [String]?
        let doelgroep: [String]?
        let locatie: String?
        let onlineLink: String?
        let begin: String?
        let einde: String?
        let capaciteit: Int?
        let maximumPerOrganisatie: Int?
        let inschrijvingVanaf: String?
        let inschrijvingTot: String?
        let annulerenTot: String?
        let aanbodGeldigUren: Int?
        let zichtbaarheid: String?
        let status: String?
        let leerkring: String?
        let versie: Int?

        var draft: MeetingDraft {
            MeetingDraft(kind: soort ?? "", title: titel ?? "", description: beschrijving ?? "", organiser: organisator ?? "", provinces: provincies ?? [],
                         municipalities: gemeenten ?? [], audience: doelgroep ?? [], venue: locatie ?? "", onlineLink: onlineLink ?? "",
                         startsAt: begin ?? "", endsAt: einde ?? "", capacity: capaciteit.map(String.init) ?? "",
                         perOrganisation: maximumPerOrganisatie.map(String.init) ?? "", registrationOpensAt: inschrijvingVanaf ?? "",
                         registrationClosesAt: inschrijvingTot ?? "", cancellationDeadline: annulerenTot ?? "",
                         offerHoldHours: aanbodGeldigUren.map(String.init) ?? "", visibility: zichtbaarheid ?? Visibility.signedIn.rawValue,
                         status: status ?? MeetingStatus.draft.rawValue, circle: leerkring ?? "")
        }
    }

    struct RegistrationBody: Decodable, Sendable {
        let behoeften: String?
        let collegas: [String]?
    }

    struct PriorityBody: Decodable, Sendable {
        let reden: String?
    }

    struct CancellationBody: Decodable, Sendable {
        let reden: String?
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/bijeenkomsten", use: list)
        routes.get("/bijeenkomsten/agenda.ics", use: feed)
        routes.get("/bijeenkomsten/{id}/agenda.ics", use: calendar)
        routes.get("/agenda/{sleutel}", use: personalFeed)
        routes.post("/bijeenkomsten", use: create)
        routes.get("/bijeenkomsten/{id}", use: show)
        routes.put("/bijeenkomsten/{id}", use: update)
        routes.get("/bijeenkomsten/{id}/inschrijvingen", use: registrations)
        routes.post("/bijeenkomsten/{id}/inschrijvingen", use: registerSelf)
        routes.get("/bijeenkomsten/{id}/inschrijvingen/{inschrijving}", use: registration)
        routes.post("/bijeenkomsten/{id}/inschrijvingen/{inschrijving}/annulering", use: cancel)
        routes.post("/bijeenkomsten/{id}/inschrijvingen/{inschrijving}/acceptatie", use: accept)
        routes.post("/bijeenkomsten/{id}/inschrijvingen/{inschrijving}/afwijzing", use: decline)
        routes.post("/bijeenkomsten/{id}/inschrijvingen/{inschrijving}/voorrang", use: prioritise)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        var v = Validator()
        let query = Query(request: request)
        let pageRequest = query.page(into: &v)
        let period = query.text("periode") ?? "komend"
        if period != "komend" && period != "afgelopen" { v.add("periode", "invalid_period") }
        try v.finish()
        let page = period == "afgelopen" ? try await service.past(by: context.user, page: pageRequest)
            : try await service.upcoming(by: context.user, page: pageRequest)
        let now = service.dependencies.now()
        return try ListResponse(page: page, request: request, items: page.items.map { MeetingDTO($0, mine: nil, user: context.user, now: now) }).response()
    }

    /// The public meetings as an iCalendar feed, for calendar clients that subscribe without signing in.
    @Sendable func feed(_ request: Request, context: AppContext) async throws -> Response {
        MeetingsPage.calendarResponse(try await service.publicFeed(name: "Steunpunt: bijeenkomsten", page: MeetingsPage.pages(publicURL)), fileName: nil)
    }

    /// A person's own feed at its secret address (no sign-in: calendar programs cannot).
    @Sendable func personalFeed(_ request: Request, context: AppContext) async throws -> Response {
        let secret = context.parameters.get("sleutel") ?? ""
        let text = try await service.personalFeed(secret, name: "Steunpunt: mijn bijeenkomsten", page: MeetingsPage.pages(publicURL))
        return MeetingsPage.calendarResponse(text, fileName: nil)
    }

    /// One meeting as an iCalendar file (the online link only for people with a place).
    @Sendable func calendar(_ request: Request, context: AppContext) async throws -> Response {
        let text = try await service.calendar(try context.identifier("id"), by: context.user, page: MeetingsPage.pages(publicURL))
        return MeetingsPage.calendarResponse(text, fileName: "bijeenkomst.ics")
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let body = try await request.decode(as: Body.self, context: context)
        let meeting = try await service.create(body.draft, actor: context.actor)
        let listing = try await service.get(meeting.id, by: caller.user)
        let dto = MeetingDTO(listing, mine: nil, user: caller.user, now: service.dependencies.now())
        return try JSONResponse.make(dto, status: .created, headers: [.location: dto._links.`self`.href, .eTag: APIPrecondition.etag(dto.versie)])
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let id = try context.identifier("id")
        let listing = try await service.get(id, by: context.user)
        let mine = try await service.mine(for: id, by: context.user)
        let dto = MeetingDTO(listing, mine: mine, user: context.user, now: service.dependencies.now())
        return try JSONResponse.make(dto, headers: [.eTag: APIPrecondition.etag(dto.versie)])
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let body = try await request.decode(as: Body.self, context: context)
        let id = try context.identifier("id")
        let expected = try APIPrecondition.expected(request, body: body.versie)
        let changed = try await APIPrecondition.apply(expected) {
            try await service.update(id, with: body.draft, version: expected?.version, actor: context.actor)
        }
        let listing = try await service.get(changed.id, by: caller.user)
        let dto = MeetingDTO(listing, mine: try await service.mine(for: id, by: caller.user), user: caller.user, now: service.dependencies.now())
        return try JSONResponse.make(dto, headers: [.eTag: APIPrecondition.etag(dto.versie)])
    }

    @Sendable func registrations(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        var v = Validator()
        let pageRequest = Query(request: request).page(into: &v)
        try v.finish()
        let lines = try await service.registrations(for: try context.identifier("id"), actor: context.actor)
        let page = Page(items: Array(lines.dropFirst(pageRequest.offset).prefix(pageRequest.size)), total: lines.count, request: pageRequest)
        return try ListResponse(page: page, request: request, items: page.items.map {
            RegistrationDTO($0.registration, name: $0.personName, organisationName: $0.organisationName)
        }).response()
    }

    @Sendable func registerSelf(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: RegistrationBody.self, context: context)
        let id = try context.identifier("id")
        let registration = try await service.register(for: id, RegistrationDraft(needs: body.behoeften ?? "", colleagues: body.collegas ?? []), actor: context.actor)
        let found = try await service.registration(registration.id, of: id, by: context.user)
        let dto = RegistrationDTO(found.registration, waitingRank: found.waitingRank)
        return try JSONResponse.make(dto, status: .created, headers: [.location: dto._links.`self`.href])
    }

    @Sendable func registration(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let found = try await service.registration(try context.identifier("inschrijving"), of: try context.identifier("id"), by: caller.user)
        return try JSONResponse.make(RegistrationDTO(found.registration, waitingRank: found.waitingRank))
    }

    @Sendable func cancel(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: CancellationBody.self, context: context)
        let (meeting, id) = (try context.identifier("id"), try context.identifier("inschrijving"))
        _ = try await service.registration(id, of: meeting, by: context.user)
        return try JSONResponse.make(RegistrationDTO(try await service.cancel(id, reason: body.reden ?? "", actor: context.actor)))
    }

    /// An organiser puts a waiting registration (with its group) first, with a reason.
    @Sendable func prioritise(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: PriorityBody.self, context: context)
        let (meeting, id) = (try context.identifier("id"), try context.identifier("inschrijving"))
        _ = try await service.registration(id, of: meeting, by: context.user)
        let moved = try await service.prioritise(id, reason: body.reden ?? "", actor: context.actor)
        let found = try await service.registration(moved.id, of: meeting, by: context.user)
        return try JSONResponse.make(RegistrationDTO(found.registration, waitingRank: found.waitingRank))
    }

    @Sendable func accept(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let (meeting, id) = (try context.identifier("id"), try context.identifier("inschrijving"))
        _ = try await service.registration(id, of: meeting, by: context.user)
        return try JSONResponse.make(RegistrationDTO(try await service.accept(id, actor: context.actor)))
    }

    @Sendable func decline(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let (meeting, id) = (try context.identifier("id"), try context.identifier("inschrijving"))
        _ = try await service.registration(id, of: meeting, by: context.user)
        return try JSONResponse.make(RegistrationDTO(try await service.decline(id, actor: context.actor)))
    }

}
