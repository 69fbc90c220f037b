import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/hulpvragen/nieuw`: filing a request. A municipality or school files for itself and
/// picks the desk; a desk agent or the unit's coordinator files on behalf of a
/// municipality or school, picked by name, and records how it came in. Opened from an
/// offering (`?aanbod=`) or a search that found nothing (`?zoek=`), the form starts
/// filled in with what is already known.
struct RequestFormPage {
    let renderer: PageRenderer
    let service: RequestService
    let choices: NameChoices

    struct Model {
        let filesForItself: Bool
        let title: String
        let description: String
        let requester: String
        let municipality: String
        let contact: String
        /// What a desk picks from (labels such as "Zoetermeer (GM0637)").
        let requesterChoices: [String]
        let municipalityChoices: [String]
        let needs: [OptionModel]
        let channels: [OptionModel]
        let urgencies: [OptionModel]
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("hulpvragen/nieuw", use: form)
        router.post("hulpvragen", use: create)
    }

    @Sendable func form(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard RequestPolicy.mayFile(user) else { throw DomainError.forbidden }
        let query = Query(request: request)
        var draft = RequestDraft(title: "", description: "", requester: query.text("aanvrager") ?? "", municipality: "",
                                 needs: [], channel: "", urgency: Urgency.normal.rawValue)
        let t = renderer.catalogue(context.language)
        if let slug = query.text("aanbod").flatMap(OfferingSlug.init),
           let offering = try await service.offerings.get(slug, reach: ToolboxPolicy.reach(of: user)) {
            draft.title = t.text("request_prefill_offering_title", ["title": offering.title])
            draft.needs = offering.needs.map(\.rawValue)
        } else if let words = query.text("zoek"), !words.isEmpty {
            draft.title = String(words.prefix(150))
            draft.description = t.text("request_prefill_search_description", ["words": words])
        }
        return try await render(draft, errors: [], user: user, request: request, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard RequestPolicy.mayFile(user) else { throw DomainError.forbidden }
        var request = request
        let form = try await request.form(context)
        let draft = RequestDraft(title: form.value("titel") ?? "", description: form.value("omschrijving") ?? "",
                                 requester: try await choices.organisation(from: form.value("aanvrager") ?? "", kinds: Self.requesterKinds),
                                 municipality: try await choices.municipality(from: form.value("gemeente") ?? ""),
                                 needs: form.values("behoeften"), channel: form.value("kanaal") ?? "",
                                 urgency: form.value("urgentie").flatMap { $0.isEmpty ? nil : $0 } ?? Urgency.normal.rawValue,
                                 preferredContact: form.value("contactvoorkeur") ?? "")
        do {
            let filed = try await service.file(draft, by: user, actor: context.actor)
            return .redirect(to: "/hulpvragen/\(filed.id.lowercasedText)?ingediend=1", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(draft, errors: errors, user: user, request: request, context: context)
        }
    }

    private func render(_ draft: RequestDraft, errors: [FieldError], user: User, request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let labels = RequestLabels.make(t, needs: try await service.needs.all())
        let filesForItself = user.role == .municipalOfficial || user.role == .schoolStaff
        let channels = filesForItself ? RequestChannel.workspaceChannels.filter { user.role == .schoolStaff || $0 != .schoolHelpdesk }
            : RequestChannel.allCases
        let requesters = filesForItself ? [] : try await choices.organisations(kinds: Self.requesterKinds)
        let municipalities = filesForItself ? [] : try await choices.municipalities()
        let model = Model(
            filesForItself: filesForItself, title: draft.title, description: draft.description,
            requester: NamedChoice.label(of: draft.requester, among: requesters),
            municipality: NamedChoice.label(of: draft.municipality, among: municipalities), contact: draft.preferredContact,
            requesterChoices: requesters.map(\.label), municipalityChoices: municipalities.map(\.label),
            needs: labels.needs.values.sorted { $0.code.rawValue < $1.code.rawValue }
                .map { OptionModel(value: $0.code.rawValue, label: labels.need($0.code), selected: draft.needs.contains($0.code.rawValue)) },
            channels: channels.map { OptionModel(value: $0.rawValue, label: labels.channel($0), selected: $0.rawValue == draft.channel) },
            urgencies: Urgency.allCases.map { OptionModel(value: $0.rawValue, label: labels.urgency($0), selected: $0.rawValue == draft.urgency) },
            errors: FormErrors(errors, t))
        return try renderer.render("request-form", page: model, title: t.text("request_new"), request: request, context: context,
                                   status: errors.isEmpty ? .ok : .badRequest)
    }

    /// Whom a desk files for.
    static let requesterKinds: Set<OrganisationKind> = [.municipality, .school]
}
