import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/zoeken?q=…` and `/aanbod`: the toolbox, searched in Dutch and filtered. Visitors find
/// what is public; signed-in users also what they may read. Without hits the page says so
/// and suggests what to try next.
struct ToolboxSearchPage {
    let renderer: PageRenderer
    let service: ToolboxService

    struct Model {
        struct Hit {
            let slug: String; let title: String; let kind: String; let status: String; let provider: String; let audiences: String
            let parts: [Snippet.Part]
        }
        struct Suggestion { let label: String; let href: String }
        let query: String
        let kinds: [OptionModel]
        let audiences: [OptionModel]
        let needs: [OptionModel]
        let providers: [OptionModel]
        let statuses: [OptionModel]
        let hits: [Hit]
        let hasResults: Bool
        let resultCaption: String
        let suggestions: [Suggestion]
        /// Found nothing: ask the question instead, the form filled in with the words.
        let askHref: String?
        let pagination: PaginationModel?
        let canEdit: Bool
        let errors: FormErrors
    }

    /// The passage shown with each hit: from its own text, or, when only a document
    /// matched, from that document (named), read for the page's hits in one query.
    static func snippets(_ offerings: [Offering], text: String, service: ToolboxService, user: User?,
                         t: Catalogue) async throws -> [(Offering, [Snippet.Part])] {
        guard !text.isEmpty else { return offerings.map { ($0, [Snippet.Part(text: $0.summary, isMatch: false)]) } }
        let own = offerings.map { Snippet(text: $0.summary + " " + Markdown.plainText($0.body), query: text) }
        let unmatched = zip(offerings, own).filter { !$1.matched }.map(\.0.id)
        let documents = unmatched.isEmpty ? [:] : try await service.documents.texts(of: unmatched, reach: ToolboxPolicy.reach(of: user))
        return zip(offerings, own).map { offering, snippet in
            guard !snippet.matched else { return (offering, snippet.parts) }
            for document in documents[offering.id] ?? [] {
                let inDocument = Snippet(text: document.text, query: text)
                if inDocument.matched {
                    return (offering, [Snippet.Part(text: t.text("toolbox_in_document", ["title": document.title]) + " ", isMatch: false)] + inDocument.parts)
                }
            }
            return (offering, snippet.parts)
        }
    }

    func register(on router: Router<AppContext>) {
        router.get("zoeken", use: search)
        router.get("aanbod", use: search)
    }

    @Sendable func search(_ request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let query = Query(request: request)
        var v = Validator()
        let filter = ToolboxQuery.filter(query, into: &v)
        let pageRequest = PageRequest(number: query.page(into: &v).number, size: 20)
        let page = v.errors.isEmpty ? try await service.search(filter, page: pageRequest, by: context.user) : Page<Offering>(items: [], total: 0, request: pageRequest)
        let labels = try await ToolboxLabels.make(t, service: service)
        let text = filter.text ?? ""
        let hits = try await Self.snippets(page.items, text: text, service: service, user: context.user, t: t).map { offering, parts in
            Model.Hit(slug: offering.slug.rawValue, title: offering.title, kind: labels.kind(offering.kind), status: labels.statusNote(offering),
                      provider: labels.provider(offering.provider), audiences: offering.audiences.map(labels.audience).joined(separator: ", "),
                      parts: parts)
        }
        let model = Model(
            query: text,
            kinds: OfferingKind.allCases.map { OptionModel(value: $0.rawValue, label: labels.kind($0), selected: $0 == filter.kind) },
            audiences: Audience.allCases.map { OptionModel(value: $0.rawValue, label: labels.audience($0), selected: $0 == filter.audience) },
            needs: labels.needs.values.filter(\.isActive).sorted { $0.code < $1.code }
                .map { OptionModel(value: $0.code.rawValue, label: labels.need($0.code), selected: $0.code == filter.need) },
            providers: labels.providers.sorted { $0.value < $1.value }
                .map { OptionModel(value: $0.key.rawValue, label: $0.value, selected: $0.key == filter.provider) },
            statuses: OfferingStatus.allCases.map { OptionModel(value: $0.rawValue, label: labels.status($0), selected: $0 == filter.status) },
            hits: hits, hasResults: !hits.isEmpty,
            resultCaption: t.text("toolbox_results", ["count": NumberText.total(page, context.language)]),
            suggestions: page.items.isEmpty && v.errors.isEmpty ? suggestions(filter, t) : [],
            askHref: page.items.isEmpty && v.errors.isEmpty ? AskLink.href(for: context.user, text.isEmpty ? [] : [("zoek", text)]) : nil,
            pagination: PaginationModel(page, request: request, catalogue: t),
            canEdit: ToolboxPolicy.mayEdit(context.user),
            errors: FormErrors(v.errors, t))
        let title = text.isEmpty ? t.text("toolbox_title") : t.text("toolbox_search_title", ["query": text])
        return try renderer.render("toolbox", page: model, title: title, request: request, context: context, status: v.errors.isEmpty ? .ok : .badRequest)
    }

    /// What to try when nothing matched: without the filters, one word at a time, a
    /// word's beginning, or everything.
    private func suggestions(_ filter: OfferingFilter, _ t: Catalogue) -> [Model.Suggestion] {
        var result: [Model.Suggestion] = []
        let text = filter.text ?? ""
        func link(_ q: String) -> String { "/zoeken?" + Query.encode([("q", q)]) }
        if !filter.isEmpty, !text.isEmpty { result.append(.init(label: t.text("toolbox_suggest_no_filters", ["query": text]), href: link(text))) }
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.count > 1 {
            for word in words.prefix(4) { result.append(.init(label: t.text("toolbox_suggest_word", ["word": word]), href: link(word))) }
        } else if let word = words.first, !word.hasSuffix("*"), word.count > 3 {
            let stem = String(word.prefix(max(3, word.count - 2)))
            result.append(.init(label: t.text("toolbox_suggest_prefix", ["word": stem + "*"]), href: link(stem + "*")))
        }
        result.append(.init(label: t.text("toolbox_suggest_all"), href: "/aanbod"))
        return result
    }
}
