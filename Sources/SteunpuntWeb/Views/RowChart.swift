import Foundation

/// A horizontal bar chart as inline SVG, drawn on the server (a figure's breakdown in a
/// progress report): one row per part with its name on the left, so long names (provinces,
/// the plan's points) stay readable; its figure after the bar; a hidden figure an outlined
/// empty bar marked "–" (never zero). It carries a title and a description and names its
/// font, so it reads the same standing alone (in an ODT file); the page shows
/// the same figures as a table beside it.
struct RowChart {
    /// Unique on the page: names the title and description.
    let id: String
    let title: String
    let description: String
    let labels: [String]
    /// Nil when the figure is hidden.
    let values: [Double?]
    /// Writes a figure as the page's language does.
    let number: (Double) -> String

    /// Narrow enough that a phone shows its words near their size (the page scales it to fit).
    static let width = 440.0
    static let labelWidth = 170.0
    static let rowHeight = 26.0
    static let barHeight = 16.0
    static let valueRoom = 60.0

    /// The height of the view box for `rows` parts (its width is `width`).
    static func height(rows: Int) -> Double { Double(rows) * rowHeight + 8 }

    var svg: String {
        let maximum = max(values.compactMap { $0 }.max() ?? 0, 1)
        let plot = Self.width - Self.labelWidth - Self.valueRoom
        let height = Self.height(rows: labels.count)
        let f = BarChart.format
        var out = "<svg class=\"row-chart\" viewBox=\"0 0 \(Int(Self.width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" font-family=\"Liberation Sans, Arial, Helvetica, sans-serif\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title id=\"\(id)-t\">\(RadarChart.escape(title))</title><desc id=\"\(id)-d\">\(RadarChart.escape(description))</desc>"
        for (index, label) in labels.enumerated() {
            let top = 4 + Double(index) * Self.rowHeight
            let middle = f(top + Self.rowHeight / 2)
            let shown = label.count > 26 ? String(label.prefix(25)) + "…" : label
            out += "<text x=\"\(f(Self.labelWidth - 8))\" y=\"\(middle)\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"12\" fill=\"#1f2937\">\(RadarChart.escape(shown))</text>"
            let barTop = f(top + (Self.rowHeight - Self.barHeight) / 2)
            if let value = index < values.count ? values[index] : nil {
                let length = plot * value / maximum
                if length > 0 {
                    out += "<rect class=\"bar\" x=\"\(f(Self.labelWidth))\" y=\"\(barTop)\" width=\"\(f(length))\" height=\"\(f(Self.barHeight))\" fill=\"#154273\"/>"
                }
                out += "<text x=\"\(f(Self.labelWidth + length + 6))\" y=\"\(middle)\" dominant-baseline=\"middle\" font-size=\"12\" fill=\"#1f2937\">\(RadarChart.escape(number(value)))</text>"
            } else {
                out += "<rect class=\"bar-hidden\" x=\"\(f(Self.labelWidth))\" y=\"\(barTop)\" width=\"24\" height=\"\(f(Self.barHeight))\" fill=\"none\" stroke=\"#6b7280\" stroke-dasharray=\"4 3\"/>"
                out += "<text x=\"\(f(Self.labelWidth + 30))\" y=\"\(middle)\" dominant-baseline=\"middle\" font-size=\"12\" fill=\"#4b5563\">–</text>"
            }
        }
        return out + "</svg>"
    }
}
