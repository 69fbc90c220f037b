import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// After a meeting, in pages without script: the organisers' check-in list
/// (`/bijeenkomsten/{id}/aanwezigheid`, one form with a choice per person, saved at once),
/// the same list on A4 to print and sign (`…/aanwezigheid/afdruk`), the report and its
/// materials (`…/verslag`), and the attendee's feedback (`…/feedback`, posted from the
/// meeting's page). Figures and feedback are shown to the organisers on the meeting's page.
struct MeetingFollowUpPage {
    let renderer: PageRenderer
    let service: MeetingService
    let meetingPage: MeetingsPage

    struct CheckInRow {
        let number: Int
        let name: String
        let organisation: String
        let needs: String
        let field: String
        let options: [Choice]
    }

    struct Choice { let id: String; let value: String; let label: String; let personLabel: String; let selected: Bool }

    struct CheckInModel {
        let id: String
        let title: String
        let when: String
        let venue: String
        let rows: [CheckInRow]
        let hasRows: Bool
        let figures: [MeetingsPage.Fact]
        let mayMark: Bool
        let notice: String?
        let problem: String?
    }

    struct ReportModel {
        let id: String
        let title: String
        let report: String
        let materials: [MaterialChoice]
        let hasMaterials: Bool
        let errors: FormErrors
    }

    struct MaterialChoice { let id: String; let title: String; let kind: String; let checked: Bool }

    func register(on router: Router<AppContext>) {
        router.get("bijeenkomsten/{id}/aanwezigheid", use: checkIn)
        router.post("bijeenkomsten/{id}/aanwezigheid", use: mark)
        router.get("bijeenkomsten/{id}/aanwezigheid/afdruk", use: printable)
        router.get("bijeenkomsten/{id}/verslag", use: reportForm)
        router.post("bijeenkomsten/{id}/verslag", use: saveReport)
        router.post("bijeenkomsten/{id}/feedback", use: giveFeedback)
        router.get("bijeenkomsten/opkomst", use: turnout)
    }

    struct TurnoutRow { let code: String; let name: String; let attendees: String; let meetings: String }

    struct TurnoutModel {
        let year: String
        let rows: [TurnoutRow]
        let hasRows: Bool
        let total: String
        let municipalities: String
        let years: [OptionModel]
    }

    /// `/bijeenkomsten/opkomst`: for the unit, per municipality the people who came to
    /// meetings in a year and to how many meetings (`?jaar=`, this year by default).
    @Sendable func turnout(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let calendar = DutchCalendar().calendar
        let thisYear = calendar.component(.year, from: service.dependencies.now())
        let year = Query(request: request).text("jaar").flatMap(Int.init).flatMap { (2015...thisYear + 1).contains($0) ? $0 : nil } ?? thisYear
        let lines = try await service.attendanceByMunicipality(year: year, by: user)
        let rows = lines.map {
            TurnoutRow(code: $0.municipality.rawValue, name: $0.name, attendees: NumberText.format($0.attendees, t.language),
                       meetings: NumberText.format($0.meetings, t.language))
        }
        let model = TurnoutModel(year: String(year), rows: rows, hasRows: !rows.isEmpty,
                                 total: NumberText.format(lines.reduce(0) { $0 + $1.attendees }, t.language),
                                 municipalities: NumberText.format(lines.count, t.language),
                                 years: (max(2015, thisYear - 4)...thisYear).reversed().map { OptionModel(value: String($0), label: String($0), selected: $0 == year) })
        return try renderer.render("meeting-turnout", page: model, title: t.text("turnout_title"), request: request, context: context)
    }

    // MARK: Check-in

    @Sendable func checkIn(_ request: Request, context: AppContext) async throws -> Response {
        let notice = Query(request: request).text("gedaan").map { "meeting_done_\($0)" }
        return try await renderCheckIn(try context.identifier("id"), template: "meeting-check-in", notice: notice, request: request, context: context)
    }

    @Sendable func printable(_ request: Request, context: AppContext) async throws -> Response {
        try await renderCheckIn(try context.identifier("id"), template: "meeting-check-in-print", request: request, context: context)
    }

    func renderCheckIn(_ id: UUID, template: String, notice: String? = nil, problem: String? = nil, request: Request, context: AppContext,
                       status: HTTPResponse.Status = .ok) async throws -> Response {
        _ = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let list = try await service.attendance(for: id, actor: context.actor)
        let rows = list.lines.enumerated().map { index, line in
            let field = "aanwezigheid-\(line.registration.id.lowercasedText)"
            let values: [(String, String)] = Attendance.allCases.map { ($0.rawValue, t.text("attendance_\($0.rawValue)")) } + [("", t.text("attendance_unmarked"))]
            return CheckInRow(number: index + 1, name: line.personName, organisation: line.organisationName, needs: line.registration.needs, field: field,
                              options: values.map { value, label in
                                  Choice(id: "\(field)-\(value.isEmpty ? "leeg" : value)", value: value, label: label, personLabel: line.personName,
                                         selected: (line.registration.attendance?.rawValue ?? "") == value)
                              })
        }
        let model = CheckInModel(id: id.lowercasedText, title: list.meeting.title, when: MeetingsPage.when(list.meeting, t),
                                 venue: list.meeting.venue.isEmpty ? t.text("meeting_online") : list.meeting.venue, rows: rows, hasRows: !rows.isEmpty,
                                 figures: Self.figures(list.figures, t), mayMark: MeetingPolicy.mayMarkAttendance(list.meeting, at: service.dependencies.now()),
                                 notice: notice.map { t.text($0) }, problem: problem.map { t.text("error_\($0)") })
        return try renderer.render(template, page: model, title: t.text("attendance_title", ["title": list.meeting.title]), request: request,
                                   context: context, status: status)
    }

    @Sendable func mark(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        var request = request
        let form = try await request.form(context)
        var marks: [UUID: Attendance?] = [:]
        for (name, value) in form.fields where name.hasPrefix("aanwezigheid-") {
            guard let registration = UUID(text: String(name.dropFirst("aanwezigheid-".count))) else { continue }
            marks[registration] = Attendance(rawValue: value)
        }
        do {
            let changed = try await service.markAttendance(marks, of: id, actor: context.actor)
            return .redirect(to: "/bijeenkomsten/\(id.lowercasedText)/aanwezigheid?gedaan=\(changed.isEmpty ? "ongewijzigd" : "aanwezigheid")", type: .normal)
        } catch DomainError.conflict(let code) {
            return try await renderCheckIn(id, template: "meeting-check-in", problem: code, request: request, context: context, status: .conflict)
        } catch DomainError.invalid(let errors) {
            return try await renderCheckIn(id, template: "meeting-check-in", problem: errors.first?.code, request: request, context: context, status: .badRequest)
        }
    }

    /// `Aanwezig: 12 van 15 · Afwezig: 2 · …` as facts.
    static func figures(_ figures: AttendanceFigures, _ t: Catalogue) -> [MeetingsPage.Fact] {
        func number(_ value: Int) -> String { NumberText.format(value, t.language) }
        return [MeetingsPage.Fact(label: t.text("attendance_places"), value: number(figures.places)),
                MeetingsPage.Fact(label: t.text("attendance_aanwezig"), value: number(figures.present)),
                MeetingsPage.Fact(label: t.text("attendance_afwezig"), value: number(figures.absent)),
                MeetingsPage.Fact(label: t.text("attendance_laat-afgemeld"), value: number(figures.lateCancelled)),
                MeetingsPage.Fact(label: t.text("attendance_unmarked"), value: number(figures.unmarked)),
                MeetingsPage.Fact(label: t.text("attendance_organisations"), value: number(figures.organisations)),
                MeetingsPage.Fact(label: t.text("attendance_municipalities"), value: number(figures.municipalities))]
    }

    // MARK: Report

    @Sendable func reportForm(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        let (meeting, current) = try await service.report(of: id, by: context.user)
        return try await renderReport(meeting, report: meeting.report, chosen: current.map(\.lowercasedText), request: request, context: context)
    }

    /// The report form for `meeting` (its keepers checked by the caller through `service.report`).
    func renderReport(_ meeting: Meeting, report: String, chosen: [String], errors: [FieldError] = [], request: Request, context: AppContext,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let chosenIDs = Set(chosen.compactMap { UUID(text: $0) })
        let materials = try await service.materialChoices(for: meeting).map {
            MaterialChoice(id: $0.id.lowercasedText, title: $0.title, kind: t.text("offering_kind_\($0.kind.rawValue)"), checked: chosenIDs.contains($0.id))
        }
        let model = ReportModel(id: meeting.id.lowercasedText, title: meeting.title, report: report, materials: materials, hasMaterials: !materials.isEmpty,
                                errors: FormErrors(errors, t))
        return try renderer.render("meeting-report-form", page: model, title: t.text("meeting_report_title", ["title": meeting.title]), request: request,
                                   context: context, status: status)
    }

    @Sendable func saveReport(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        var request = request
        let form = try await request.form(context)
        let draft = MeetingReportDraft(report: form.value("verslag") ?? "", materials: form.values("materialen"))
        do {
            _ = try await service.saveReport(draft, of: id, actor: context.actor)
            return .redirect(to: "/bijeenkomsten/\(id.lowercasedText)?gedaan=verslag", type: .normal)
        } catch DomainError.invalid(let errors) {
            let (meeting, _) = try await service.report(of: id, by: context.user)
            return try await renderReport(meeting, report: draft.report, chosen: draft.materials, errors: errors, request: request, context: context,
                                          status: .badRequest)
        }
    }

    // MARK: Feedback

    @Sendable func giveFeedback(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        var request = request
        let form = try await request.form(context)
        let draft = FeedbackDraft(rating: form.value("waardering") ?? "", text: form.value("toelichting") ?? "")
        do {
            try await service.giveFeedback(draft, on: id, actor: context.actor)
            return .redirect(to: "/bijeenkomsten/\(id.lowercasedText)?gedaan=feedback", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await meetingPage.render(id, errors: errors, feedback: draft, request: request, context: context, status: .badRequest)
        } catch DomainError.conflict(let code) {
            return try await meetingPage.render(id, problem: code, request: request, context: context, status: .conflict)
        }
    }
}
