import Foundation
import SteunpuntDomain

/// The twelve provinces as a tile map: a square per province, placed roughly where it
/// lies, coloured by a share (the darker, the larger) with the province's name and the
/// figure written in it, so the picture can be read without the colour. Drawn on the
/// server as SVG with a title and a description; the page puts the same figures beside it
/// as a table. A province whose figure may not be shown is drawn white with "–".
struct ProvinceTileMap {
    struct Tile {
        let province: Province
        /// 0…1, nil when hidden.
        let share: Double?
        let text: String
    }

    let id: String
    let title: String
    let description: String
    let tiles: [Tile]

    /// Column and row of each province: Fryslân and Groningen on top, Limburg at the bottom.
    static let places: [Province: (column: Int, row: Int)] = [
        .fryslan: (1, 0), .groningen: (2, 0),
        .noordHolland: (0, 1), .flevoland: (1, 1), .drenthe: (2, 1),
        .zuidHolland: (0, 2), .utrecht: (1, 2), .overijssel: (2, 2),
        .zeeland: (0, 3), .noordBrabant: (1, 3), .gelderland: (2, 3),
        .limburg: (2, 4),
    ]

    static let tile = 150
    static let gap = 6

    /// The heat class 0…4 of a share, as the tables colour their cells.
    static func heat(_ share: Double) -> Int { min(4, Int(share * 5)) }
    /// Fill and text colour per heat class (the tables' palette; text contrast at least 4.5:1).
    static let fills = ["#f0f5fb", "#d4e3f4", "#a9c6e8", "#3d6fa8", "#1f4a7a"]
    static let inks = ["#1a1a1a", "#1a1a1a", "#1a1a1a", "#ffffff", "#ffffff"]

    var svg: String {
        let width = 3 * Self.tile + 2 * Self.gap, height = 5 * Self.tile + 4 * Self.gap
        var out = "<svg class=\"tile-map\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title id=\"\(id)-t\">\(RadarChart.escape(title))</title><desc id=\"\(id)-d\">\(RadarChart.escape(description))</desc>"
        for tile in tiles {
            guard let place = Self.places[tile.province] else { continue }
            let x = place.column * (Self.tile + Self.gap), y = place.row * (Self.tile + Self.gap)
            let heat = tile.share.map(Self.heat)
            let fill = heat.map { Self.fills[$0] } ?? "#ffffff", ink = heat.map { Self.inks[$0] } ?? "#374151"
            out += "<g class=\"tile\" data-province=\"\(tile.province.slug)\">"
            out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(Self.tile)\" height=\"\(Self.tile)\" rx=\"6\" fill=\"\(fill)\" stroke=\"#1f2937\" stroke-width=\"1\"/>"
            for (index, line) in Self.lines(tile.province.rawValue).enumerated() {
                out += "<text x=\"\(x + Self.tile / 2)\" y=\"\(y + 34 + index * 22)\" text-anchor=\"middle\" font-size=\"18\" fill=\"\(ink)\">\(RadarChart.escape(line))</text>"
            }
            out += "<text x=\"\(x + Self.tile / 2)\" y=\"\(y + Self.tile - 28)\" text-anchor=\"middle\" font-size=\"30\" font-weight=\"700\" fill=\"\(ink)\">\(RadarChart.escape(tile.text))</text>"
            out += "</g>"
        }
        return out + "</svg>"
    }

    /// A long name over two lines, at its hyphen ("Noord-" / "Brabant").
    static func lines(_ name: String) -> [String] {
        guard name.count > 11, let hyphen = name.firstIndex(of: "-") else { return [name] }
        return [String(name[...hyphen]), String(name[name.index(after: hyphen)...])]
    }
}
