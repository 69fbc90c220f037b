import Foundation
import SteunpuntDomain
import Testing

@Suite("Quickscan rounds: targets by list, province, priority and population class; dates")
struct QuickscanRoundTests {
    static func municipality(_ code: String, _ province: Province, population: Int, priority: Bool = false, ended: Bool = false) -> Municipality {
        Municipality(code: MunicipalityCode(code)!, name: code, province: province, population: population, isPriority: priority,
                     endedOn: ended ? Date(timeIntervalSince1970: 0) : nil)
    }

    static let all = [
        municipality("GM0001", .groningen, population: 15_000),
        municipality("GM0002", .groningen, population: 60_000, priority: true),
        municipality("GM0003", .zuidHolland, population: 120_000, priority: true),
        municipality("GM0004", .zuidHolland, population: 30_000),
        municipality("GM0005", .zuidHolland, population: 150_000, priority: true, ended: true),
    ]

    @Test("listed codes plus those matching every criterion; ended municipalities never")
    func targets() {
        #expect(TargetSelection(provinces: [.zuidHolland]).resolve(Self.all).map(\.rawValue) == ["GM0003", "GM0004"])
        #expect(TargetSelection(priorityOnly: true).resolve(Self.all).map(\.rawValue) == ["GM0002", "GM0003"])
        #expect(TargetSelection(provinces: [.zuidHolland], priorityOnly: true).resolve(Self.all).map(\.rawValue) == ["GM0003"], "criteria combine")
        #expect(TargetSelection(populationClasses: [.under20k, .from50kTo100k]).resolve(Self.all).map(\.rawValue) == ["GM0001", "GM0002"])
        #expect(TargetSelection(codes: [MunicipalityCode("GM0001")!, MunicipalityCode("GM0005")!], priorityOnly: true).resolve(Self.all).map(\.rawValue)
                == ["GM0001", "GM0002", "GM0003"], "the list adds to the criteria; an ended municipality is left out")
        #expect(TargetSelection().resolve(Self.all).isEmpty)
    }

    @Test("a round's draft: every problem at once; the state follows the calendar")
    func draft() throws {
        #expect(throws: DomainError.invalid([FieldError(field: "titel", code: "required"), FieldError(field: "sluit", code: "period_reversed"),
                                             FieldError(field: "gemeenten", code: "invalid_municipality_code"),
                                             FieldError(field: "provincies", code: "invalid_province"),
                                             FieldError(field: "inwonerklassen", code: "invalid_population_class")])) {
            _ = try RoundDraft(title: "", opensOn: "2027-03-01", closesOn: "2027-02-01", codes: ["XX1"], provinces: ["Atlantis"],
                               populationClasses: ["heel-groot"]).validated()
        }
        #expect(throws: DomainError.invalid([FieldError(field: "gemeenten", code: "no_targets")])) {
            _ = try RoundDraft(title: "Ronde", opensOn: "2027-03-01", closesOn: "2027-04-01").validated()
        }
        let valid = try RoundDraft(title: "Ronde 2027", opensOn: "2027-03-01", closesOn: "2027-04-01", codes: ["gm0637"], provinces: ["fryslan"],
                                   priorityOnly: true).validated()
        #expect(valid.selection == TargetSelection(codes: [MunicipalityCode("GM0637")!], provinces: [.fryslan], priorityOnly: true))
        let round = Round(id: UUID(), title: valid.title, instrumentID: UUID(), instrumentVersion: 1, opensOn: valid.opensOn, closesOn: valid.closesOn,
                          createdAt: Date())
        #expect(round.state(on: "2027-02-28") == .planned && round.state(on: "2027-03-01") == .open && round.state(on: "2027-04-01") == .open
                && round.state(on: "2027-04-02") == .closed)
    }

    @Test("only the municipality's own officials answer for it; the unit keeps instruments, its coordinator publishes")
    func policy() {
        func user(_ organisation: String, _ role: Role) -> User {
            User(id: UUID(), email: "x@example.org", name: "X", organisation: OrganisationID(organisation)!, role: role, createdAt: Date())
        }
        let zoetermeer = MunicipalityCode("GM0637")!
        #expect(QuickscanPolicy.mayAnswer(user("GM0637", .municipalOfficial), for: zoetermeer))
        #expect(!QuickscanPolicy.mayAnswer(user("GM0599", .municipalOfficial), for: zoetermeer), "another municipality's link is refused")
        #expect(!QuickscanPolicy.mayAnswer(user("szw-ess", .unitCoordinator), for: zoetermeer))
        #expect(!QuickscanPolicy.mayAnswer(nil, for: zoetermeer))
        #expect(QuickscanPolicy.mayEditInstruments(user("szw-ess", .unitAdvisor)) && !QuickscanPolicy.mayPublish(user("szw-ess", .unitAdvisor)))
        #expect(QuickscanPolicy.mayPublish(user("szw-ess", .unitCoordinator)) && !QuickscanPolicy.mayEditInstruments(user("nctv", .nationalAnalyst)))
    }
}
