import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/vragen`: the knowledge base's frequently asked questions the reader may see, grouped
/// by need, each opening in place (`<details>`, no script) with its short answer and a
/// link to the whole answer. Searching them goes to `/zoeken` with the kind set.
struct QuestionsPage {
    let renderer: PageRenderer
    let service: ToolboxService

    struct Model {
        struct Question { let title: String; let answer: String; let href: String }
        struct Group { let heading: String; let id: String; let questions: [Question] }
        let groups: [Group]
        let hasQuestions: Bool
        let kind: String
        let more: Bool
    }

    func register(on router: Router<AppContext>) {
        router.get("vragen", use: show)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let labels = try await ToolboxLabels.make(t, service: service)
        let page = try await service.search(OfferingFilter(kind: .question), page: PageRequest(size: PageRequest.maximumSize), by: context.user)
        var byNeed: [NeedCode?: [Offering]] = [:]
        for question in page.items {
            if question.needs.isEmpty { byNeed[nil, default: []].append(question) }
            for need in question.needs { byNeed[need, default: []].append(question) }
        }
        let order = byNeed.keys.sorted { a, b in
            guard let a else { return false }
            guard let b else { return true }
            return labels.need(a) < labels.need(b)
        }
        let groups = order.map { need in
            Model.Group(heading: need.map(labels.need) ?? t.text("questions_general"), id: "vragen-" + (need?.rawValue ?? "algemeen"),
                        questions: (byNeed[need] ?? []).map { Model.Question(title: $0.title, answer: $0.summary, href: "/aanbod/\($0.slug)") })
        }
        let model = Model(groups: groups, hasQuestions: !groups.isEmpty, kind: OfferingKind.question.rawValue,
                          more: page.total > page.items.count)
        return try renderer.render("questions", page: model, title: t.text("questions_title"), request: request, context: context)
    }
}
