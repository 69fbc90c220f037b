import Foundation
import SteunpuntDomain
import Testing

@Suite("Editing the plan point by point")
struct PlanEditTests {
    static let plan = Plan.starting

    @Test("a replaced point keeps its place and number; a new one goes last; numbers follow the order after a move or a removal")
    func edits() throws {
        var point = try #require(Self.plan.point("deskundigheid"))
        point.title = "Deskundigheid"
        point.number = 99
        let replaced = try Self.plan.applying(.replace(key: "deskundigheid", with: point))
        #expect(replaced.point("deskundigheid")?.title == "Deskundigheid" && replaced.point("deskundigheid")?.number == 5)

        let new = PlanPoint(key: "online", number: 0, phase: .signalling, title: "Online", asks: "Iets", evidence: "Iets", needs: [.information])
        let added = try Self.plan.applying(.add(new))
        #expect(added.points.last?.key == "online" && added.points.last?.number == 11)

        let up = try added.applying(.move(key: "online", up: true))
        #expect(up.points.map(\.key).suffix(2) == ["online", "nazorg-en-evaluatie"] && up.points.map(\.number) == Array(1...11))
        #expect(try Self.plan.applying(.move(key: "regie", up: true)) == Self.plan, "the first point does not move up")
        #expect(try Self.plan.applying(.move(key: "nazorg-en-evaluatie", up: false)) == Self.plan, "the last does not move down")

        let removed = try Self.plan.applying(.remove(key: "regie"))
        #expect(removed.points.first?.key == "lokaal-beeld" && removed.points.map(\.number) == Array(1...9))
        #expect(try Self.plan.applying(.header(title: "Plan", introduction: "Nieuw")).introduction == "Nieuw")
    }

    @Test("an edit of a point the plan does not have is not found")
    func unknown() {
        #expect(throws: DomainError.notFound) { try Self.plan.applying(.remove(key: "geen-punt")) }
        #expect(throws: DomainError.notFound) { try Self.plan.applying(.move(key: "geen-punt", up: true)) }
    }
}
