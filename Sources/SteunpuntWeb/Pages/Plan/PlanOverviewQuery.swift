import Foundation
import SteunpuntDomain

/// The national overview's query, read alike by the page and the API: `provincie`,
/// `inwonerklasse`, and for the unit `prioriteit`, `status`, `punt`, `sorteer`, `pagina`.
/// The page ignores the unit's filters for other readers; the API (`strict`) refuses them
/// (`filter_not_allowed`). Every problem at once.
enum PlanOverviewQuery {
    static func read(_ query: Query, plan: Plan, named: Bool, strict: Bool) throws(DomainError) -> (PlanOverview.Filter, PlanOverview.Sort, PageRequest) {
        var v = Validator()
        var filter = PlanOverview.Filter()
        if let text = query.text("provincie") {
            filter.province = Province.allCases.first { $0.slug == text.lowercased() } ?? Province(name: text)
            v.check(filter.province != nil, "provincie", "invalid_province")
        }
        if let text = query.text("inwonerklasse") {
            filter.populationClass = PopulationClass(rawValue: text)
            v.check(filter.populationClass != nil, "inwonerklasse", "invalid_choice")
        }
        var sort = PlanOverview.Sort.name
        let unitOnly = ["prioriteit", "status", "punt", "sorteer"]
        if named {
            if let priority = query.bool("prioriteit", into: &v) { filter.priorityOnly = priority }
            if let text = query.text("status") { filter.status = v.choice(text, "status", "invalid_progress_status", ProgressStatus.init(rawValue:)) }
            if let text = query.text("punt") {
                filter.point = text
                v.check(plan.point(text) != nil, "punt", "unknown_point")
            }
            if let text = query.text("sorteer") { sort = v.choice(text, "sorteer", "invalid_choice", PlanOverview.Sort.init(rawValue:)) ?? .name }
        } else if strict {
            for name in unitOnly where query.text(name) != nil { v.add(name, "filter_not_allowed") }
        }
        let page = query.page(into: &v)
        try v.finish()
        return (filter, sort, page)
    }
}
