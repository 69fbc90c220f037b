import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/programma/maatregelen/{nummer}`: one measure of the action programme: what it is, who
/// is responsible, where it stands, its milestones (late ones said; a research result
/// linked to the toolbox), the measure it is part of or its parts with how far they are,
/// what was reported per quarter, and every version (`?versie=N` shows one as written).
/// Its keepers write the quarter's progress here (`…/voortgang`: every problem at once,
/// what was typed kept) and change the measure on `MeasureFormPage`.
struct MeasurePage {
    let renderer: PageRenderer
    let service: MeasureService

    static func path(_ number: MeasureNumber) -> String { "\(ProgrammePage.path)/maatregelen/\(number.rawValue)" }

    struct Fact { let label: String; let value: String }
    struct MilestoneRow { let title: String; let due: String; let state: String; let stateCode: String; let late: Bool; let note: String; let result: Link? }
    struct Link { let title: String; let href: String }
    struct PartRow { let number: String; let title: String; let href: String; let status: String }
    struct ProgressRow { let period: String; let text: String; let byline: String }
    struct VersionRow { let label: String; let href: String; let current: Bool }

    struct Model {
        let number: String
        let title: String
        let status: String
        let statusCode: String
        let facts: [Fact]
        let description: String
        let parent: Link?
        let parts: [PartRow]
        let hasParts: Bool
        let summary: String
        let milestones: [MilestoneRow]
        let hasMilestones: Bool
        let progress: [ProgressRow]
        let hasProgress: Bool
        let versions: [VersionRow]
        /// The indicators that report on it.
        let indicators: [Link]
        let hasIndicators: Bool
        /// Showing an earlier version: which, and where the current one is.
        let earlier: String?
        let currentHref: String
        let mayKeep: Bool
        let editHref: String
        let progressAction: String
        let periods: [OptionModel]
        let progressText: String
        let notice: String?
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("programma/maatregelen/{nummer}", use: show)
        router.post("programma/maatregelen/{nummer}/voortgang", use: writeProgress)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var version: Int?
        if let text = Query(request: request).text("versie") {
            guard let number = Int(text), number > 0 else { throw DomainError.notFound }
            version = number
        }
        return try await render(version: version, typed: nil, errors: [], request: request, context: context)
    }

    @Sendable func writeProgress(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let number = try context.parameters.require("nummer")
        var request = request
        let form = try await request.form(context)
        let draft = MeasureProgressDraft(period: form.value("periode") ?? "", text: form.value("tekst") ?? "")
        do {
            _ = try await service.writeProgress(number, draft, actor: context.actor)
            return .redirect(to: "\(ProgrammePage.path)/maatregelen/\(number)?gedaan=voortgang#voortgang", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(version: nil, typed: draft, errors: errors, request: request, context: context)
        }
    }

    /// "4e kwartaal 2026".
    static func quarter(_ period: PlanQuarter, _ t: Catalogue) -> String {
        t.text("quarter_label", ["quarter": String(period.quarter), "year": String(period.year)])
    }

    static func day(_ text: String, _ t: Catalogue) -> String { CalendarDay(text).map { t.date($0.start()) } ?? text }

    private func render(version: Int?, typed: MeasureProgressDraft?, errors: [FieldError], request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let view = try await service.read(try context.parameters.require("nummer"), actor: context.actor)
        let measure = version == nil ? view.measure : try await service.version(view.measure.number.rawValue, version: version!, actor: context.actor)
        let today = CalendarDay(of: service.dependencies.now())
        let base = Self.path(view.measure.number)
        var facts = [Fact(label: t.text("measure_owner"), value: view.ownerName), Fact(label: t.text("field_name_ministerie"), value: measure.ministry),
                     Fact(label: t.text("field_name_organisaties"), value: measure.organisations)]
        if !measure.startsOn.isEmpty || !measure.endsOn.isEmpty {
            facts.append(Fact(label: t.text("measure_runs"), value: t.text("measure_runs_line", ["from": measure.startsOn.isEmpty ? "…" : Self.day(measure.startsOn, t),
                                                                                                "until": measure.endsOn.isEmpty ? "…" : Self.day(measure.endsOn, t)])))
        }
        let who = { (id: UUID) in view.names[id] ?? t.text("plan_history_unknown") }
        let periods = (0..<4).reduce(into: [view.currentPeriod]) { list, _ in list.append(list.last!.previous) }
        let chosen = typed?.period ?? view.currentPeriod.description
        let indicators = IndicatorDefinition.all.filter { $0.measures.contains(measure.number) }.map { definition in
            Link(title: t.text("indicator_\(definition.code.rawValue)"), href: "\(IndicatorsPage.path)/\(definition.code.rawValue)")
        }
        let model = Model(
            number: measure.number.rawValue, title: measure.title, status: t.text("measure_status_\(measure.status.rawValue)"), statusCode: measure.status.rawValue,
            facts: facts.filter { !$0.value.isEmpty }, description: measure.description,
            parent: view.parent.map { Link(title: "\($0.number.rawValue). \($0.title)", href: Self.path($0.number)) },
            parts: view.parts.map { PartRow(number: $0.number.rawValue, title: $0.title, href: Self.path($0.number), status: t.text("measure_status_\($0.status.rawValue)")) },
            hasParts: !view.parts.isEmpty,
            summary: ProgrammePage.milestoneLine(view.summary, t)
                + (view.summary.late > 0 ? "; " + t.text("measure_late", ["count": NumberText.format(view.summary.late, t.language)]) : ""),
            milestones: measure.milestones.map { milestone in
                MilestoneRow(title: milestone.title, due: Self.day(milestone.dueOn, t),
                             state: milestone.state == .reached ? t.text("milestone_reached_on", ["day": Self.day(milestone.reachedOn, t)])
                                : t.text("milestone_state_\(milestone.state.rawValue)"),
                             stateCode: milestone.state.rawValue, late: milestone.isLate(today: today), note: milestone.note,
                             result: milestone.result.flatMap { slug in view.results[slug].map { Link(title: $0, href: "/aanbod/\(slug.rawValue)") } })
            },
            hasMilestones: !measure.milestones.isEmpty,
            progress: view.progress.map { ProgressRow(period: Self.quarter($0.period, t), text: $0.text,
                                                      byline: t.text("measure_progress_byline", ["name": who($0.updatedBy), "day": t.dateTime($0.updatedAt)])) },
            hasProgress: !view.progress.isEmpty,
            versions: view.versions.map { entry in
                VersionRow(label: t.text("measure_version_line", ["version": NumberText.format(entry.version, t.language), "day": t.dateTime(entry.at),
                                                                   "name": who(entry.by),
                                                                   "changed": entry.changed.map { t.text("measure_changed_\($0)") }.joined(separator: ", ")]),
                           href: "\(base)?versie=\(entry.version)", current: entry.version == measure.version)
            },
            indicators: indicators, hasIndicators: !indicators.isEmpty,
            earlier: version.map { t.text("measure_earlier", ["version": NumberText.format($0, t.language)]) }, currentHref: base,
            mayKeep: view.mayKeep && version == nil, editHref: "\(base)/bewerken", progressAction: "\(base)/voortgang",
            periods: periods.map { OptionModel(value: $0.description, label: Self.quarter($0, t), selected: $0.description == chosen) },
            progressText: typed?.text ?? view.progress.first { $0.period == view.currentPeriod }?.text ?? "",
            notice: Query(request: request).text("gedaan").flatMap { ["voortgang", "opgeslagen", "toegevoegd"].contains($0) ? t.text("measure_done_\($0)") : nil },
            errors: FormErrors(errors, t))
        return try renderer.render("measure", page: model, title: "\(measure.number.rawValue). \(measure.title)", request: request, context: context,
                                   status: errors.isEmpty ? .ok : .badRequest)
    }
}
