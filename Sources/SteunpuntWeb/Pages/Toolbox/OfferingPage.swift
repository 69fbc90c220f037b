import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/aanbod/{slug}`: one offering at its stable address, readable signed out when it is
/// public; its Markdown rendered without passing HTML. The unit also sees its versions
/// (`/aanbod/{slug}/versies`) and can open each (`/aanbod/{slug}/versies/{n}`).
struct OfferingPage {
    let renderer: PageRenderer
    let service: ToolboxService

    struct Model {
        struct Row { let label: String; let value: String }
        struct VersionRow { let number: Int; let title: String; let changedAt: String; let href: String; let isCurrent: Bool }
        let slug: String
        let title: String
        let summary: String
        let bodyHTML: String
        let facts: [Row]
        let needs: [String]
        let hasNeeds: Bool
        let notice: String?
        let canEdit: Bool
        /// "Ask about this": the request form, filled in with this offering.
        let askHref: String?
        let versions: [VersionRow]
        let showVersions: Bool
        let documents: [DocumentRow]
        let hasDocuments: Bool
        let showDocuments: Bool
        let upload: UploadForm?
        let errors: FormErrors
        let linked: [LinkedRow]
        let hasLinked: Bool
    }

    /// An item linked with this one, either way.
    struct LinkedRow { let title: String; let href: String; let kind: String }

    /// A document as the offering page lists it.
    struct DocumentRow {
        let title: String
        let href: String
        let downloadHref: String
        let format: String
        let size: String
        let restricted: Bool

        init(_ document: OfferingDocument, slug: OfferingSlug, t: Catalogue) {
            title = document.title
            href = "/aanbod/\(slug)/documenten/\(document.id.uppercasedText)"
            downloadHref = href + "/bestand"
            format = t.text("document_format_\(document.file.format.rawValue)")
            size = FileSizeText.text(document.file.size, language: t.language)
            restricted = document.isRestricted
        }
    }

    /// The form to add a document (the unit), with what was typed when it was refused.
    struct UploadForm {
        let title: String
        let visibilities: [OptionModel]
    }

    func register(on router: Router<AppContext>) {
        router.get("aanbod/{slug}", use: show)
        router.get("aanbod/{slug}/versies", use: versions)
        router.get("aanbod/{slug}/versies/{number}", use: version)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let offering = try await service.read(try context.parameters.require("slug"), by: context.user)
        return try await render(offering, notice: nil, versions: [], request: request, context: context)
    }

    @Sendable func versions(_ request: Request, context: AppContext) async throws -> Response {
        guard ToolboxPolicy.mayEdit(context.user) else { throw DomainError.notFound }
        let (offering, versions) = try await service.versions(try context.parameters.require("slug"), by: context.user)
        return try await render(offering, notice: nil, versions: versions, request: request, context: context)
    }

    @Sendable func version(_ request: Request, context: AppContext) async throws -> Response {
        guard ToolboxPolicy.mayEdit(context.user), let number = Int(try context.parameters.require("number")) else { throw DomainError.notFound }
        let (current, versions) = try await service.versions(try context.parameters.require("slug"), by: context.user)
        guard let old = versions.first(where: { $0.offering.version == number }) else { throw DomainError.notFound }
        let t = renderer.catalogue(context.language)
        let notice = number == current.version ? nil
            : t.text("offering_old_version", ["number": String(number), "date": t.dateTime(old.changedAt)])
        return try await render(old.offering, notice: notice, versions: versions, request: request, context: context)
    }

    /// Renders the offering; a refused upload comes back with its `draft` and `errors`.
    func render(_ offering: Offering, notice: String?, versions: [OfferingVersion], upload draft: DocumentDraft? = nil, errors: [FieldError] = [],
                request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let labels = try await ToolboxLabels.make(t, service: service)
        var facts: [Model.Row] = [
            .init(label: t.text("field_name_soort"), value: labels.kind(offering.kind)),
            .init(label: t.text("field_name_status"), value: labels.statusNote(offering)),
            .init(label: t.text("field_name_aanbieder"), value: labels.provider(offering.provider)),
            .init(label: t.text("field_name_doelgroepen"), value: offering.audiences.map(labels.audience).joined(separator: ", ")),
        ]
        if !offering.contact.isEmpty { facts.append(.init(label: t.text("field_name_contact"), value: offering.contact)) }
        let usage = try await service.offerings.usage(offering.id)
        if usage.activities > 0 {
            facts.append(.init(label: t.text("offering_used"), value: t.text("offering_usage", ["activities": String(usage.activities),
                                                                                               "requests": String(usage.requests)])))
        }
        if ToolboxPolicy.mayEdit(context.user) {
            facts.append(.init(label: t.text("field_name_zichtbaarheid"), value: labels.visibility(offering.visibility)))
            facts.append(.init(label: t.text("offering_version"), value: String(offering.version)))
        }
        let slug = offering.slug.rawValue
        let documents = try await service.documents(of: offering, by: context.user)
        let linked = try await service.offerings.linked(offering, reach: ToolboxPolicy.reach(of: context.user))
        let canEdit = ToolboxPolicy.mayEdit(context.user)
        let chosen = draft?.visibility.flatMap(Visibility.init(rawValue:)) ?? offering.visibility
        let upload = canEdit ? UploadForm(title: draft?.title ?? "", visibilities: Visibility.allCases.filter { $0 >= offering.visibility }.map {
            OptionModel(value: $0.rawValue, label: labels.visibility($0), selected: $0 == chosen)
        }) : nil
        let model = Model(
            slug: slug, title: offering.title, summary: offering.summary, bodyHTML: Markdown.html(offering.body), facts: facts,
            needs: offering.needs.map(labels.need), hasNeeds: !offering.needs.isEmpty,
            notice: notice ?? (offering.status == .withdrawn ? t.text("offering_withdrawn_notice") : nil),
            canEdit: ToolboxPolicy.mayEdit(context.user),
            askHref: offering.status == .withdrawn ? nil : AskLink.href(for: context.user, [("aanbod", offering.slug.rawValue)]),
            versions: versions.map { .init(number: $0.offering.version, title: $0.offering.title, changedAt: t.dateTime($0.changedAt),
                                           href: "/aanbod/\(slug)/versies/\($0.offering.version)", isCurrent: $0.offering.version == versions.first?.offering.version) },
            showVersions: !versions.isEmpty,
            documents: documents.map { DocumentRow($0, slug: offering.slug, t: t) }, hasDocuments: !documents.isEmpty,
            showDocuments: canEdit || !documents.isEmpty, upload: upload, errors: FormErrors(errors, t),
            linked: linked.map { LinkedRow(title: $0.title, href: "/aanbod/\($0.slug)", kind: labels.kind($0.kind)) }, hasLinked: !linked.isEmpty)
        return try renderer.render("offering", page: model, title: offering.title, request: request, context: context,
                                   status: errors.isEmpty ? .ok : .badRequest)
    }
}
