import Foundation
import SteunpuntDomain
import Testing

@Suite("The 10-point plan: its versions, a municipality's progress and who may do what")
struct PlanTests {
    static let needs: Set<NeedCode> = [.preventiveApproach, .training, .networks, .cooperation, .discriminatoryIncident, .socialTension, .schoolSituation, .information]
    static let bsn = "dossier 2024 123456782"

    static func fields(_ problems: [FieldError]) -> Set<String> { Set(problems.map { "\($0.field):\($0.code)" }) }

    @Test("the starting plan: ten points numbered in order, keys apart, each with its needs, valid as it ships")
    func starting() throws {
        let plan = try Plan.starting.validated(knownNeeds: Self.needs)
        #expect(plan.points.map(\.number) == Array(1...10))
        #expect(Set(plan.points.map(\.key)).count == 10)
        #expect(Set(plan.points.map(\.phase)) == Set(PlanPhase.allCases), "every phase of the approach has a point")
        #expect(PlanVersion(version: 1, status: .published, plan: plan, changedBy: nil, changedAt: Date()).isStartingVersion)
        #expect(!PlanVersion(version: 2, status: .draft, plan: plan, changedBy: UUID(), changedAt: Date()).isStartingVersion)
    }

    @Test("a plan's problems all at once: title, order, keys, texts through the privacy guard, needs, offerings")
    func problems() {
        var plan = Plan.starting
        plan.title = " "
        plan.points[1].number = 7
        plan.points[2].key = plan.points[0].key
        plan.points[3].asks = "Bel over \(Self.bsn)"
        plan.points[4].needs = []
        plan.points[5].needs = [NeedCode("onbekende-behoefte")!]
        plan.points[6].offerings = ["Geen adres!"]
        plan.points[7].evidence = String(repeating: "x", count: PlanPoint.TextLimit.evidence + 1)
        plan.points[8].key = "Geen Sleutel"
        let found = Self.fields(plan.problems(knownNeeds: Self.needs))
        #expect(found == ["titel:required", "punten:points_out_of_order", "punten[2].sleutel:duplicate_key",
                          "punten[3].vraagt:personal_identifier_bsn", "punten[4].behoeften:required", "punten[5].behoeften:unknown_need",
                          "punten[6].aanbod:invalid_offering", "punten[7].bewijs:too_long", "punten[8].sleutel:invalid_key"], "\(found.sorted())")
        #expect(Self.fields(Plan(title: "Plan", introduction: "", points: []).problems(knownNeeds: Self.needs)) == ["punten:required"])
    }

    @Test("what a new version changes: the same request carries over, other words are to be reviewed, new and removed points named")
    func changes() {
        var next = Plan.starting
        next.points[0].needs = [.cooperation]          // needs and offerings alone do not change what is asked
        next.points[0].offerings = ["advies-op-maat-van-de-expertise-unit"]
        next.points[1].asks += " Betrek ook het onderwijs."
        next.points.remove(at: 9)
        next.points.append(PlanPoint(key: "online", number: 10, phase: .prevention, title: "Online", asks: "Aandacht voor online polarisatie.",
                                     evidence: "Een werkwijze.", needs: [.information]))
        let changes = PlanChanges(from: .starting, to: next)
        #expect(changes.change(of: "regie") == .unchanged)
        #expect(changes.change(of: "lokaal-beeld") == .changed)
        #expect(changes.change(of: "online") == .added)
        #expect(changes.change(of: "nazorg-en-evaluatie") == .removed)
        #expect(changes.points.last?.key == "nazorg-en-evaluatie", "removed points come last")
        #expect(changes.toReview == ["lokaal-beeld"] && !changes.isEmpty)
        #expect(PlanChanges(from: .starting, to: .starting).isEmpty)
        #expect(PlanChanges(from: nil, to: .starting).points.allSatisfy { $0.change == .added })
    }

    static let today = Date(timeIntervalSince1970: 1_796_000_000)   // 2026-11-28

    @Test("progress as written: not started needs nothing more; from preparing on a day; evidence once in place")
    func progressValid() throws {
        let none = try ProgressDraft(status: "niet-gestart").validated(today: Self.today)
        #expect(none.status == .notStarted && none.since.isEmpty)
        let preparing = try ProgressDraft(status: "in-voorbereiding", since: "2026-09-01", responsibleFunction: "Beleidsadviseur veiligheid",
                                          nextStep: "Plan in het college", nextStepOn: "2027-02-01", wantsSupport: true).validated(today: Self.today)
        #expect(preparing.status == .preparing && preparing.nextStepOn == "2027-02-01" && preparing.wantsSupport)
        let inPlace = try ProgressDraft(status: "ingevoerd", since: "2026-11-28", evidence: " Vastgesteld door het college. ").validated(today: Self.today)
        #expect(inPlace.evidence == "Vastgesteld door het college.")
        #expect(ProgressStatus.notStarted < .preparing && ProgressStatus.inPlace < .sustained)
    }

    @Test("progress refused with every problem at once")
    func progressProblems() {
        func problems(_ draft: ProgressDraft) -> Set<String> {
            do { _ = try draft.validated(today: Self.today, privacy: PrivacyGuard(refused: [.bsn, .email])); return [] } catch { if case .invalid(let found) = error { return Self.fields(found) }; return ["other"] }
        }
        #expect(problems(ProgressDraft(status: "klaar")) == ["status:invalid_progress_status"])
        #expect(problems(ProgressDraft(status: "")) == ["status:required"])
        #expect(problems(ProgressDraft(status: "ingevoerd")) == ["sinds:required", "bewijs:required"])
        #expect(problems(ProgressDraft(status: "geborgd", since: "2026-12-01", evidence: "Zie \(Self.bsn)", responsibleFunction: "Mail jan@example.nl",
                                       nextStep: "", nextStepOn: "2027-13-01"))
                == ["sinds:date_in_future", "bewijs:personal_identifier_bsn", "verantwoordelijkeFunctie:personal_identifier_email",
                    "volgendeStapOp:invalid_date", "volgendeStap:required"])
        #expect(problems(ProgressDraft(status: "in-voorbereiding", since: "1-9-2026")) == ["sinds:invalid_date"])
    }

    @Test("who sees and keeps what: the unit by name, a municipality its own, analysts and desks in aggregates, others nothing")
    func policy() {
        let now = Date()
        func user(_ organisation: String, _ role: Role, active: Bool = true) -> User {
            User(id: UUID(), email: "x@example.nl", name: "X", organisation: OrganisationID(organisation)!, role: role, isActive: active, createdAt: now)
        }
        let zoetermeer = MunicipalityCode("GM0637")!, delft = MunicipalityCode("GM0503")!
        let coordinator = user("szw-ess", .unitCoordinator), advisor = user("szw-ess", .unitAdvisor), official = user("GM0637", .municipalOfficial)
        #expect(PlanPolicy.mayPublish(coordinator) && !PlanPolicy.mayPublish(advisor) && PlanPolicy.mayEditPlan(advisor) && !PlanPolicy.mayEditPlan(official))
        #expect(PlanPolicy.progressView(advisor) == .named && PlanPolicy.progressView(official) == .own(zoetermeer))
        #expect(PlanPolicy.progressView(user("nctv", .nationalAnalyst)) == .aggregates && PlanPolicy.progressView(user("vng-loket", .deskAgent)) == .aggregates)
        #expect(PlanPolicy.progressView(user("nctv", .administrator)) == nil && PlanPolicy.progressView(user("szw-ess", .unitAdvisor, active: false)) == nil)
        #expect(PlanPolicy.mayRead(official, progressOf: zoetermeer) && !PlanPolicy.mayRead(official, progressOf: delft) && PlanPolicy.mayRead(advisor, progressOf: delft))
        #expect(PlanPolicy.mayKeep(official, progressOf: zoetermeer) && !PlanPolicy.mayKeep(official, progressOf: delft) && !PlanPolicy.mayKeep(advisor, progressOf: zoetermeer))
    }

    @Test("shares of the country and a province: in place and sustained count, others not; hidden under five other municipalities")
    func shares() {
        let counts = [PlanShares.Count(point: "regie", province: .flevoland, status: .inPlace, count: 2),
                      PlanShares.Count(point: "regie", province: .flevoland, status: .sustained, count: 1),
                      PlanShares.Count(point: "regie", province: .flevoland, status: .preparing, count: 2),
                      PlanShares.Count(point: "regie", province: .zeeland, status: .inPlace, count: 4),
                      PlanShares.Count(point: "meldroute", province: .zeeland, status: .preparing, count: 3)]
        let shares = PlanShares(counts: counts, municipalities: [.flevoland: 6, .zeeland: 13, .groningen: 5])
        #expect(shares.figure("regie", in: .flevoland) == PlanShares.Figure(done: 3, total: 6))
        #expect(shares.figure("regie") == PlanShares.Figure(done: 7, total: 24))
        #expect(shares.figure("meldroute", in: .zeeland) == PlanShares.Figure(done: 0, total: 13), "being prepared is not done")
        #expect(shares.figure("regie", in: .groningen).share == 0)
        // A municipality of Flevoland (six in all) sees its province: five others. Groningen here has five: four others.
        #expect(shares.shown("regie", in: .flevoland, includesOwn: true, disclosure: .own("GM0034")) != nil)
        #expect(shares.shown("regie", in: .groningen, includesOwn: true, disclosure: .own("GM0014")) == nil)
        #expect(shares.shown("regie", in: .groningen, includesOwn: false, disclosure: .aggregates) != nil, "five, none of them the reader's")
        #expect(shares.shown("regie", in: .groningen, includesOwn: true, disclosure: .open) != nil, "the unit sees every figure")
    }
}

@Suite("The 10-point plan as a sheet: read as Dutch Excel writes it")
struct ProgressSheetTests {
    static let code = MunicipalityCode("GM0637")!
    static let today = Date(timeIntervalSince1970: 1_796_000_000) // 30 November 2026

    @Test("days as ISO or as Dutch Excel writes them; a day that does not exist is not read")
    func days() {
        #expect(ProgressSheet.day("2026-10-01") == "2026-10-01")
        #expect(ProgressSheet.day("1-10-2026") == "2026-10-01" && ProgressSheet.day("01/10/2026") == "2026-10-01" && ProgressSheet.day("1.10.2026") == "2026-10-01")
        #expect(ProgressSheet.day("31-2-2026") == nil && ProgressSheet.day("1-10-26") == nil && ProgressSheet.day("morgen") == nil)
    }

    @Test("a status by its code or its Dutch name, in any case")
    func statuses() {
        #expect(ProgressSheet.statusCode("in-voorbereiding") == "in-voorbereiding" && ProgressSheet.statusCode("In voorbereiding") == "in-voorbereiding")
        #expect(ProgressSheet.statusCode("Geëvalueerd en geborgd") == "geborgd" && ProgressSheet.statusCode("GEBORGD") == "geborgd")
        #expect(ProgressSheet.statusCode("niet gestart") == "niet-gestart" && ProgressSheet.statusCode("half") == nil)
    }

    @Test("rows that change nothing are counted, not changes; columns left out keep their value; the sheet written reads back unchanged")
    func unchangedRows() throws {
        let current = ["regie": PointProgress(municipality: Self.code, pointKey: "regie", status: .preparing, since: "2026-10-01", evidence: "",
                                              responsibleFunction: "Beleidsadviseur", wantsSupport: true, planVersion: 1, version: 3)]
        let rows = ProgressSheet.rows(plan: .starting, progress: current)
        let same = try ProgressSheet.read(header: ProgressSheet.columns, rows: rows, plan: .starting, municipality: Self.code, current: current, today: Self.today)
        #expect(same.changes.isEmpty && same.unchanged == 10)
        let short = try ProgressSheet.read(header: ["Sleutel", "Status"], rows: [["regie", "In voorbereiding"], ["", ""]], plan: .starting,
                                           municipality: Self.code, current: current, today: Self.today)
        #expect(short.changes.isEmpty && short.unchanged == 1, "the day, function and wish left out are kept; an empty row is skipped")
        #expect(throws: DomainError.invalid([FieldError(field: "rij-2.bewijs", code: "required")])) {
            _ = try ProgressSheet.read(header: ["sleutel", "status"], rows: [["regie", "ingevoerd"]], plan: .starting, municipality: Self.code,
                                       current: current, today: Self.today)
        }
        let changed = try ProgressSheet.read(header: ["sleutel", "status", "ondersteuning gewenst"], rows: [["regie", "in-voorbereiding", "nee"]],
                                             plan: .starting, municipality: Self.code, current: current, today: Self.today)
        #expect(changed.changes.map(\.key) == ["regie"] && changed.changes.first?.expectedVersion == 3 && changed.changes.first?.valid.wantsSupport == false)
    }
}

@Suite("The 10-point plan's national overview")
struct PlanOverviewTests {
    static func municipality(_ code: String, _ name: String, _ province: Province, population: Int, priority: Bool = false, ended: Bool = false) -> Municipality {
        Municipality(code: MunicipalityCode(code)!, name: name, province: province, population: population, isPriority: priority,
                     endedOn: ended ? Date(timeIntervalSince1970: 1_735_689_600) : nil)
    }

    @Test("rows per active municipality with every point (not recorded: not started); filter, sort, groups and what a reader may see")
    func overview() {
        let list = [Self.municipality("GM0001", "Aa", .groningen, population: 10_000),
                    Self.municipality("GM0002", "Bee", .groningen, population: 120_000, priority: true),
                    Self.municipality("GM0003", "Cee", .drenthe, population: 30_000),
                    Self.municipality("GM0004", "Oud", .drenthe, population: 5_000, ended: true)]
        let overview = PlanOverview(plan: .starting, municipalities: list, statuses: [
            MunicipalityCode("GM0002")!: ["regie": .inPlace, "lokaal-beeld": .sustained],
            MunicipalityCode("GM0003")!: ["regie": .preparing],
            MunicipalityCode("GM0004")!: ["regie": .sustained],
        ])
        #expect(overview.rows.count == 3, "an ended municipality is left out")
        #expect(overview.rows(.init()).map(\.municipality.name) == ["Aa", "Bee", "Cee"])
        #expect(overview.rows(.init(), sort: .done).map(\.municipality.name) == ["Bee", "Aa", "Cee"])
        #expect(overview.rows(.init(), sort: .behind).first?.done == 0)
        #expect(overview.rows(.init(status: .preparing, point: "regie")).map(\.municipality.name) == ["Cee"])
        #expect(overview.rows(.init(status: .sustained)).map(\.municipality.name) == ["Bee"], "on any point")
        #expect(overview.rows(.init(priorityOnly: true)).map(\.municipality.name) == ["Bee"])
        #expect(overview.rows(.init(populationClass: .under20k)).map(\.municipality.name) == ["Aa"])
        #expect(overview.rows(.init()).filter(\.hasNotStarted).map(\.municipality.name) == ["Aa"])
        let all = overview.group("alle", overview.rows(.init()), own: "GM0003")
        #expect(all.municipalities == 3 && all.includesOwn && all.done("regie") == 1 && all.counts["regie"]?[.notStarted] == 1)
        let provinces = overview.byProvince(overview.rows(.init()))
        #expect(provinces.first { $0.label == Province.groningen.rawValue }?.municipalities == 2)
        #expect(PlanOverview.shown(provinces, disclosure: .open).allSatisfy { $0 })
        #expect(!PlanOverview.shown(provinces, disclosure: .aggregates).contains(true), "groups of two and one: every part hidden")
    }
}
