import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The incident register in the demo (issue 21): the unit's coordinator links the guide to
/// the handling steps (a second version); in Zoetermeer, leuzen on the wall of a mosque
/// three weeks ago, handled through every step, shared with the police, the
/// anti-discrimination service and the expertise unit (and with the mosque's board while it
/// was handled, a share ended since) and leading to a request for advice at the unit; and a tension
/// between groups of young people in a neighbourhood that rose and calmed over a month,
/// kept to Zoetermeer itself. Added only when the municipality has no incidents yet.
enum DemoIncidents {
    static func seed(_ database: Database, official: User, coordinator: User, now: Date) async throws {
        let store = IncidentStore(database: database)
        let code = MunicipalityCode("GM0637")!
        guard try await store.list(.own(code), page: PageRequest(size: 1)).total == 0 else { return }
        let handling = HandlingStepStore(database: database)
        if let current = try await handling.current(), current.guide == nil,
           let guide = OfferingSlug.from(title: "Handreiking discriminatoire incidenten rond moskeeën"),
           try await OfferingStore(database: database).get(guide, reach: .unitOnly) != nil {
            _ = try await handling.publish(HandlingTemplateDraft.Valid(steps: current.steps, guide: guide,
                                                                       note: "De handreiking in de toolbox gekoppeld, zodat elk incident ernaar verwijst."),
                                           basedOn: current.version, by: coordinator.id, at: now)
        }
        func step(_ incident: Incident, _ code: String, _ state: StepState, _ daysAgo: Int, _ note: String) async throws {
            _ = try await handling.update(incident.id, step: code, with: IncidentStepUpdate.Valid(state: state, doneOn: state == .done ? day(daysAgo) : "", note: note),
                                          expectedVersion: nil, by: official.id, at: at(daysAgo))
        }
        func day(_ daysAgo: Int) -> String { String(AmsterdamTime.local(now.addingTimeInterval(-Double(daysAgo) * 86_400)).prefix(10)) }
        func at(_ daysAgo: Int) -> Date { now.addingTimeInterval(-Double(daysAgo) * 86_400) }

        let mosque = try await store.create(
            try IncidentDraft(kind: IncidentKind.placeOfWorship.rawValue, occurredOn: day(21), occurredAt: "23:40", location: LocationKind.placeOfWorship.rawValue,
                              neighbourhood: "Palenstein", grounds: [DiscriminationGround.religion.rawValue, DiscriminationGround.origin.rawValue],
                              nature: IncidentNature.vandalism.rawValue, setting: IncidentSetting.publicSpace.rawValue, severity: IncidentSeverity.high.rawValue,
                              description: """
                                  In de nacht zijn leuzen tegen moslims op de gevel van de moskee gekalkt. Het bestuur heeft aangifte gedaan; \
                                  de gemeente heeft de leuzen de volgende ochtend laten verwijderen en met het bestuur en de wijkagent gesproken.
                                  """).validated(today: at(21)),
            municipality: code, id: UUID(), by: official.id, at: at(21))
        var version = mosque.version
        version = try await store.update(mosque.id, with: IncidentUpdate.Valid(status: .handling, tensionLevel: nil,
                                                                            note: "Gesprek met het moskeebestuur en de wijkagent; extra surveillance afgesproken."),
                                         expectedVersion: version, by: official.id, at: at(20)).version
        // Every step of the guide, done, in the order of the days.
        try await step(mosque, "contact-bestuur", .done, 20, "De wethouder heeft de volgende ochtend met het bestuur gesproken.")
        try await step(mosque, "melding-politie", .done, 20, "Het bestuur heeft aangifte gedaan; de wijkagent surveilleert extra.")
        try await step(mosque, "veiligheidsmaatregelen", .done, 20, "Leuzen verwijderd; extra verlichting bij de ingang afgesproken.")
        for (partner, daysAgo) in [(DemoData.police.id, 20), (DemoData.mosqueBoard.id, 20), (.expertiseUnit, 19), (DemoData.antiDiscrimination.id, 19)] {
            version = try await store.share(mosque.id, with: partner, true, expectedVersion: nil, by: official.id, at: at(daysAgo)).version
        }
        try await step(mosque, "melding-adv", .done, 19, "Gemeld bij de antidiscriminatievoorziening; zij heeft contact met het bestuur.")
        try await step(mosque, "communicatie", .done, 19, "Gezamenlijke verklaring van gemeente, politie en bestuur op de website.")
        // It leads to a request for advice at the unit, linked both ways.
        let known = try await NeedStore(database: database).all()
        let help = try IncidentHelp.draft(mosque, question: "Wij willen met de moskee, de buurt en de partners een bijeenkomst houden. Kan het expertisepunt adviseren over de opzet en de communicatie?",
                                          municipalityName: "Zoetermeer").validated(knownNeeds: Set(known.map(\.code)))
        _ = try await store.askHelp(mosque.id, expectedVersion: version, request: help, requests: RequestStore(database: database), requestID: UUID(),
                                    by: official.id, at: at(18), targets: DeadlineTargets(needs: known.filter { help.needs.contains($0.code) }, urgency: help.urgency))
        version += 1
        try await step(mosque, "gesprek-gemeenschap", .done, 6, "Bijeenkomst in het wijkcentrum met de gemeenschap, buurtbewoners en sleutelfiguren.")
        version = try await store.update(mosque.id, with: IncidentUpdate.Valid(status: .monitoring, tensionLevel: nil,
                                                                            note: "Bijeenkomst met de gemeenschap en de buurt gehouden; geen nieuwe incidenten sinds."),
                                         expectedVersion: version, by: official.id, at: at(6)).version
        // The board worked with the municipality while it was handled; it is monitored now.
        _ = try await store.share(mosque.id, with: DemoData.mosqueBoard.id, false, expectedVersion: version, by: official.id, at: at(6))

        let tension = try await store.create(
            try IncidentDraft(kind: IncidentKind.neighbourhoodTension.rawValue, occurredOn: day(35), location: LocationKind.neighbourhood.rawValue,
                              neighbourhood: "Meerzicht", severity: IncidentSeverity.medium.rawValue,
                              description: "Onrust tussen twee groepen jongeren na een vechtpartij bij het winkelcentrum; berichten op sociale media.")
                .validated(today: at(35)),
            municipality: code, id: UUID(), by: official.id, at: at(35))
        let steps: [(Int, IncidentStatus?, TensionLevel, String)] = [
            (30, .handling, .tension, "Tweede confrontatie; jongerenwerk en wijkagent zijn in gesprek met beide groepen."),
            (25, nil, .escalation, "Oproepen tot een treffen op sociale media; extra inzet van politie en handhaving."),
            (14, .monitoring, .deescalation, "Wijkgesprek met ouders, jongerenwerk en sleutelfiguren; het is rustig sinds."),
        ]
        version = tension.version
        try await step(tension, "contact-bestuur", .notApplicable, 34, "Er is geen gebedshuis bij betrokken.")
        for (daysAgo, status, level, note) in steps {
            version = try await store.update(tension.id, with: IncidentUpdate.Valid(status: status, tensionLevel: level, note: note), expectedVersion: version,
                                             by: official.id, at: at(daysAgo)).version
            if daysAgo == 30 { try await step(tension, "melding-politie", .done, 30, "De wijkagent is op de hoogte en loopt extra rondes.") }
            if daysAgo == 14 { try await step(tension, "gesprek-gemeenschap", .done, 14, "Wijkgesprek met ouders, jongerenwerk en sleutelfiguren.") }
        }
    }

    /// A year of incidents across the country for the national figures (issue 21, part 6):
    /// about 600, in the months before `now`, in municipalities drawn by size (larger ones
    /// more often; Zoetermeer left to its own story), kinds and grounds in proportions like
    /// those the anti-discrimination services report; none shared with the unit. Registered
    /// through the store as any incident is, by the unit's coordinator standing in for the
    /// municipalities' officials (the demo has no officials elsewhere). Added once.
    static func national(_ database: Database, by user: User, now: Date) async throws {
        let store = IncidentStore(database: database)
        let zoetermeer = "GM0637"
        guard try await store.tally(year: DutchCalendar().calendar.component(.year, from: now)).months.values
            .allSatisfy({ $0.keys.allSatisfy { $0 == zoetermeer } }) else { return }
        let municipalities = try await MunicipalityStore(database: database).all().filter { $0.isActive && $0.code.rawValue != zoetermeer }
        // Larger municipalities more often: each as often as its population in tens of thousands, at least once.
        let weighted = municipalities.flatMap { Array(repeating: $0.code, count: max(1, $0.population / 40_000)) }
        let kinds: [(IncidentKind, Int)] = [(.placeOfWorship, 15), (.elsewhere, 35), (.onlineHate, 20), (.neighbourhoodTension, 15), (.demonstration, 10), (.other, 5)]
        let grounds: [(DiscriminationGround, Int)] = [(.religion, 40), (.origin, 30), (.antisemitism, 12), (.sexualOrientation, 6), (.nationality, 5),
                                                      (.sex, 3), (.belief, 2), (.unknown, 2)]
        let natures: [(IncidentNature, Int)] = [(.hostileTreatment, 35), (.vandalism, 25), (.threat, 20), (.violence, 8), (.unequalTreatment, 7), (.other, 5)]
        let texts: [IncidentKind: String] = [
            .placeOfWorship: "Leuzen op de muur van een gebedshuis; het bestuur heeft melding gedaan.",
            .elsewhere: "Scheldpartij op straat met verwijzing naar geloof of afkomst; melding bij de gemeente.",
            .onlineHate: "Haatberichten over een gebedshuis op sociale media; gemeld bij het platform en de politie.",
            .neighbourhoodTension: "Onrust tussen groepen bewoners na een incident; wijkagent en jongerenwerk zijn betrokken.",
            .demonstration: "Aangekondigde demonstratie bij een gebedshuis; afspraken met politie en organisatoren.",
            .other: "Signaal van oplopende spanning, gemeld door een sleutelfiguur.",
        ]
        func pick<T>(_ options: [(T, Int)], _ draw: inout DemoQuickscan.Draw) -> T {
            var roll = draw.int(1...options.reduce(0) { $0 + $1.1 })
            for (option, weight) in options { roll -= weight; if roll <= 0 { return option } }
            return options[0].0
        }
        var draw = DemoQuickscan.Draw(state: 21)
        let day: TimeInterval = 86_400
        for _ in 0..<600 {
            let at = now.addingTimeInterval(-Double(draw.int(1...365)) * day - Double(draw.int(0...23)) * 3_600)
            let kind = pick(kinds, &draw)
            var chosen: [String] = []
            if kind.isDiscrimination {
                chosen = [pick(grounds, &draw).rawValue]
                if draw.chance(0.25) { chosen.append(pick(grounds, &draw).rawValue) }
            }
            let draft = IncidentDraft(
                kind: kind.rawValue, occurredOn: String(AmsterdamTime.local(at).prefix(10)),
                location: (kind == .onlineHate ? LocationKind.online : kind == .placeOfWorship ? .placeOfWorship : kind.isTension ? .neighbourhood : .publicSpace).rawValue,
                grounds: Array(Set(chosen)).sorted(), nature: kind.isDiscrimination ? pick(natures, &draw).rawValue : "",
                setting: kind.isDiscrimination ? (kind == .onlineHate ? IncidentSetting.mediaInternet : .publicSpace).rawValue : "",
                severity: [IncidentSeverity.low, .medium, .medium, .high][draw.int(0...3)].rawValue, description: texts[kind]!)
            _ = try await store.create(try draft.validated(today: at), municipality: weighted[draw.int(0...(weighted.count - 1))], id: UUID(), by: user.id, at: at)
        }
    }
}
