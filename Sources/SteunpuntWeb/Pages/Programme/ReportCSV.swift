import Foundation
import SteunpuntDomain

/// Every figure of a progress report with its provenance, as a sheet for Dutch Excel: a row
/// for each figure's whole and one for each part of its breakdown, with the measure it is
/// reported under, the definition and its version, the quarter, when its records were read,
/// whether the quarter was closed, how many records it rests on and the target. A hidden
/// figure is an empty cell marked hidden. Numbers as Dutch Excel reads them (`NumberText`: a comma).
enum ReportCSV {
    static func document(_ snapshot: ReportSnapshot, _ t: Catalogue) -> String {
        let header = ["report_csv_measure", "report_csv_indicator", "report_csv_code", "report_csv_version", "field_name_periode", "indicator_part",
                      "indicator_figure", "report_csv_hidden", "indicator_rests_on", "report_csv_read_at", "report_csv_closed", "indicator_target"].map { t.text($0) }
        let yes = t.text("report_csv_yes"), no = t.text("report_csv_no")
        func number(_ value: Double?) -> String {
            guard let value else { return "" }
            // Whole numbers ungrouped; a decimal as the one formatter writes it for the sheet's language.
            return value.rounded() == value ? String(Int(value)) : NumberText.decimal(value, t.language)
        }
        var rows: [[String]] = []
        for section in snapshot.sections {
            for figure in section.figures {
                let name = t.text("indicator_\(figure.code)")
                let common = { (part: String, value: Double?, restsOn: String, target: String) -> [String] in
                    [section.number, name, figure.code, String(figure.definitionVersion), figure.period, part, number(value), value == nil ? yes : no, restsOn,
                     AmsterdamTime.local(figure.readAt), figure.closed ? yes : no, target]
                }
                rows.append(common(t.text("report_csv_whole"), figure.value, figure.restsOn.map(String.init) ?? "", number(figure.target)))
                for cell in figure.cells {
                    rows.append(common(cell.label ?? IndicatorsPage.partLabel(figure.breakdown, cell.key, names: [:], t), cell.value, "", ""))
                }
            }
        }
        return CSVExport.document(header: header, rows: rows)
    }

    static func filename(_ snapshot: ReportSnapshot) -> String { "voortgangsrapportage-\(snapshot.period)-cijfers.csv" }
}
