import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/api/v1/bijeenkomsten/{id}/…` around and after a meeting (issue 19): the waiting list
/// and the check-in list with its figures (organisers), marking one person's attendance,
/// the report with its materials (read by the meeting's readers, kept by its organisers),
/// and feedback (given once by an attendee, read counted by the organisers).
struct MeetingFollowUpAPI {
    let service: MeetingService

    struct AttendanceDTO: Encodable, Sendable {
        let cijfers: FiguresDTO
        let resultaten: [MeetingsAPI.RegistrationDTO]
    }

    struct FiguresDTO: Encodable, Sendable {
        let plaatsen: Int
        let aanwezig: Int
        let afwezig: Int
        let laatAfgemeld: Int
        let nietIngevuld: Int
        let organisaties: Int
        let gemeenten: Int

        init(_ figures: AttendanceFigures) {
            plaatsen = figures.places
            aanwezig = figures.present
            afwezig = figures.absent
            laatAfgemeld = figures.lateCancelled
            nietIngevuld = figures.unmarked
            organisaties = figures.organisations
            gemeenten = figures.municipalities
        }
    }

    struct ReportDTO: Encodable, Sendable {
        let verslag: String
        let materialen: [Material]
        let versie: Int
        let _links: Links

        struct Material: Encodable, Sendable {
            let id: String
            let titel: String
            let soort: String
            let _links: Links
        }

        struct Links: Encodable, Sendable {
            let `self`: Link
            let bijeenkomst: Link?
        }
    }

    struct FeedbackDTO: Encodable, Sendable {
        let aantal: Int
        let gemiddelde: Double?
        /// How often each rating was given: "1" … "5".
        let verdeling: [String: Int]
        let toelichtingen: [String]
    }

    struct GivenFeedbackDTO: Encodable, Sendable {
        let waardering: Int
        let toelichting: String
    }

    struct AttendanceBody: Decodable, Sendable {
        /// `aanwezig`, `afwezig` or `laat-afgemeld` (`DELETE` clears the mark).
        let aanwezigheid: String?
    }

    struct ReportBody: Decodable, Sendable {
        let verslag: String?
        let materialen: [String]?
    }

    struct FeedbackBody: Decodable, Sendable {
        let waardering: Int?
        let toelichting: String?
    }

    func register(on routes: inout APIRoutes) {
        routes.get("/bijeenkomsten/{id}/wachtlijst", use: waitingList)
        routes.get("/bijeenkomsten/{id}/aanwezigheid", use: attendance)
        routes.put("/bijeenkomsten/{id}/inschrijvingen/{inschrijving}/aanwezigheid", use: mark)
        routes.delete("/bijeenkomsten/{id}/inschrijvingen/{inschrijving}/aanwezigheid", use: clear)
        routes.get("/bijeenkomsten/{id}/verslag", use: report)
        routes.put("/bijeenkomsten/{id}/verslag", use: saveReport)
        routes.get("/bijeenkomsten/{id}/feedback", use: feedback)
        routes.post("/bijeenkomsten/{id}/feedback", use: giveFeedback)
    }

    /// The people waiting and those offered a place, in the order places go to them (organisers).
    @Sendable func waitingList(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        var v = Validator()
        let pageRequest = Query(request: request).page(into: &v)
        try v.finish()
        let lines = try await service.registrations(for: try context.identifier("id"), actor: context.actor)
            .filter { $0.registration.state == .waiting || $0.registration.state == .offered }
        var rank = 0
        let ranked = lines.map { line -> MeetingsAPI.RegistrationDTO in
            if line.registration.state == .waiting { rank += 1 }
            return MeetingsAPI.RegistrationDTO(line.registration, waitingRank: line.registration.state == .waiting ? rank : nil, name: line.personName,
                                               organisationName: line.organisationName)
        }
        let page = Page(items: Array(ranked.dropFirst(pageRequest.offset).prefix(pageRequest.size)), total: ranked.count, request: pageRequest)
        return try ListResponse(page: page, request: request, items: page.items).response()
    }

    @Sendable func attendance(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.read)
        let list = try await service.attendance(for: try context.identifier("id"), actor: context.actor)
        return try JSONResponse.make(AttendanceDTO(cijfers: FiguresDTO(list.figures), resultaten: list.lines.map {
            MeetingsAPI.RegistrationDTO($0.registration, name: $0.personName, organisationName: $0.organisationName)
        }))
    }

    @Sendable func mark(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: AttendanceBody.self, context: context)
        let (meeting, id) = (try context.identifier("id"), try context.identifier("inschrijving"))
        guard let mark = Attendance(rawValue: body.aanwezigheid ?? "") else {
            throw DomainError.invalid([FieldError(field: "aanwezigheid", code: body.aanwezigheid == nil ? "required" : "invalid_attendance")])
        }
        try await service.markAttendance([id: mark], of: meeting, actor: context.actor)
        let found = try await service.registration(id, of: meeting, by: context.user)
        return try JSONResponse.make(MeetingsAPI.RegistrationDTO(found.registration, waitingRank: found.waitingRank))
    }

    /// Clears a mark: not marked again.
    @Sendable func clear(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        try await service.markAttendance([try context.identifier("inschrijving"): nil], of: try context.identifier("id"), actor: context.actor)
        return Response(status: .noContent)
    }

    @Sendable func report(_ request: Request, context: AppContext) async throws -> Response {
        let meeting = try await service.get(try context.identifier("id"), by: context.user).meeting
        return try JSONResponse.make(try await reportDTO(meeting, for: context.user))
    }

    @Sendable func saveReport(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.write)
        let body = try await request.decode(as: ReportBody.self, context: context)
        let meeting = try await service.saveReport(MeetingReportDraft(report: body.verslag ?? "", materials: body.materialen ?? []),
                                                   of: try context.identifier("id"), actor: context.actor)
        return try JSONResponse.make(try await reportDTO(meeting, for: caller.user))
    }

    func reportDTO(_ meeting: Meeting, for user: User?) async throws -> ReportDTO {
        let path = "\(APIRoutes.base)/bijeenkomsten/\(meeting.id.lowercasedText)"
        let materials = try await service.materials(of: meeting, for: user).map {
            ReportDTO.Material(id: $0.id.lowercasedText, titel: $0.title, soort: $0.kind.rawValue,
                               _links: .init(self: Link(href: "\(APIRoutes.base)/aanbod/\($0.slug.rawValue)"), bijeenkomst: nil))
        }
        return ReportDTO(verslag: meeting.report, materialen: materials, versie: meeting.version,
                         _links: .init(self: Link(href: path + "/verslag"), bijeenkomst: Link(href: path)))
    }

    @Sendable func feedback(_ request: Request, context: AppContext) async throws -> Response {
        let caller = try context.requireCaller(.read)
        let summary = try await service.feedback(on: try context.identifier("id"), by: caller.user)
        let distribution = Dictionary(uniqueKeysWithValues: (1...5).map { ("\($0)", summary.ratings[$0 - 1]) })
        return try JSONResponse.make(FeedbackDTO(aantal: summary.count, gemiddelde: summary.average.map { ($0 * 100).rounded() / 100 },
                                                 verdeling: distribution, toelichtingen: summary.texts))
    }

    @Sendable func giveFeedback(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireCaller(.write)
        let body = try await request.decode(as: FeedbackBody.self, context: context)
        let draft = FeedbackDraft(rating: body.waardering.map(String.init) ?? "", text: body.toelichting ?? "")
        let id = try context.identifier("id")
        try await service.giveFeedback(draft, on: id, actor: context.actor)
        let valid = try draft.validated()
        return try JSONResponse.make(GivenFeedbackDTO(waardering: valid.rating, toelichting: valid.text), status: .created)
    }
}
