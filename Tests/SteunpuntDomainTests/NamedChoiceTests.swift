import Testing
@testable import SteunpuntDomain

@Suite("Picking by name")
struct NamedChoiceTests {
    static let choices = [NamedChoice(id: "GM0637", name: "Zoetermeer"), NamedChoice(id: "GM1900", name: "Súdwest-Fryslân"),
                          NamedChoice(id: "GM0599", name: "Rotterdam"), NamedChoice(id: "school-de-brug", name: "De Brug"),
                          NamedChoice(id: "school-de-brug-2", name: "De Brug")]

    @Test("a label, an identifier in any case, or a unique name (accents aside) picks the record", arguments: [
        ("Zoetermeer (GM0637)", "GM0637"), ("gm0637", "GM0637"), (" zoetermeer ", "GM0637"), ("sudwest-fryslan", "GM1900"),
        ("De Brug (school-de-brug-2)", "school-de-brug-2"),
    ])
    func resolves(typed: String, id: String) {
        #expect(NamedChoice.resolve(typed, among: Self.choices) == id)
    }

    @Test("a name two records share, something unknown, or nothing picks none", arguments: ["De Brug", "Zoetermeerr", "", "(GM9999)"])
    func unresolved(typed: String) {
        #expect(NamedChoice.resolve(typed, among: Self.choices) == nil)
    }

    @Test("a list: one per line or separated, codes by spaces as before, unknown ones kept to report")
    func list() {
        let picked = NamedChoice.resolveList("Zoetermeer\nRotterdam (GM0599); sudwest-fryslan\nGM0637 GM0599\nAtlantis", among: Self.choices)
        #expect(picked.ids == ["GM0637", "GM0599", "GM1900"])
        #expect(picked.unknown == ["Atlantis"])
        #expect(NamedChoice.label(of: "GM0637", among: Self.choices) == "Zoetermeer (GM0637)")
        #expect(NamedChoice.label(of: "iets", among: Self.choices) == "iets", "what matches nothing is shown as typed")
    }
}
