import Foundation
import SteunpuntDomain

/// A progress report as the pages read it, from its snapshot (composed now for a draft,
/// stored for a published one): a table of contents, the introduction, a section per
/// measure (status, milestones, the quarter's progress, its indicators as tables with
/// their provenance) and the annex of every measure. One model for the work page and the
/// public page, so what is reviewed is what is published.
struct ReportBody {
    struct Milestone { let title: String; let due: String; let state: String; let reached: String }
    struct Cell { let label: String; let value: String }
    struct Figure {
        let id: String
        let name: String
        let value: String
        let target: String?
        let provenance: String
        let breakdown: String
        let cells: [Cell]
        let hasCells: Bool
        /// The breakdown drawn (two parts or more), beside its table.
        let chart: String?
    }
    struct Section {
        let anchor: String
        let heading: String
        let status: String
        let owner: String
        let milestoneLine: String
        let milestones: [Milestone]
        let hasMilestones: Bool
        let progress: String
        let hasProgress: Bool
        let figures: [Figure]
        let hasFigures: Bool
    }
    struct AnnexRow { let number: String; let title: String; let status: String; let owner: String; let ministry: String; let runs: String; let milestones: String }

    let title: String
    let period: String
    let introduction: String
    let composed: String
    let sections: [Section]
    let annex: [AnnexRow]

    init(_ snapshot: ReportSnapshot, _ t: Catalogue) {
        title = snapshot.title
        period = PlanQuarter(snapshot.period).map { MeasurePage.quarter($0, t) } ?? snapshot.period
        introduction = snapshot.introduction
        composed = t.text("report_composed", ["day": t.dateTime(snapshot.composedAt)])
        func day(_ text: String) -> String { text.isEmpty ? "" : MeasurePage.day(text, t) }
        func milestones(reached: Int, total: Int) -> String {
            total == 0 ? t.text("measure_no_milestones")
                : t.text("measure_milestones_line", ["reached": NumberText.format(reached, t.language), "total": NumberText.format(total, t.language)])
        }
        sections = snapshot.sections.map { section in
            let figures = section.figures.map { figure -> Figure in
                let aggregate = IndicatorAggregate(rawValue: figure.aggregate) ?? .records
                var provenance = [t.text("report_figure_definition", ["version": NumberText.format(figure.definitionVersion, t.language)]),
                                  figure.closed ? t.text("indicator_frozen", ["day": t.dateTime(figure.readAt)]) : t.text("indicator_live", ["day": t.dateTime(figure.readAt)])]
                if let restsOn = figure.restsOn { provenance.append(t.text("report_figure_records", ["count": NumberText.format(restsOn, t.language)])) }
                let id = "cijfer-\(section.number)-\(figure.code)", name = t.text("indicator_\(figure.code)")
                let labels = figure.cells.map { $0.label ?? IndicatorsPage.partLabel(figure.breakdown, $0.key, names: [:], t) }
                let chart = figure.cells.count < 2 ? nil : RowChart(
                    id: "\(id)-grafiek", title: t.text("report_chart_title", ["name": name, "breakdown": t.text("indicator_by_\(figure.breakdown)").lowercased()]),
                    description: t.text("report_chart_description"), labels: labels, values: figure.cells.map(\.value),
                    number: { IndicatorsPage.figure(aggregate, $0, t) }).svg
                return Figure(id: id, name: name,
                              value: IndicatorsPage.figure(aggregate, figure.value, t),
                              target: figure.target.map { t.text("report_figure_target", ["target": IndicatorsPage.figure(aggregate, $0, t)]) },
                              provenance: provenance.joined(separator: " · "), breakdown: t.text("indicator_by_\(figure.breakdown)"),
                              cells: zip(labels, figure.cells).map { Cell(label: $0, value: IndicatorsPage.figure(aggregate, $1.value, t)) },
                              hasCells: !figure.cells.isEmpty, chart: chart)
            }
            return Section(anchor: "maatregel-\(section.number)", heading: t.text("report_section_heading", ["number": section.number, "title": section.title]),
                           status: t.text("measure_status_\(section.status)"), owner: section.owner,
                           milestoneLine: milestones(reached: section.milestonesReached, total: section.milestonesTotal),
                           milestones: section.milestones.map { Milestone(title: $0.title, due: day($0.dueOn), state: t.text("milestone_state_\($0.state)"), reached: day($0.reachedOn)) },
                           hasMilestones: !section.milestones.isEmpty, progress: section.progress, hasProgress: !section.progress.isEmpty,
                           figures: figures, hasFigures: !figures.isEmpty)
        }
        annex = snapshot.annex.map { row in
            AnnexRow(number: row.number, title: row.title, status: t.text("measure_status_\(row.status)"), owner: row.owner, ministry: row.ministry,
                     runs: [day(row.startsOn), day(row.endsOn)].filter { !$0.isEmpty }.joined(separator: " – "),
                     milestones: milestones(reached: row.milestonesReached, total: row.milestonesTotal))
        }
    }
}
