import Foundation
import SwiftCSV

/// Reads an uploaded CSV file as Dutch Excel saves it (with `SwiftCSV`): UTF-8 with or
/// without a byte-order mark, or Windows-1252 when saved as plain "CSV"; the separator
/// guessed from the first row (a semicolon in Dutch Excel, a comma or tab elsewhere);
/// quoted cells with separators, quotes and line breaks. A cell that `CSVExport` guarded
/// with a leading apostrophe reads back without it.
enum CSVImport {
    struct Sheet: Equatable {
        let header: [String]
        let rows: [[String]]
    }

    /// The sheet in `bytes`, or nil when they are not text or not CSV.
    static func read(_ bytes: [UInt8]) -> Sheet? {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard !body.contains(0), let text = String(validating: body, as: UTF8.self) ?? String(data: Data(body), encoding: .windowsCP1252) else { return nil }
        guard let csv = try? EnumeratedCSV(string: text, loadColumns: false) else { return nil }
        func unguard(_ cell: String) -> String {
            guard cell.hasPrefix("'"), let second = cell.dropFirst().first, "=+-@".contains(second) else { return cell }
            return String(cell.dropFirst())
        }
        return Sheet(header: csv.header.map(unguard), rows: csv.rows.map { $0.map(unguard) })
    }
}
