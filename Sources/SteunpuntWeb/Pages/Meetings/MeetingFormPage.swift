import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/bijeenkomsten/nieuw` and `/bijeenkomsten/{id}/bewerken`: organisers add and change
/// meetings. Times are typed as Dutch date and time fields; every problem is shown at once
/// with what was typed kept; a save based on an older version is refused with the form kept.
struct MeetingFormPage {
    let renderer: PageRenderer
    let service: MeetingService

    struct Model {
        let action: String
        let isEdit: Bool
        let version: String
        let draft: MeetingDraft
        let fields: [TimeField]
        let capacity: String
        let perOrganisation: String
        let hold: String
        let kinds: [OptionModel]
        let organisers: [OptionModel]
        let provinces: [OptionModel]
        let audience: [OptionModel]
        let municipalities: String
        let visibilities: [OptionModel]
        let statuses: [OptionModel]
        /// For the unit: the learning circle whose session this is.
        let circles: [OptionModel]
        let hasCircles: Bool
        let errors: FormErrors
    }

    /// A date and a time field for one moment (`begin`: `begin-datum`, `begin-tijd`).
    struct TimeField { let name: String; let label: String; let hint: String; let date: String; let time: String; let required: Bool; let error: String? }

    func register(on router: Router<AppContext>) {
        router.get("bijeenkomsten/nieuw", use: new)
        router.post("bijeenkomsten", use: create)
        router.get("bijeenkomsten/{id}/bewerken", use: edit)
        router.post("bijeenkomsten/{id}", use: update)
    }

    @Sendable func new(_ request: Request, context: AppContext) async throws -> Response {
        let user = try require(context)
        // From a circle's page (`?leerkring=`): a session of that circle.
        let circle = Query(request: request).text("leerkring").flatMap { UUID(text: $0) }
        let draft = MeetingDraft(kind: (circle == nil ? MeetingKind.regionalMeeting : .circleSession).rawValue, title: "",
                                 organiser: user.organisation.rawValue, startsAt: "", endsAt: "", capacity: "",
                                 offerHoldHours: String(MeetingDraft.defaultOfferHoldHours), circle: circle?.uppercasedText ?? "")
        return try await render(draft, id: nil, version: nil, errors: [], request: request, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        _ = try require(context)
        var request = request
        let draft = Self.draft(try await request.form(context))
        do {
            let meeting = try await service.create(draft, actor: context.actor)
            return .redirect(to: "/bijeenkomsten/\(meeting.id.lowercasedText)?gedaan=opgeslagen", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(draft, id: nil, version: nil, errors: errors, request: request, context: context)
        }
    }

    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        let user = try require(context)
        let id = try context.identifier("id")
        let meeting = try await service.get(id, by: user).meeting
        guard MeetingPolicy.mayManage(meeting, as: user) else { throw DomainError.forbidden }
        let draft = MeetingDraft(kind: meeting.kind.rawValue, title: meeting.title, description: meeting.description, organiser: meeting.organiser.rawValue,
                                 provinces: meeting.provinces.map(\.rawValue), municipalities: meeting.municipalities.map(\.rawValue),
                                 audience: meeting.audience.map(\.rawValue), venue: meeting.venue, onlineLink: meeting.onlineLink?.absoluteString ?? "",
                                 startsAt: AmsterdamTime.local(meeting.startsAt), endsAt: AmsterdamTime.local(meeting.endsAt), capacity: String(meeting.capacity),
                                 perOrganisation: meeting.perOrganisation.map(String.init) ?? "",
                                 registrationOpensAt: meeting.registrationOpensAt.map(AmsterdamTime.local) ?? "",
                                 registrationClosesAt: AmsterdamTime.local(meeting.registrationClosesAt),
                                 cancellationDeadline: AmsterdamTime.local(meeting.cancellationDeadline), offerHoldHours: String(meeting.offerHoldHours),
                                 visibility: meeting.visibility.rawValue, status: meeting.status.rawValue, circle: meeting.circle?.uppercasedText ?? "")
        return try await render(draft, id: id, version: meeting.version, errors: [], request: request, context: context)
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        _ = try require(context)
        let id = try context.identifier("id")
        var request = request
        let form = try await request.form(context)
        let draft = Self.draft(form)
        let version = form.value("versie").flatMap(Int.init)
        return try await VersionedSave.save(staleCode: "meeting_changed", {
            _ = try await service.update(id, with: draft, version: version, actor: context.actor)
            return .redirect(to: "/bijeenkomsten/\(id.lowercasedText)?gedaan=opgeslagen", type: .normal)
        }, form: { errors, status in
            try await render(draft, id: id, version: version, errors: errors, request: request, context: context, status: status)
        })
    }

    /// The names of the date and time fields, in the order the form asks them.
    static let moments = ["begin", "einde", "inschrijvingVanaf", "inschrijvingTot", "annulerenTot"]

    private static func draft(_ form: FormData) -> MeetingDraft {
        /// A date field and a time field make one value; a date without a time is 00:00, and
        /// an empty date leaves the moment empty (a time alone is refused as no date).
        func moment(_ name: String) -> String {
            let date = (form.value("\(name)-datum") ?? "").trimmingCharacters(in: .whitespaces)
            let time = (form.value("\(name)-tijd") ?? "").trimmingCharacters(in: .whitespaces)
            if date.isEmpty { return time.isEmpty ? "" : "T" + time }
            return date + "T" + (time.isEmpty ? "00:00" : time)
        }
        return MeetingDraft(kind: form.value("soort") ?? "", title: form.value("titel") ?? "", description: form.value("beschrijving") ?? "",
                            organiser: form.value("organisator") ?? "", provinces: form.values("provincies"),
                            municipalities: (form.value("gemeenten") ?? "").split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init),
                            audience: form.values("doelgroep"), venue: form.value("locatie") ?? "", onlineLink: form.value("onlineLink") ?? "",
                            startsAt: moment("begin"), endsAt: moment("einde"), capacity: form.value("capaciteit") ?? "",
                            perOrganisation: form.value("maximumPerOrganisatie") ?? "", registrationOpensAt: moment("inschrijvingVanaf"),
                            registrationClosesAt: moment("inschrijvingTot"), cancellationDeadline: moment("annulerenTot"),
                            offerHoldHours: form.value("aanbodGeldigUren") ?? "", visibility: form.value("zichtbaarheid") ?? "", status: form.value("status") ?? "",
                            circle: form.value("leerkring") ?? "")
    }

    private func render(_ draft: MeetingDraft, id: UUID?, version: Int?, errors: [FieldError], request: Request, context: AppContext,
                        status: HTTPResponse.Status? = nil) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let formErrors = FormErrors(errors, t)
        let values = [draft.startsAt, draft.endsAt, draft.registrationOpensAt, draft.registrationClosesAt, draft.cancellationDeadline]
        let fields = zip(Self.moments, values).map { name, value in
            let parts = value.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return TimeField(name: name, label: t.text("field_name_\(name)"), hint: t.text("meeting_hint_\(name)"), date: parts.first ?? "",
                             time: parts.count > 1 ? String(parts[1].prefix(5)) : "", required: name == "begin" || name == "einde", error: formErrors.at[name])
        }
        let organisers = try await service.organiserChoices(for: context.user)
        let circles = CirclePolicy.mayKeep(context.user) ? try await service.store.circleChoices() : []
        let model = Model(
            action: id.map { "/bijeenkomsten/\($0.lowercasedText)" } ?? "/bijeenkomsten", isEdit: id != nil, version: version.map(String.init) ?? "",
            draft: draft, fields: fields, capacity: draft.capacity, perOrganisation: draft.perOrganisation, hold: draft.offerHoldHours,
            kinds: MeetingKind.allCases.map { OptionModel(value: $0.rawValue, label: t.text("meeting_kind_\($0.rawValue)"), selected: $0.rawValue == draft.kind) },
            organisers: organisers.map { OptionModel(value: $0.id, label: $0.name, selected: $0.id == draft.organiser) },
            provinces: Province.allCases.map { province in
                OptionModel(value: province.rawValue, label: province.rawValue, selected: draft.provinces.contains { Province(name: $0) == province })
            },
            audience: OrganisationKind.allCases.map { OptionModel(value: $0.rawValue, label: t.text("kind_\($0.rawValue)"), selected: draft.audience.contains($0.rawValue)) },
            municipalities: draft.municipalities.joined(separator: " "),
            visibilities: [Visibility.signedIn, .publicAccess].map { OptionModel(value: $0.rawValue, label: t.text("meeting_visibility_\($0.rawValue)"), selected: $0.rawValue == draft.visibility) },
            statuses: MeetingStatus.allCases.map { OptionModel(value: $0.rawValue, label: t.text("meeting_status_\($0.rawValue)"), selected: $0.rawValue == draft.status) },
            circles: circles.map { OptionModel(value: $0.id, label: $0.name, selected: UUID(text: $0.id) != nil && UUID(text: $0.id) == UUID(text: draft.circle)) },
            hasCircles: !circles.isEmpty, errors: formErrors)
        return try renderer.render("meeting-form", page: model, title: t.text(id == nil ? "meeting_new" : "meeting_edit"), request: request,
                                   context: context, status: status ?? (errors.isEmpty ? .ok : .badRequest))
    }

    @discardableResult
    private func require(_ context: AppContext) throws -> User {
        let user = try context.requireUser()
        guard MeetingPolicy.mayOrganise(user) else { throw DomainError.forbidden }
        return user
    }
}
