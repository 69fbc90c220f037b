import Foundation
import SteunpuntDomain
import Testing

@Suite("The plan beside the quickscan")
struct PlanAgainstQuickscanTests {
    @Test("a named need whose point is not started or in preparation is a gap, one in place is not; a named need no point covers is listed")
    func gaps() {
        let side = PlanAgainstQuickscan(round: "Quickscan 2026", submittedAt: Date(timeIntervalSince1970: 0), scores: [.capacity: 25],
                                        namedNeeds: [.training, .information, .schoolSituation], plan: .starting,
                                        statuses: ["deskundigheid": .preparing, "sleutelfiguren": .inPlace, "meldroute": .sustained])
        #expect(side.side(of: "deskundigheid") == .init(key: "deskundigheid", named: [.training], isGap: true))
        #expect(side.side(of: "sleutelfiguren") == .init(key: "sleutelfiguren", named: [.training], isGap: false), "in place")
        #expect(side.side(of: "meldroute")?.named == [.information] && side.side(of: "meldroute")?.isGap == false, "sustained")
        #expect(side.side(of: "regie") == .init(key: "regie", named: [], isGap: false), "no named need")
        #expect(side.gaps == 1 && side.unmatched == [.schoolSituation])
    }
}
