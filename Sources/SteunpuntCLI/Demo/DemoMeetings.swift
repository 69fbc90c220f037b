import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The meetings of the demo, after the letter ("de NCTV organiseert regionale
/// kennisbijeenkomsten"): a public regional meeting in the north, a regional meeting in
/// Zuid-Holland that is full with someone on its waiting list, the unit's webinar on
/// reading the quickscan, and a meeting in the east that was held two months ago, with
/// who came, a report, the toolbox's materials and feedback. Times are Dutch afternoon
/// times relative to `now`. Added only when there are no meetings.
enum DemoMeetings {
    static func seed(_ database: Database, organiser: User, unit: User, registrants: [User], waiting: User, now: Date) async throws {
        let store = MeetingStore(database: database)
        guard try await store.list(MeetingScope(signedIn: true, allDrafts: true), from: .distantPast, page: PageRequest(size: 1)).total == 0 else { return }
        func day(_ offset: Int) -> String { String(AmsterdamTime.local(now.addingTimeInterval(Double(offset) * 86_400)).prefix(10)) }
        func add(_ kind: MeetingKind, _ title: String, _ description: String, organiser organisation: String, by user: User, provinces: [String] = [],
                 venue: String = "", link: String = "", in days: Int, from: String = "13:00", to: String = "16:30", capacity: Int,
                 visibility: Visibility = .signedIn, status: MeetingStatus = .open) async throws -> Meeting {
            let valid = try MeetingDraft(kind: kind.rawValue, title: title, description: description, organiser: organisation, provinces: provinces,
                                         venue: venue, onlineLink: link, startsAt: "\(day(days))T\(from)", endsAt: "\(day(days))T\(to)",
                                         capacity: String(capacity), registrationClosesAt: days > 0 ? "\(day(days - 2))T17:00" : "",
                                         visibility: visibility.rawValue, status: status.rawValue).validated()
            let at = days > 0 ? now : now.addingTimeInterval(Double(days - 30) * 86_400)
            return try await store.create(valid, id: UUID(), by: user.id, at: at)
        }
        _ = try await add(.regionalMeeting, "Regionale kennisbijeenkomst Noord-Nederland",
                          """
                          De NCTV nodigt gemeenten in Groningen, Fryslân en Drenthe uit voor een middag over **vroegsignalering**: hoe herkent u signalen van radicalisering en maatschappelijke spanning, en wie doet wat in uw gemeente?

                          - ervaringen van gemeenten die een lokale aanpak opzetten
                          - het aanbod van de expertise-unit: advies op maat, trainingen en netwerken
                          - ruimte voor vragen uit uw eigen praktijk
                          """,
                          organiser: "nctv", by: organiser, provinces: ["Groningen", "Fryslân", "Drenthe"], venue: "Provinciehuis Groningen, Martinikerkhof 12",
                          in: 24, capacity: 60, visibility: .publicAccess)
        let full = try await add(.regionalMeeting, "Kennisbijeenkomst Zuid-Holland: spanningen in de wijk",
                                 "Een kleine bijeenkomst voor gemeenten in Zuid-Holland over het bespreekbaar maken van spanningen in wijken, met de sleutelfiguren die daarbij helpen.",
                                 organiser: "nctv", by: organiser, provinces: ["Zuid-Holland"], venue: "Stadhuis Zoetermeer, Stadhuisplein 1",
                                 in: 38, capacity: registrants.count)
        for person in registrants + [waiting] {
            _ = try await store.register(for: full.id, person: person.id, organisation: person.organisation, needs: "", id: UUID(), at: now, check: { _, _ in })
        }
        _ = try await add(.webinar, "Webinar: de uitkomsten van de quickscan lezen en gebruiken",
                          "De expertise-unit laat zien hoe u de uitkomsten van de quickscan leest en vertaalt naar een vraag om ondersteuning.",
                          organiser: "szw-ess", by: unit, link: "https://webinar.steunpunt.example/quickscan", in: 45, from: "10:00", to: "11:00", capacity: 200,
                          visibility: .publicAccess)
        let held = try await add(.regionalMeeting, "Regionale kennisbijeenkomst Oost-Nederland",
                                 "De bijeenkomst in Gelderland en Overijssel over het 10-puntenplan.",
                                 organiser: "nctv", by: organiser, provinces: ["Gelderland", "Overijssel"], venue: "Stadhuis Arnhem, Koningstraat 38",
                                 in: -60, capacity: 50, status: .held)
        try await followUp(held, store: store, database: database, organiser: organiser, attendees: registrants + [waiting])
    }

    /// The held meeting's attendance (all but the last came), its report with the toolbox's
    /// public guides as materials, and the first attendee's feedback.
    static func followUp(_ meeting: Meeting, store: MeetingStore, database: Database, organiser: User, attendees: [User]) async throws {
        let registeredAt = meeting.startsAt.addingTimeInterval(-14 * 86_400)
        var marks: [UUID: Attendance?] = [:]
        for (index, person) in attendees.enumerated() {
            let registration = try await store.register(for: meeting.id, person: person.id, organisation: person.organisation, needs: "", id: UUID(),
                                                        at: registeredAt, check: { _, _ in })
            marks[registration.id] = index == attendees.count - 1 ? .absent : .present
        }
        try await store.markAttendance(marks, of: meeting.id, by: organiser.id, at: meeting.endsAt, check: { _ in })
        let guides = try await OfferingStore(database: database).search(OfferingFilter(kind: .guide), reach: .signedIn, page: PageRequest(size: 2)).items
        _ = try await store.saveReport("""
            Gemeenten uit Gelderland en Overijssel spraken over het **10-puntenplan**: waar staat uw gemeente, en welke stap zet u als eerste?

            - de meeste gemeenten hebben een aanspreekpunt radicalisering, maar nog geen afspraken over het delen van signalen;
            - behoefte aan een training voor frontlijnwerkers en aan contact met sleutelfiguren in de wijk;
            - de expertise-unit biedt advies op maat aan gemeenten die met het plan beginnen.
            """, materials: guides.map(\.id), of: meeting.id, at: meeting.endsAt.addingTimeInterval(86_400))
        if let first = attendees.first {
            try await store.giveFeedback(rating: 4, text: "Veel herkenning bij andere gemeenten; graag een vervolg over sleutelfiguren.", on: meeting.id,
                                         by: first.id, at: meeting.endsAt.addingTimeInterval(3600), check: { _, _ in })
        }
    }
}
