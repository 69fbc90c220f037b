import Foundation
import SteunpuntDomain

/// A progress report as an OpenDocument Text file (issue 22, part 7), from the same model
/// as its pages (`ReportBody`), so the file says what the page says: title, quarter and
/// state (published with the SHA-256 of the stored report, or composed when), a table of
/// contents, the introduction, a section per measure on a page of its own (status, owner,
/// milestones, the quarter's progress, each figure with its provenance, its breakdown drawn
/// and as a table) and the annex. The file of a published report is made from the stored
/// snapshot and dated at its publication: the same bytes on every download. LibreOffice
/// turns it into PDF (`soffice --headless --convert-to pdf`).
enum ReportODT {
    static func document(_ snapshot: ReportSnapshot, report: ProgressReport, _ t: Catalogue) throws -> Data {
        let body = ReportBody(snapshot, t)
        var file = ODTDocument(title: body.title, language: t.language, created: report.publishedAt ?? snapshot.composedAt)
        file.title(body.title)
        file.subtitle(t.text("report_heading", ["quarter": body.period]))
        if report.status == .published, let day = report.publishedAt, let sha = report.sha256 {
            file.paragraph(t.text("report_state_published", ["day": t.dateTime(day), "sha": sha]), hint: true)
        } else {
            file.paragraph("\(ReportsPage.statusLabel(report.status, t)). \(body.composed)", hint: true)
        }
        file.contents(t.text("report_contents"), entries: [t.text("report_introduction")] + body.sections.map(\.heading) + [t.text("report_annex")])
        file.heading(t.text("report_introduction"), level: 1, newPage: true)
        file.prose(body.introduction)
        for section in body.sections {
            file.heading(section.heading, level: 1, newPage: true)
            file.paragraph([("field_name_status", section.status), ("measure_owner", section.owner), ("report_milestones", section.milestoneLine)]
                .map { "\(t.text($0.0)): \($0.1)" }.joined(separator: " · "))
            if section.hasMilestones {
                file.table(caption: t.text("report_milestones"),
                           header: ["report_milestone", "report_milestone_due", "field_name_status", "report_milestone_reached"].map { t.text($0) },
                           rows: section.milestones.map { [$0.title, $0.due, $0.state, $0.reached] })
            }
            file.heading(t.text("report_progress"), level: 2)
            if section.hasProgress { file.prose(section.progress) } else { file.paragraph(t.text("report_no_progress")) }
            guard section.hasFigures else { continue }
            file.heading(t.text("report_figures"), level: 2)
            for figure in section.figures {
                file.heading("\(figure.name): \(figure.value)" + (figure.target.map { " (\($0))" } ?? ""), level: 3)
                file.paragraph(figure.provenance, hint: true)
                if let chart = figure.chart {
                    file.picture(svg: chart, viewBox: (RowChart.width, RowChart.height(rows: figure.cells.count)), width: 15,
                                 title: "\(figure.name): \(figure.breakdown)", description: t.text("report_chart_description"))
                }
                if figure.hasCells {
                    file.table(caption: "\(figure.name): \(figure.breakdown)", header: [t.text("indicator_part"), t.text("indicator_figure")],
                               rows: figure.cells.map { [$0.label, $0.value] })
                }
            }
        }
        file.heading(t.text("report_annex"), level: 1, newPage: true)
        file.table(caption: t.text("report_annex_caption"),
                   header: ["field_name_nummer", "field_name_titel", "field_name_status", "measure_owner", "field_name_ministerie", "report_runs",
                            "report_milestones"].map { t.text($0) },
                   rows: body.annex.map { [$0.number, $0.title, $0.status, $0.owner, $0.ministry, $0.runs, $0.milestones] })
        file.paragraph(body.composed, hint: true)
        return try file.data()
    }

    static func filename(_ snapshot: ReportSnapshot) -> String { "voortgangsrapportage-\(snapshot.period).odt" }
}
