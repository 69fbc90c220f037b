import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The unit's network register in the demo, after the letter ("netwerken binnen
/// verschillende migrantengemeenschappen"): a mosque board and a platform of community
/// organisations in Zoetermeer, a key figure and a fathers' group in Rotterdam. The mosque
/// board was introduced to Zoetermeer on its request for a preventive approach; the fathers'
/// group has had no activity for fourteen months and is due for review. Added only when the
/// register is empty.
enum DemoNetworks {
    static func seed(_ database: Database, advisor: User, now: Date) async throws {
        let store = NetworkStore(database: database)
        guard try await store.list(NetworkFilter(), page: PageRequest(size: 1)).total == 0 else { return }
        let known = Set(Need.shipped.map(\.code))
        func day(_ daysAgo: Int) -> String { String(AmsterdamTime.local(now.addingTimeInterval(-Double(daysAgo) * 86_400)).prefix(10)) }
        func add(_ kind: NetworkEntryKind, _ name: String, _ role: String, _ municipality: String, _ themes: [NeedCode], _ route: String, _ consent: ConsentForm,
                 consentDaysAgo: Int, note: String, madeDaysAgo: Int) async throws -> NetworkEntry {
            let valid = try NetworkEntryDraft(kind: kind.rawValue, name: name, role: role, municipality: municipality, themes: themes.map(\.rawValue),
                                              contactRoute: route, consent: consent.rawValue, consentOn: day(consentDaysAgo), note: note)
                .validated(knownNeeds: known, today: now)
            return try await store.create(valid, id: UUID(), by: advisor.id, at: now.addingTimeInterval(-Double(madeDaysAgo) * 86_400))
        }
        let mosque = try await add(.organisation, "Stichting Moskee Al-Ikhlas", "Moskeebestuur", "GM0637", [.networks, .socialTension, .discriminatoryIncident],
                                   "bestuur@al-ikhlas.example", .written, consentDaysAgo: 200,
                                   note: "Het bestuur zoekt actief contact met gemeente en wijkteams en neemt deel aan het overleg na incidenten.", madeDaysAgo: 200)
        _ = try await add(.organisation, "Platform Zoetermeerse Zelforganisaties", "Samenwerkingsverband van migrantenorganisaties", "GM0637",
                          [.networks, .cooperation], "https://www.platform-zelforganisaties.example/contact", .byMail, consentDaysAgo: 90,
                          note: "Brengt twintig zelforganisaties samen; organiseert dialoogavonden.", madeDaysAgo: 90)
        _ = try await add(.keyFigure, "S. Amrani", "Jongerenwerker en sleutelfiguur in Rotterdam-Zuid", "GM0599", [.networks, .training],
                          "+31 10 123 4567", .oral, consentDaysAgo: 45, note: "Bereikbaar via het algemene nummer van het jongerenwerk.", madeDaysAgo: 45)
        _ = try await add(.organisation, "Stichting Buurtvaders Rotterdam-Zuid", "Vrijwillige buurtvaders", "GM0599", [.socialTension],
                          "info@buurtvaders.example", .written, consentDaysAgo: 430, note: "Sinds de vorige beoordeling geen contact meer gehad.", madeDaysAgo: 420)

        // The mosque board was introduced to Zoetermeer on its request for a preventive approach.
        let requests = RequestStore(database: database)
        let found = try await requests.list(RequestFilter(text: "Opzet brede preventieve aanpak"), scope: .party(.expertiseUnit), page: PageRequest(size: 5)).items
        if let request = found.first?.request {
            try await requests.addActivity(RequestActivity(id: UUID(), request: request.id, kind: .networkIntroduction, day: day(28), hours: 1, participants: 3,
                                                           note: "Kennismaking van de wethouder met het moskeebestuur", author: advisor.id,
                                                           createdAt: now.addingTimeInterval(-28 * 86_400), network: mosque.id))
        }
    }
}
