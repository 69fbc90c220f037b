import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The support requests of the demo, telling the letter's story: Zoetermeer asks the VNG
/// desk about a broad preventive approach, is referred to the unit and advised; a school
/// comes in through the School and Safety helpdesk; a priority municipality asks the unit
/// for training of key figures; one request waits for its requester; one is overdue.
/// Every role's work queue has something in it: a desk's new, declined and undecided
/// requests, the unit's referral to accept and request without an advisor, an advisor's
/// assigned request, a municipality's question to answer and a reply to read. Six
/// municipalities were advised last quarter, which the published progress report counts.
/// Added only when there are no requests yet.
enum DemoRequests {
    struct Cast {
        let official: User, school: User, desk: User, helpdesk: User, advisor: User, coordinator: User, rotterdamOfficial: User
    }

    static func isoDay(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Amsterdam")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    static func seed(_ database: Database, cast: Cast, now: Date) async throws {
        let store = RequestStore(database: database)
        guard try await store.list(RequestFilter(), scope: .party(.vngDesk), page: PageRequest(size: 1)).total == 0,
              try await store.list(RequestFilter(), scope: .party(.expertiseUnit), page: PageRequest(size: 1)).total == 0 else { return }
        let needs = try await NeedStore(database: database).all()
        let workflow = RequestWorkflow()
        let day: TimeInterval = 86_400

        func file(_ title: String, _ description: String, requester: OrganisationID, municipality: String, needs codes: [NeedCode], channel: RequestChannel,
                  urgency: Urgency = .normal, desk: OrganisationID, by filer: User, daysAgo: Double) async throws -> SupportRequest {
            let valid = RequestDraft.Valid(title: title, description: description, requester: requester,
                                           municipality: MunicipalityCode(municipality)!, needs: codes, channel: channel, urgency: urgency,
                                           preferredContact: "")
            return try await store.create(valid, id: UUID(), desk: desk, createdBy: filer.id, at: now.addingTimeInterval(-daysAgo * day),
                                          targets: DeadlineTargets(needs: needs.filter { codes.contains($0.code) }, urgency: urgency))
        }
        func steps(_ request: SupportRequest, _ list: [(RequestAction, User, Double)]) async throws -> SupportRequest {
            var current = request
            for (action, actor, daysAgo) in list {
                let at = now.addingTimeInterval(-daysAgo * day)
                let targets = DeadlineTargets(needs: needs.filter { current.needs.contains($0.code) }, urgency: current.urgency)
                let (next, change) = try workflow.apply(action, to: current, by: actor, at: at, targets: targets)
                current = try await store.save(next, previous: current, change: change, at: at)
            }
            return current
        }

        // 1. Zoetermeer → VNG desk → unit → advised.
        let advised = try await file("Opzet brede preventieve aanpak", "De gemeente wil een brede preventieve aanpak opzetten, met onderwijs, jongerenwerk en wijkteams. Waar beginnen we?",
                                     requester: cast.official.organisation, municipality: "GM0637", needs: [.preventiveApproach, .cooperation], channel: .vngDesk,
                                     desk: .vngDesk, by: cast.official, daysAgo: 40)
        let advisedNow = try await steps(advised, [
            (.startTriage, cast.desk, 39), (.refer(to: .expertiseUnit, reason: "Advies op maat door de expertise-unit"), cast.desk, 39),
            (.accept, cast.coordinator, 38), (.assign(advisor: cast.advisor.id), cast.coordinator, 38),
        ])
        try await store.addActivity(RequestActivity(id: UUID(), request: advised.id, kind: .adviceSession, day: isoDay(now.addingTimeInterval(-30 * day)),
                                                    hours: 3, participants: 6, note: "Gesprek met wethouder, beleidsadviseurs en jongerenwerk", author: cast.advisor.id,
                                                    createdAt: now.addingTimeInterval(-30 * day)))
        _ = try await steps(advisedNow, [(.close(outcome: .advised, reason: "Plan van aanpak opgesteld"), cast.advisor, 25)])

        // 2. A school through the School and Safety helpdesk.
        _ = try await file("Spanningen in de klas na nieuws uit het buitenland", "Docenten vragen hoe zij het gesprek in de klas kunnen voeren.",
                           requester: cast.school.organisation, municipality: "GM0637", needs: [.schoolSituation], channel: .schoolHelpdesk,
                           desk: .schoolHelpdesk, by: cast.school, daysAgo: 1)

        // 3. A priority municipality asks the unit for training of key figures.
        let training = try await file("Training sleutelfiguren", "Wij willen sleutelfiguren uit de wijken trainen in het herkennen van signalen.",
                                      requester: cast.rotterdamOfficial.organisation, municipality: "GM0599", needs: [.training], channel: .unitDirect,
                                      desk: .expertiseUnit, by: cast.rotterdamOfficial, daysAgo: 12)
        _ = try await steps(training, [(.assign(advisor: cast.advisor.id), cast.coordinator, 11)])

        // 4. Waiting for the requester.
        let waiting = try await file("Samenwerking met moskeebesturen", "Hoe betrekken we moskeebesturen bij het lokale netwerk?",
                                     requester: cast.official.organisation, municipality: "GM0637", needs: [.networks], channel: .phone,
                                     desk: .vngDesk, by: cast.desk, daysAgo: 6)
        _ = try await steps(waiting, [(.startTriage, cast.desk, 5), (.waitForRequester(reason: "Welke moskeeën zijn er in de gemeente actief?"), cast.desk, 5)])
        try await store.addMessage(RequestMessage(id: UUID(), request: waiting.id, author: cast.desk.id, authorOrganisation: cast.desk.organisation,
                                                  isInternal: false, body: "Om u goed te helpen: welke moskeeën zijn er in uw gemeente actief, en met welke heeft u al contact?",
                                                  createdAt: now.addingTimeInterval(-5 * day)), step: nil)

        // 5. Overdue: nobody has answered in time.
        _ = try await file("Informatie over de handreiking", "Waar vinden wij de handreiking en de toolbox?", requester: cast.official.organisation,
                           municipality: "GM0637", needs: [.information], channel: .email, desk: .vngDesk, by: cast.desk, daysAgo: 21)

        // 6. A referral the unit declined: back at the VNG desk for its decision.
        let declined = try await file("Voorlichting aan ouders over online radicalisering", "Ouders vragen om een avond over wat hun kinderen online tegenkomen.",
                                      requester: cast.rotterdamOfficial.organisation, municipality: "GM0599", needs: [.information], channel: .vngDesk,
                                      desk: .vngDesk, by: cast.rotterdamOfficial, daysAgo: 4)
        _ = try await steps(declined, [
            (.startTriage, cast.desk, 4), (.refer(to: .expertiseUnit, reason: "Vraag om een voorlichtingsavond"), cast.desk, 4),
            (.decline(reason: "Een ouderavond verzorgt de unit niet; het landelijk steunpunt extremisme kan dit wel."), cast.coordinator, 3),
        ])

        // 7. Being looked at by the VNG desk: its decision comes next.
        let triage = try await file("Signalen over polarisatie rond een buurthuis", "Bewoners melden spanningen rond activiteiten in een buurthuis.",
                                    requester: cast.official.organisation, municipality: "GM0637", needs: [.cooperation], channel: .vngDesk,
                                    desk: .vngDesk, by: cast.official, daysAgo: 2)
        _ = try await steps(triage, [(.startTriage, cast.desk, 2)])

        // 8. Referred to the unit this morning: the coordinator accepts or declines.
        let referred = try await file("Netwerk van sleutelfiguren opbouwen", "De gemeente wil een netwerk van sleutelfiguren opbouwen en onderhouden.",
                                      requester: cast.rotterdamOfficial.organisation, municipality: "GM0599", needs: [.networks], channel: .vngDesk,
                                      desk: .vngDesk, by: cast.rotterdamOfficial, daysAgo: 1)
        _ = try await steps(referred, [(.startTriage, cast.desk, 1), (.refer(to: .expertiseUnit, reason: "Netwerkvorming is het werk van de unit"), cast.desk, 0.2)])

        // 9. Last quarter the unit advised municipalities that asked the VNG desk ("een aantal
        // gemeenten is reeds geadviseerd"): six, each closed within that quarter, so the
        // published progress report counts them (five or more: shown to everyone).
        let quarterStart = PlanQuarter(containing: now).previous.previous.end()
        let earlier: [(String, String, NeedCode)] = [
            ("GM0363", "Lokale aanpak na de eerste quickscan", .preventiveApproach), ("GM0518", "Samenwerking met de wijkteams", .cooperation),
            ("GM0344", "Netwerk van sleutelfiguren in de wijken", .networks), ("GM0503", "Handelingsperspectief voor jongerenwerkers", .training),
            ("GM0202", "Rol van het onderwijs in de lokale aanpak", .preventiveApproach), ("GM0406", "Spanningen na een incident bij een moskee", .cooperation),
        ]
        for (index, (code, title, need)) in earlier.enumerated() {
            let filedAgo = now.timeIntervalSince(quarterStart) / day - Double(5 + index * 7)
            let request = try await file(title, "De gemeente vraagt advies op maat over \(title.lowercased()).", requester: OrganisationID(code)!, municipality: code,
                                         needs: [need], channel: .vngDesk, desk: .vngDesk, by: cast.desk, daysAgo: filedAgo)
            _ = try await steps(request, [
                (.startTriage, cast.desk, filedAgo - 1), (.refer(to: .expertiseUnit, reason: "Advies op maat door de expertise-unit"), cast.desk, filedAgo - 1),
                (.accept, cast.coordinator, filedAgo - 2), (.assign(advisor: cast.advisor.id), cast.coordinator, filedAgo - 2),
                (.close(outcome: .advised, reason: "Advies gegeven"), cast.advisor, filedAgo - 20),
            ])
        }

        // 10. Closed more than five years ago: their retention period has passed, so the
        // server's first retention round puts them on a destruction list for the
        // coordinator to review and an administrator to approve (/beheer/vernietiging).
        for (index, (code, title)) in [("GM0637", "Voorlichting over online radicalisering"), ("GM0599", "Contact met een moskeebestuur")].enumerated() {
            let filedAgo = Double(6 * 365 + 40 + index * 30)
            let request = try await file(title, "De gemeente vroeg om advies over \(title.lowercased()).", requester: OrganisationID(code)!, municipality: code,
                                         needs: [.preventiveApproach], channel: .vngDesk, desk: .vngDesk, by: cast.desk, daysAgo: filedAgo)
            _ = try await steps(request, [(.startTriage, cast.desk, filedAgo - 1), (.close(outcome: .advised, reason: "Advies gegeven"), cast.desk, filedAgo - 10)])
        }
    }
}
