import Foundation

/// A bar chart as inline SVG, drawn on the server (the incidents' trend by month): one bar
/// per label with its figure above it, a hidden figure drawn as an outlined empty bar
/// marked "–" (never as zero), grid lines at round numbers. The chart carries a title and
/// a description; every page that shows it shows the figures as a table too.
struct BarChart {
    /// Unique on the page: names the title and description.
    let id: String
    let title: String
    let description: String
    let labels: [String]
    /// Nil when the figure is hidden.
    let values: [Int?]
    /// Writes a figure as the page's language does (`NumberText`).
    let number: (Int) -> String

    static let barWidth = 40.0
    static let gap = 14.0
    static let plotHeight = 180.0
    static let left = 44.0
    static let top = 22.0

    /// A round step for grid lines: 1, 2 or 5 times a power of ten, about four lines high.
    static func step(for maximum: Int) -> Int {
        guard maximum > 4 else { return 1 }
        let rough = Double(maximum) / 4
        let power = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        return Int(step)
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    var svg: String {
        let maximum = max(values.compactMap { $0 }.max() ?? 0, 1)
        let step = Self.step(for: maximum)
        let ceiling = Double(((maximum + step - 1) / step) * step)
        let width = Self.left + Double(labels.count) * (Self.barWidth + Self.gap) + Self.gap
        let height = Self.top + Self.plotHeight + 30
        let base = Self.top + Self.plotHeight
        func y(_ value: Double) -> Double { base - Self.plotHeight * value / ceiling }
        var out = "<svg class=\"bar-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title id=\"\(id)-t\">\(RadarChart.escape(title))</title><desc id=\"\(id)-d\">\(RadarChart.escape(description))</desc>"
        var line = 0
        while Double(line) <= ceiling {
            let at = Self.format(y(Double(line)))
            out += "<line x1=\"\(Self.format(Self.left - 4))\" y1=\"\(at)\" x2=\"\(Self.format(width))\" y2=\"\(at)\" stroke=\"\(line == 0 ? "#4b5563" : "#d1d5db")\" stroke-width=\"1\"/>"
            out += "<text x=\"\(Self.format(Self.left - 8))\" y=\"\(at)\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"12\" fill=\"#4b5563\">\(number(line))</text>"
            line += step
        }
        for (index, label) in labels.enumerated() {
            let x = Self.left + Self.gap + Double(index) * (Self.barWidth + Self.gap)
            let middle = Self.format(x + Self.barWidth / 2)
            if let value = index < values.count ? values[index] : nil {
                let top = y(Double(value))
                if value > 0 {
                    out += "<rect class=\"bar\" x=\"\(Self.format(x))\" y=\"\(Self.format(top))\" width=\"\(Self.format(Self.barWidth))\" height=\"\(Self.format(base - top))\" fill=\"#154273\"/>"
                }
                out += "<text x=\"\(middle)\" y=\"\(Self.format(top - 6))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1f2937\">\(number(value))</text>"
            } else {
                out += "<rect class=\"bar-hidden\" x=\"\(Self.format(x))\" y=\"\(Self.format(base - 24))\" width=\"\(Self.format(Self.barWidth))\" height=\"24\" fill=\"none\" stroke=\"#6b7280\" stroke-dasharray=\"4 3\"/>"
                out += "<text x=\"\(middle)\" y=\"\(Self.format(base - 30))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#4b5563\">–</text>"
            }
            out += "<text x=\"\(middle)\" y=\"\(Self.format(base + 18))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1f2937\">\(RadarChart.escape(label))</text>"
        }
        return out + "</svg>"
    }
}
