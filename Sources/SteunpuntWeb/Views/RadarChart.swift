import Foundation

/// A radar chart as inline SVG, drawn on the server: one axis per dimension (0 at the
/// centre, 100 at the rim, rings at 25, 50, 75 labelled on the upright axis), one closed
/// line per series. Series are told apart by line style as well as colour (WCAG 1.4.1)
/// and named in a legend beside the chart (`legendHTML`); an axis no series has a value on
/// is left out; labels have room on every side. The chart carries a title and a
/// description, and every page that shows it also shows the figures as a table.
struct RadarChart {
    struct Series {
        let label: String
        let values: [Double?]
        /// `solid` or `dashed`.
        let style: String
    }

    /// Unique on the page: names the title and description.
    let id: String
    let title: String
    let description: String
    let axes: [String]
    let series: [Series]

    static let size = 420.0
    static let radius = 140.0
    static var centre: Double { size / 2 }

    /// The point of `value` (0…100) on axis `index` of `count`, the first axis straight up.
    static func point(_ value: Double, axis index: Int, of count: Int) -> (x: Double, y: Double) {
        let angle = -Double.pi / 2 + 2 * Double.pi * Double(index) / Double(count)
        let r = radius * min(max(value, 0), 100) / 100
        return (centre + r * cos(angle), centre + r * sin(angle))
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The axes some series has a value on, with each series' values on them.
    var drawn: (axes: [String], series: [Series]) {
        let kept = axes.indices.filter { index in series.contains { index < $0.values.count && $0.values[index] != nil } }
        return (kept.map { axes[$0] }, series.map { line in
            Series(label: line.label, values: kept.map { $0 < line.values.count ? line.values[$0] : nil }, style: line.style)
        })
    }

    static let colours = ["#154273", "#8a4b00", "#1d6b3a"]

    static func dash(_ style: String) -> String {
        style == "dashed" ? " stroke-dasharray=\"8 5\"" : style == "dotted" ? " stroke-dasharray=\"2 4\"" : ""
    }

    /// The legend: each series' line as drawn, and its name.
    var legendHTML: String {
        var out = "<ul class=\"radar-legend\">"
        for (index, line) in series.enumerated() {
            let colour = Self.colours[index % Self.colours.count]
            out += "<li><svg width=\"44\" height=\"12\" aria-hidden=\"true\" focusable=\"false\"><line x1=\"2\" y1=\"6\" x2=\"42\" y2=\"6\" stroke=\"\(colour)\" stroke-width=\"3\"\(Self.dash(line.style))/></svg> \(Self.escape(line.label))</li>"
        }
        return out + "</ul>"
    }

    /// The SVG element. An axis a series has no value on counts as 0 in its line; an axis
    /// no series has a value on is not drawn.
    var svg: String {
        let (axes, series) = drawn
        let count = max(axes.count, 3)
        // Room around the rim for the axis labels, which run outward from it.
        var out = "<svg class=\"radar\" viewBox=\"-130 -10 \(Int(Self.size) + 260) \(Int(Self.size) + 20)\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title id=\"\(id)-t\">\(Self.escape(title))</title><desc id=\"\(id)-d\">\(Self.escape(description))</desc>"
        for ring in [25.0, 50, 75, 100] {
            let points = (0..<count).map { Self.point(ring, axis: $0, of: count) }.map { "\(Self.format($0.x)),\(Self.format($0.y))" }.joined(separator: " ")
            out += "<polygon class=\"radar-ring\" points=\"\(points)\" fill=\"none\" stroke=\"#b0b7c3\" stroke-width=\"1\"/>"
            let mark = Self.point(ring, axis: 0, of: count)
            out += "<text class=\"radar-scale\" x=\"\(Self.format(mark.x + 4))\" y=\"\(Self.format(mark.y + 12))\" font-size=\"12\" fill=\"#4b5563\">\(Int(ring))</text>"
        }
        let zero = Self.point(0, axis: 0, of: count)
        out += "<text class=\"radar-scale\" x=\"\(Self.format(zero.x + 4))\" y=\"\(Self.format(zero.y + 12))\" font-size=\"12\" fill=\"#4b5563\">0</text>"
        for (index, axis) in axes.enumerated() {
            let end = Self.point(100, axis: index, of: count)
            let label = Self.point(118, axis: index, of: count)
            let anchor = abs(label.x - Self.centre) < 1 ? "middle" : label.x > Self.centre ? "start" : "end"
            out += "<line x1=\"\(Self.format(Self.centre))\" y1=\"\(Self.format(Self.centre))\" x2=\"\(Self.format(end.x))\" y2=\"\(Self.format(end.y))\" stroke=\"#6b7280\" stroke-width=\"1\"/>"
            out += "<text x=\"\(Self.format(label.x))\" y=\"\(Self.format(label.y))\" text-anchor=\"\(anchor)\" dominant-baseline=\"middle\" font-size=\"15\" fill=\"#1f2937\">\(Self.escape(axis))</text>"
        }
        let colours = Self.colours
        for (index, line) in series.enumerated() {
            let points = line.values.enumerated().map { Self.point($0.element ?? 0, axis: $0.offset, of: count) }
                .map { "\(Self.format($0.x)),\(Self.format($0.y))" }.joined(separator: " ")
            let dash = Self.dash(line.style)
            out += "<polygon class=\"radar-series\" data-series=\"\(Self.escape(line.label))\" points=\"\(points)\" fill=\"\(colours[index % colours.count])\" fill-opacity=\"\(index == 0 ? "0.15" : "0")\" stroke=\"\(colours[index % colours.count])\" stroke-width=\"3\"\(dash)/>"
        }
        return out + "</svg>"
    }
}
