import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The incident register in the demo (issue 21): in Zoetermeer, leuzen on the wall of a
/// mosque three weeks ago, handled, shared with the expertise unit and leading to a request
/// for advice at the unit; and a tension
/// between groups of young people in a neighbourhood that rose and calmed over a month,
/// kept to Zoetermeer itself. Added only when the municipality has no incidents yet.
enum DemoIncidents {
    static func seed(_ database: Database, official: User, now: Date) async throws {
        let store = IncidentStore(database: database)
        let code = MunicipalityCode("GM0637")!
        guard try await store.list(.own(code), page: PageRequest(size: 1)).total == 0 else { return }
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
        version = try await store.share(mosque.id, withUnit: true, expectedVersion: version, by: official.id, at: at(19)).version
        // It leads to a request for advice at the unit, linked both ways.
        let known = try await NeedStore(database: database).all()
        let help = try IncidentHelp.draft(mosque, question: "Wij willen met de moskee, de buurt en de partners een bijeenkomst houden. Kan het expertisepunt adviseren over de opzet en de communicatie?",
                                          municipalityName: "Zoetermeer").validated(knownNeeds: Set(known.map(\.code)))
        _ = try await store.askHelp(mosque.id, expectedVersion: version, request: help, requests: RequestStore(database: database), requestID: UUID(),
                                    by: official.id, at: at(18), targets: DeadlineTargets(needs: known.filter { help.needs.contains($0.code) }, urgency: help.urgency))
        version += 1
        _ = try await store.update(mosque.id, with: IncidentUpdate.Valid(status: .monitoring, tensionLevel: nil,
                                                                      note: "Bijeenkomst met de gemeenschap en de buurt gehouden; geen nieuwe incidenten sinds."),
                                   expectedVersion: version, by: official.id, at: at(6))

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
        for (daysAgo, status, level, note) in steps {
            version = try await store.update(tension.id, with: IncidentUpdate.Valid(status: status, tensionLevel: level, note: note), expectedVersion: version,
                                             by: official.id, at: at(daysAgo)).version
        }
    }
}
