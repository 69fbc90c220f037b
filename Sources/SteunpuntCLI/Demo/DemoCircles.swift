import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The learning circle of the demo, after the letter ("leerkringen"): six municipalities in
/// Zuid-Holland that work on tensions in neighbourhoods with the unit. Two of its three
/// sessions were held, the third is to come; its space holds a lesson learned and a note;
/// a guide of the toolbox is its result; Utrecht has asked to join and waits for the
/// unit's decision. Added only when there are no circles.
enum DemoCircles {
    static let members = ["GM0637", "GM0599", "GM0518", "GM0546", "GM0503", "GM0513"]

    static func seed(_ database: Database, unit: User, official: User, asking: User, now: Date) async throws {
        let store = CircleStore(database: database)
        guard try await store.list(for: unit.organisation, everything: true, page: PageRequest(size: 1)).total == 0 else { return }
        let started = now.addingTimeInterval(-75 * 86_400)
        let valid = try CircleDraft(title: "Leerkring Zuid-Holland: spanningen in de wijk",
                                    description: """
                                    Zes gemeenten in Zuid-Holland leren van elkaar hoe zij spanningen in wijken vroeg zien en bespreekbaar maken, met de \
                                    sleutelfiguren die daarbij helpen. De expertise-unit begeleidt de kring; elke sessie staat één vraag uit de praktijk centraal.

                                    - wie in uw gemeente signalen van spanning opvangt, en hoe die bij elkaar komen;
                                    - het gesprek met sleutelfiguren en zelforganisaties;
                                    - wat werkt na een incident in de wijk.
                                    """,
                                    needs: [NeedCode.socialTension.rawValue, NeedCode.networks.rawValue], status: CircleStatus.active.rawValue)
            .validated(knownNeeds: Set(Need.shipped.map(\.code)))
        let circle = try await store.create(valid, id: UUID(), by: unit.id, at: started, invite: members.compactMap(OrganisationID.init))
        for code in members {
            guard let organisation = OrganisationID(code) else { continue }
            _ = try await store.move(circle.id, organisation: organisation, to: .member, reason: "", by: unit.id, tell: nil,
                                     at: started.addingTimeInterval(86_400), check: { _, _ in })
        }
        _ = try await store.ask(circle.id, for: asking.organisation, motivation: "Wij zien in twee wijken toenemende spanningen en willen graag leren van andere gemeenten.",
                                by: asking.id, unit: .expertiseUnit, at: now.addingTimeInterval(-2 * 86_400), check: { _, _ in })

        let meetings = MeetingStore(database: database)
        func day(_ offset: Int) -> String { String(AmsterdamTime.local(now.addingTimeInterval(Double(offset) * 86_400)).prefix(10)) }
        for (number, offset, theme) in [(1, -60, "signalen bij elkaar brengen"), (2, -25, "het gesprek met sleutelfiguren"), (3, 21, "na een incident in de wijk")] {
            let session = try MeetingDraft(kind: MeetingKind.circleSession.rawValue, title: "Leerkring Zuid-Holland, sessie \(number): \(theme)",
                                           description: "Sessie \(number) van de leerkring, voor de deelnemende gemeenten.", organiser: "szw-ess",
                                           venue: "Gemeentehuis Zoetermeer, Stadhuisplein 1", startsAt: "\(day(offset))T14:00", endsAt: "\(day(offset))T16:30",
                                           capacity: "24", registrationClosesAt: offset > 0 ? "\(day(offset - 2))T17:00" : "",
                                           status: (offset > 0 ? MeetingStatus.open : .held).rawValue, circle: circle.id.uppercasedText).validated()
            let meeting = try await meetings.create(session, id: UUID(), by: unit.id, at: offset > 0 ? now : started)
            if offset < 0 {
                let registration = try await meetings.register(for: meeting.id, person: official.id, organisation: official.organisation, needs: "", id: UUID(),
                                                               at: meeting.startsAt.addingTimeInterval(-7 * 86_400), check: { _, _ in })
                try await meetings.markAttendance([registration.id: .present], of: meeting.id, by: unit.id, at: meeting.endsAt, check: { _ in })
            }
        }
        try await store.addNote(CircleNote(id: UUID(), circle: circle.id, kind: .lesson,
                                           text: "Begin bij de mensen die de wijk al kent: buurtwerkers, wijkagenten en sleutelfiguren. Zij zien spanningen eerder dan het gemeentehuis.",
                                           author: official.id, organisation: official.organisation, createdAt: now.addingTimeInterval(-59 * 86_400)), check: { _ in })
        try await store.addNote(CircleNote(id: UUID(), circle: circle.id, kind: .note,
                                           text: "Voor sessie 3 brengt elke gemeente één casus mee, in algemene termen en zonder namen.",
                                           author: unit.id, organisation: unit.organisation, createdAt: now.addingTimeInterval(-24 * 86_400)), check: { _ in })
        let guides = try await OfferingStore(database: database).search(OfferingFilter(kind: .guide), reach: .signedIn, page: PageRequest(size: 1)).items
        try await store.saveResults(guides.map(\.id), of: circle.id, at: now.addingTimeInterval(-24 * 86_400))
    }
}
