import Foundation
import Hummingbird
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
        let versions: [VersionRow]
        let showVersions: Bool
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
            : t.text("offering_old_version", ["number": String(number), "date": DateText.dateTime(old.changedAt)])
        return try await render(old.offering, notice: notice, versions: versions, request: request, context: context)
    }

    private func render(_ offering: Offering, notice: String?, versions: [OfferingVersion], request: Request, context: AppContext) async throws -> Response {
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
        let model = Model(
            slug: slug, title: offering.title, summary: offering.summary, bodyHTML: Markdown.html(offering.body), facts: facts,
            needs: offering.needs.map(labels.need), hasNeeds: !offering.needs.isEmpty,
            notice: notice ?? (offering.status == .withdrawn ? t.text("offering_withdrawn_notice") : nil),
            canEdit: ToolboxPolicy.mayEdit(context.user),
            versions: versions.map { .init(number: $0.offering.version, title: $0.offering.title, changedAt: DateText.dateTime($0.changedAt),
                                           href: "/aanbod/\(slug)/versies/\($0.offering.version)", isCurrent: $0.offering.version == versions.first?.offering.version) },
            showVersions: !versions.isEmpty)
        return try renderer.render("offering", page: model, title: offering.title, request: request, context: context)
    }
}
