import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/leerkringen/{id}/ruimte`: the circle's members-only space, for its members' people
/// and the unit: who the members are, the notes and lessons learned (newest first), and a
/// form to add one. Each read is audited; everyone else is refused.
struct CircleSpacePage {
    let renderer: PageRenderer
    let service: CircleService

    struct Member { let name: String; let since: String }
    struct Note { let kind: String; let isLesson: Bool; let textHTML: String; let author: String; let when: String }

    struct Model {
        let id: String
        let title: String
        let members: [Member]
        let notes: [Note]
        let hasNotes: Bool
        let kinds: [OptionModel]
        let text: String
        let open: Bool
        let notice: String?
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("leerkringen/{id}/ruimte", use: show)
        router.post("leerkringen/{id}/aantekeningen", use: addNote)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let notice = Query(request: request).text("gedaan").map { "circle_done_\($0)" }
        return try await render(try context.identifier("id"), notice: notice, request: request, context: context)
    }

    @Sendable func addNote(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = try context.identifier("id")
        var request = request
        let form = try await request.form(context)
        let kind = form.value("soort") ?? "", text = form.value("tekst") ?? ""
        do {
            _ = try await service.addNote(kind: kind, text: text, to: id, actor: context.actor)
            return .redirect(to: "/leerkringen/\(id.lowercasedText)/ruimte?gedaan=aantekening", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(id, errors: errors, kind: kind, text: text, request: request, context: context, status: .badRequest)
        } catch DomainError.conflict(let code) {
            return try await render(id, errors: [FieldError(field: "tekst", code: code)], kind: kind, text: text, request: request, context: context,
                                    status: .conflict)
        }
    }

    func render(_ id: UUID, notice: String? = nil, errors: [FieldError] = [], kind: String = CircleNoteKind.note.rawValue, text: String = "",
                request: Request, context: AppContext, status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let circle = try await service.get(id, by: user).circle
        let members = try await service.memberships(of: id, actor: context.actor).filter { $0.membership.state == .member }.map {
            Member(name: $0.organisationName, since: t.date($0.membership.decidedAt ?? $0.membership.createdAt))
        }
        let notes = try await service.notes(of: id, actor: context.actor).map {
            Note(kind: t.text("circle_note_kind_\($0.note.kind.rawValue)"), isLesson: $0.note.kind == .lesson, textHTML: Markdown.html($0.note.text),
                 author: "\($0.authorName) (\($0.organisationName))", when: t.dateTime($0.note.createdAt))
        }
        let model = Model(id: id.lowercasedText, title: circle.title, members: members, notes: notes, hasNotes: !notes.isEmpty,
                          kinds: CircleNoteKind.allCases.map { OptionModel(value: $0.rawValue, label: t.text("circle_note_kind_\($0.rawValue)"), selected: $0.rawValue == kind) },
                          text: text, open: circle.status != .closed, notice: notice.map { t.text($0) }, errors: FormErrors(errors, t))
        return try renderer.render("circle-space", page: model, title: t.text("circle_space_title", ["title": circle.title]), request: request,
                                   context: context, status: status)
    }
}
