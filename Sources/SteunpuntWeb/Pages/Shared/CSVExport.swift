import Foundation
import Hummingbird

/// CSV that opens correctly in Dutch Excel: UTF-8 with a byte-order mark, semicolons,
/// CRLF line ends, quoted where needed. A cell that starts with `=`, `+`, `-` or `@` gets a
/// leading apostrophe, so a name can never run as a formula (CSV injection).
enum CSVExport {
    static func document(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(cell).joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
    }

    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        if text.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            text = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    /// Whether an API client asks for the CSV rather than JSON (`Accept: text/csv`).
    static func isAsked(_ request: Request) -> Bool {
        request.headers[.accept]?.lowercased().contains("text/csv") == true
    }

    static func response(_ csv: String, filename: String) -> Response {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes.append(contentsOf: Array(csv.utf8))
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"\(filename)\"",
        ], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
