import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// An offering's documents in the pages. `/aanbod/{slug}/documenten/{id}` shows a document
/// with every version of its file; `…/bestand` and `…/versies/{n}/bestand` download a
/// file (audited when the document is restricted). The unit uploads on the offering page
/// (`POST /aanbod/{slug}/documenten`) and replaces a file here (`POST …/{id}`), both as
/// `multipart/form-data`; a refused file comes back with every problem listed.
struct DocumentPage {
    let renderer: PageRenderer
    let service: ToolboxService
    let offeringPage: OfferingPage

    struct Model {
        struct Row { let label: String; let value: String }
        struct VersionRow { let number: Int; let fileName: String; let size: String; let uploadedAt: String; let sha256: String; let href: String; let isCurrent: Bool }
        let offeringTitle: String
        let offeringHref: String
        let title: String
        let downloadHref: String
        let facts: [Row]
        let sha256: String
        let versions: [VersionRow]
        let canEdit: Bool
        let action: String
        let version: Int
        let formTitle: String
        let visibilities: [OptionModel]
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.post("aanbod/{slug}/documenten", use: add)
        router.get("aanbod/{slug}/documenten/{id}", use: show)
        router.post("aanbod/{slug}/documenten/{id}", use: replace)
        router.get("aanbod/{slug}/documenten/{id}/bestand", use: download)
        router.get("aanbod/{slug}/documenten/{id}/versies/{number}/bestand", use: downloadVersion)
    }

    @Sendable func add(_ request: Request, context: AppContext) async throws -> Response {
        guard ToolboxPolicy.mayEdit(context.user) else { throw DomainError.notFound }
        var request = request
        let draft = DocumentDraft(try await request.multipart(context))
        let slug = try context.parameters.require("slug")
        do {
            let document = try await service.addDocument(slug, draft, by: context.user, actor: context.actor)
            return .redirect(to: "/aanbod/\(slug)/documenten/\(document.id.uppercasedText)", type: .normal)
        } catch DomainError.invalid(let errors) {
            let offering = try await service.read(slug, by: context.user)
            return try await offeringPage.render(offering, notice: nil, versions: [], upload: draft, errors: errors, request: request, context: context)
        }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await render(draft: nil, errors: [], request: request, context: context)
    }

    @Sendable func replace(_ request: Request, context: AppContext) async throws -> Response {
        guard ToolboxPolicy.mayEdit(context.user) else { throw DomainError.notFound }
        var request = request
        let form = try await request.multipart(context)
        let draft = DocumentDraft(form)
        let slug = try context.parameters.require("slug")
        let id = try context.parameters.require("id")
        do {
            _ = try await service.replaceDocument(slug, id, version: form.value("versie").flatMap { Int($0) }, draft, by: context.user, actor: context.actor)
            return .redirect(to: "/aanbod/\(slug)/documenten/\(id)", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(draft: draft, errors: errors, request: request, context: context)
        } catch DomainError.conflict(let code) {
            return try await render(draft: draft, errors: [FieldError(field: "bestand", code: code)], request: request, context: context, status: .conflict)
        }
    }

    @Sendable func download(_ request: Request, context: AppContext) async throws -> Response {
        try await DocumentDownload.serve(service, version: nil, request: request, context: context)
    }

    @Sendable func downloadVersion(_ request: Request, context: AppContext) async throws -> Response {
        guard let version = Int(try context.parameters.require("number")) else { throw DomainError.notFound }
        return try await DocumentDownload.serve(service, version: version, request: request, context: context)
    }

    private func render(draft: DocumentDraft?, errors: [FieldError], request: Request, context: AppContext,
                        status: HTTPResponse.Status? = nil) async throws -> Response {
        let (offering, document, versions) = try await service.documentVersions(try context.parameters.require("slug"),
                                                                                try context.parameters.require("id"), by: context.user)
        let t = renderer.catalogue(context.language)
        let labels = try await ToolboxLabels.make(t, service: service)
        let base = "/aanbod/\(offering.slug)/documenten/\(document.id.uppercasedText)"
        let file = document.file
        let chosen = draft?.visibility.flatMap(Visibility.init(rawValue:)) ?? document.visibility
        let model = Model(
            offeringTitle: offering.title, offeringHref: "/aanbod/\(offering.slug)", title: document.title, downloadHref: base + "/bestand",
            facts: [
                .init(label: t.text("document_file_name"), value: file.fileName),
                .init(label: t.text("document_format"), value: t.text("document_format_\(file.format.rawValue)")),
                .init(label: t.text("document_size"), value: FileSizeText.text(file.size, language: context.language)),
                .init(label: t.text("offering_version"), value: String(file.version)),
                .init(label: t.text("document_uploaded_at"), value: t.dateTime(file.uploadedAt)),
                .init(label: t.text("field_name_zichtbaarheid"), value: labels.visibility(document.visibility)),
            ],
            sha256: file.sha256,
            versions: versions.map {
                .init(number: $0.version, fileName: $0.fileName, size: FileSizeText.text($0.size, language: context.language),
                      uploadedAt: t.dateTime($0.uploadedAt), sha256: String($0.sha256.prefix(12)),
                      href: $0.version == file.version ? base + "/bestand" : base + "/versies/\($0.version)/bestand", isCurrent: $0.version == file.version)
            },
            canEdit: ToolboxPolicy.mayEdit(context.user), action: base, version: document.version,
            formTitle: draft?.title ?? document.title,
            visibilities: Visibility.allCases.filter { $0 >= offering.visibility }.map {
                OptionModel(value: $0.rawValue, label: labels.visibility($0), selected: $0 == chosen)
            },
            errors: FormErrors(errors, t))
        return try renderer.render("document", page: model, title: document.title, request: request, context: context,
                                   status: status ?? (errors.isEmpty ? .ok : .badRequest))
    }

}

/// A file size as people read it: "820 bytes", "14 kB", "1,2 MB" (Dutch decimal comma).
enum FileSizeText {
    static func text(_ bytes: Int, language: Language) -> String {
        if bytes < 1000 { return "\(bytes) bytes" }
        if bytes < 1_000_000 { return "\((bytes + 500) / 1000) kB" }
        let tenths = (bytes + 50_000) / 100_000
        let separator = language == .dutch ? "," : "."
        return "\(tenths / 10)\(separator)\(tenths % 10) MB"
    }
}
