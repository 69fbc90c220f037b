import Foundation
import SteunpuntDomain
import Testing
@testable import SteunpuntWeb

@Suite("Pictures drawn on the server")
struct PicturesTests {
    @Test("every province has its own place on the tile map")
    func places() {
        #expect(Set(ProvinceTileMap.places.keys) == Set(Province.allCases))
        let cells = ProvinceTileMap.places.values.map { "\($0.column),\($0.row)" }
        #expect(Set(cells).count == 12, "no two on one place")
    }

    @Test("text in a picture is escaped; a hidden figure is white with a dash; the colour follows the share")
    func drawing() {
        let map = ProvinceTileMap(id: "k", title: "A <b>", description: "B & C",
                                  tiles: [.init(province: .utrecht, share: 0.9, text: "90 %"), .init(province: .zeeland, share: nil, text: "–")])
        #expect(map.svg.contains("<title id=\"k-t\">A &lt;b&gt;</title><desc id=\"k-d\">B &amp; C</desc>"))
        #expect(map.svg.contains("data-province=\"utrecht\"><rect x=\"156\" y=\"312\" width=\"150\" height=\"150\" rx=\"6\" fill=\"#1f4a7a\""))
        #expect(map.svg.contains("data-province=\"zeeland\"><rect x=\"0\" y=\"468\" width=\"150\" height=\"150\" rx=\"6\" fill=\"#ffffff\""))
        #expect(ProvinceTileMap.lines("Noord-Brabant") == ["Noord-", "Brabant"] && ProvinceTileMap.lines("Utrecht") == ["Utrecht"])
        let matrix = HeatMatrix(id: "h", title: "T", description: "D", columns: ["1", "2"],
                                rows: [.init(label: "Fryslân", cells: [(0.1, "10 %"), (nil, "–")])])
        #expect(matrix.svg.contains("fill=\"#f0f5fb\"") && matrix.svg.contains(">10 %</text>") && matrix.svg.contains(">–</text>"))
        #expect(matrix.svg.components(separatedBy: "<rect").count - 1 == 2)
    }
}
