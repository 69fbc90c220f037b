import Foundation

/// A heat matrix drawn on the server as SVG: a row per group (a province), a column per
/// point, each cell coloured by its share (the tables' palette) with the percentage written
/// in it, so it reads without the colour. A title and a description name it; the page puts
/// the same figures beside it as a table. A hidden cell is white with "–".
struct HeatMatrix {
    struct Row {
        let label: String
        /// Per column: the share (0…1) and its text; nil share when hidden.
        let cells: [(share: Double?, text: String)]
    }

    let id: String
    let title: String
    let description: String
    let columns: [String]
    let rows: [Row]

    static let labelWidth = 150
    static let cellWidth = 58
    static let cellHeight = 34
    static let headerHeight = 30

    var svg: String {
        let width = Self.labelWidth + columns.count * Self.cellWidth, height = Self.headerHeight + rows.count * Self.cellHeight
        var out = "<svg class=\"heat-matrix\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title id=\"\(id)-t\">\(RadarChart.escape(title))</title><desc id=\"\(id)-d\">\(RadarChart.escape(description))</desc>"
        for (index, column) in columns.enumerated() {
            let x = Self.labelWidth + index * Self.cellWidth + Self.cellWidth / 2
            out += "<text x=\"\(x)\" y=\"\(Self.headerHeight - 10)\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"700\" fill=\"#1f2937\">\(RadarChart.escape(column))</text>"
        }
        for (rowIndex, row) in rows.enumerated() {
            let y = Self.headerHeight + rowIndex * Self.cellHeight
            out += "<text x=\"\(Self.labelWidth - 8)\" y=\"\(y + Self.cellHeight / 2 + 5)\" text-anchor=\"end\" font-size=\"15\" fill=\"#1f2937\">\(RadarChart.escape(row.label))</text>"
            for (index, cell) in row.cells.enumerated() {
                let x = Self.labelWidth + index * Self.cellWidth
                let heat = cell.share.map(ProvinceTileMap.heat)
                let fill = heat.map { ProvinceTileMap.fills[$0] } ?? "#ffffff", ink = heat.map { ProvinceTileMap.inks[$0] } ?? "#374151"
                out += "<rect x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(Self.cellWidth - 2)\" height=\"\(Self.cellHeight - 2)\" fill=\"\(fill)\" stroke=\"#9ca3af\" stroke-width=\"1\"/>"
                out += "<text x=\"\(x + Self.cellWidth / 2)\" y=\"\(y + Self.cellHeight / 2 + 5)\" text-anchor=\"middle\" font-size=\"14\" fill=\"\(ink)\">\(RadarChart.escape(cell.text))</text>"
            }
        }
        return out + "</svg>"
    }
}
