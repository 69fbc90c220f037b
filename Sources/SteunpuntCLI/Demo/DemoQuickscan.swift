import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The quickscan of the demo, after answer 4 of the letter: this year's round sent to 49
/// municipalities (the priority municipalities and the largest others), open for ten
/// more days, with 48 responses naming most often the four needs the letter found (advice
/// on a broad preventive approach, training of professionals and key figures, access to
/// local networks, shaping local cooperation); follow-up requests confirmed for three and
/// one proposal dismissed. Zoetermeer, the demo official's municipality, has not answered
/// yet, so the demo can show answering. A 2015 round to the same municipalities gives the
/// change between rounds. Answers are drawn from a fixed seed, so every demo database
/// tells the same story. Added only when there are no rounds yet.
enum DemoQuickscan {
    /// A small deterministic generator (SplitMix64), so the demo is the same every time.
    struct Draw {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    }

    static let mainNeeds: [NeedCode] = [.preventiveApproach, .training, .networks, .cooperation]

    /// A complete set of answers to the starting instrument; `better` shifts the scales up (a later round).
    static func answers(for municipality: Municipality, draw: inout Draw, better: Int) -> [String: AnswerValue?] {
        func scale(_ base: ClosedRange<Int>) -> AnswerValue { .scale(min(5, draw.int(base) + better)) }
        let large = municipality.population >= 50_000
        var answers: [String: AnswerValue?] = [
            "signalen-afgelopen-jaar": .choice(large ? (draw.chance(0.6) ? "meerdere" : "enkele") : ["geen", "enkele", "weet-niet"][draw.int(0...2)]),
            "casusoverleg": .choice(large || draw.chance(0.4) ? (draw.chance(0.6) ? "ja-structureel" : "ja-incidenteel") : "nee"),
            "budget": scale(1...4),
            "signalen-herkennen": scale(1...4),
            "zicht-op-netwerken": scale(1...4),
            "handreiking-bekend": .choices(["handreiking", "tienpuntenplan", "trainingen"].filter { _ in draw.chance(0.5) }),
            "getrainde-professionals": .number(Double(large ? draw.int(4...60) : draw.int(0...12))),
            "ervaring-incidenten": scale(1...4),
            "samenwerking-partners": scale(2...5),
            "urgentie": .choice(["nu", "dit-jaar", "later"][draw.int(0...2)]),
        ]
        let contact = large || draw.chance(0.5)
        answers["aanspreekpunt"] = .yesNo(contact)
        if contact { answers["fte-aanspreekpunt"] = .number(Double(draw.int(2...36))) }
        var needs = mainNeeds.filter { _ in draw.chance(0.55) }
        needs += [NeedCode.discriminatoryIncident, .socialTension, .schoolSituation, .information].filter { _ in draw.chance(0.1) }
        if needs.isEmpty { needs = [mainNeeds[draw.int(0...3)]] }
        answers["gewenste-ondersteuning"] = .needs(needs)
        return answers
    }

    static func seed(_ database: Database, coordinator: User, official: User, now: Date) async throws {
        let rounds = RoundStore(database: database)
        guard try await rounds.list().isEmpty,
              let instrument = try await InstrumentStore(database: database).list().first(where: { $0.status == .published }) else { return }
        let municipalities = try await MunicipalityStore(database: database).all().filter(\.isActive)
        let priority = municipalities.filter(\.isPriority)
        let others = municipalities.filter { !$0.isPriority }.sorted { $0.population > $1.population }
        let targets = Array((priority + others).prefix(49))
        let codes = targets.map(\.code)
        let responses = ResponseStore(database: database)
        let calendar = DutchCalendar().calendar
        let day: TimeInterval = 86_400
        func date(_ year: Int, _ month: Int, _ day: Int) -> Date { calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 10))! }

        // 2015, the letter's quickscan: 49 invited, 46 answered.
        let earlier = try await rounds.create(
            try RoundDraft(title: "Quickscan 2015", opensOn: "2015-06-01", closesOn: "2015-07-17", codes: codes.map(\.rawValue)).validated(),
            instrument: instrument, targets: codes, id: UUID(), by: coordinator.id, at: date(2015, 5, 28), expiresAt: date(2015, 7, 18)).round
        var draw = Draw(state: 2015)
        for (index, municipality) in targets.enumerated() where index % 16 != 5 {
            let at = date(2015, 6, 2 + index % 40)
            let given = answers(for: municipality, draw: &draw, better: 0)
            try await responses.save(earlier.id, municipality.code, changes: given, by: coordinator.id, at: at)
            try await responses.submit(earlier.id, municipality.code, scores: instrument.definition.scores(Answers(given.compactMapValues { $0 })),
                                       by: coordinator.id, at: at)
        }

        // This year: the same 49, open for ten more days; 48 have answered, Zoetermeer (the
        // demo official's municipality) not yet. Follow-up decided for a few.
        let opens = Round.day(of: now.addingTimeInterval(-35 * day)), closes = Round.day(of: now.addingTimeInterval(10 * day))
        let current = try await rounds.create(
            try RoundDraft(title: "Quickscan \(calendar.component(.year, from: now))", opensOn: opens, closesOn: closes, codes: codes.map(\.rawValue)).validated(),
            instrument: instrument, targets: codes, id: UUID(), by: coordinator.id, at: now.addingTimeInterval(-36 * day),
            expiresAt: Round(id: UUID(), title: "", instrumentID: UUID(), instrumentVersion: 1, opensOn: opens, closesOn: closes, createdAt: now).closesAt).round
        draw = Draw(state: 2026)
        for (index, municipality) in targets.enumerated() where municipality.code.rawValue != official.organisation.rawValue {
            let at = now.addingTimeInterval(Double(-34 + index % 28) * day)
            let given = answers(for: municipality, draw: &draw, better: 1)
            try await responses.save(current.id, municipality.code, changes: given, by: coordinator.id, at: at)
            try await responses.submit(current.id, municipality.code, scores: instrument.definition.scores(Answers(given.compactMapValues { $0 })),
                                       by: coordinator.id, at: at)
        }
        try await followUps(database, round: current, instrument: instrument.definition, coordinator: coordinator, at: now.addingTimeInterval(-5 * day))
    }

    /// Confirms the first three proposals of the priority municipalities into the desk and dismisses one.
    static func followUps(_ database: Database, round: Round, instrument: Instrument, coordinator: User, at: Date) async throws {
        let proposals = FollowUp.proposals(instrument: instrument, responses: try await ResponseStore(database: database).submitted(round.id))
        let all = Dictionary(try await MunicipalityStore(database: database).all().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let needs = try await NeedStore(database: database).all()
        let names = Dictionary(needs.map { ($0.code, $0.nameNL) }, uniquingKeysWith: { a, _ in a })
        let offerings = OfferingStore(database: database)
        let store = FollowUpStore(database: database), requests = RequestStore(database: database)
        let chosen = proposals.filter { all[$0.municipality]?.isPriority == true }.prefix(4)
        for (index, proposal) in chosen.enumerated() {
            guard let municipality = all[proposal.municipality] else { continue }
            if index == 3 {
                try await store.dismiss(round.id, proposal.municipality, by: coordinator.id, at: at)
                continue
            }
            var matched: [Offering] = []
            for need in proposal.needs {
                for offering in try await offerings.search(OfferingFilter(need: need), reach: .signedIn, page: PageRequest(size: 2)).items
                where !matched.contains(where: { $0.id == offering.id }) { matched.append(offering) }
            }
            let valid = try FollowUp.draft(proposal, round: round, municipalityName: municipality.name, needNames: names,
                                           offerings: matched.prefix(4).map { (title: $0.title, path: "/aanbod/\($0.slug)") })
                .validated(knownNeeds: Set(needs.map(\.code)))
            _ = try await store.confirm(round.id, proposal.municipality, request: valid, requests: requests, id: UUID(), desk: .expertiseUnit,
                                        by: coordinator.id, at: at.addingTimeInterval(Double(index) * 3_600),
                                        targets: DeadlineTargets(needs: needs.filter { valid.needs.contains($0.code) }, urgency: valid.urgency), audit: [])
        }
    }
}
