import Foundation
import SteunpuntDomain
import Testing

@Suite("Meetings: the draft, Dutch time, places and who may do what")
struct MeetingTests {
    static func draft(_ change: (inout MeetingDraft) -> Void = { _ in }) -> MeetingDraft {
        var draft = MeetingDraft(kind: "regionale-kennisbijeenkomst", title: "Regionale kennisbijeenkomst Oost-Nederland",
                                 description: "Over signalen van **polarisatie**.", organiser: "nctv", provinces: ["gelderland", "overijssel"],
                                 venue: "Stadhuis Arnhem, Koningstraat 38", startsAt: "2027-03-30T13:00", endsAt: "2027-03-30T17:00", capacity: "50",
                                 registrationClosesAt: "2027-03-23T17:00", status: "open")
        change(&draft)
        return draft
    }

    @Test("a whole meeting is read: Dutch wall-clock times in summer and winter, defaults for the deadlines and the hold time")
    func valid() throws {
        let valid = try Self.draft().validated()
        // 30 March 2027 is in summer time (UTC+2): 13:00 there is 11:00 UTC.
        #expect(valid.startsAt == Date(timeIntervalSince1970: 1_806_404_400))
        #expect(AmsterdamTime.local(valid.startsAt) == "2027-03-30T13:00")
        #expect(valid.registrationClosesAt < valid.startsAt && valid.cancellationDeadline == valid.registrationClosesAt)
        #expect(valid.offerHoldHours == 48 && valid.provinces == [.gelderland, .overijssel] && valid.visibility == .signedIn)
        // 23 March 2027 is still winter time (UTC+1).
        #expect(AmsterdamTime.offset(at: valid.registrationClosesAt) == 3600 && AmsterdamTime.offset(at: valid.startsAt) == 7200)
        let noDeadline = try Self.draft { $0.registrationClosesAt = "" }.validated()
        #expect(noDeadline.registrationClosesAt == noDeadline.startsAt)
    }

    @Test("times with an offset are instants as written; a skipped hour is refused, not guessed; nonsense is refused")
    func times() throws {
        #expect(try AmsterdamTime.parse("2027-03-30T11:00Z").get() == Date(timeIntervalSince1970: 1_806_404_400))
        #expect(try AmsterdamTime.parse("2027-03-30T13:00:00+02:00").get() == Date(timeIntervalSince1970: 1_806_404_400))
        // The clocks go from 02:00 to 03:00 on 28 March 2027.
        #expect(throws: AmsterdamTime.ProblemError.self) { try AmsterdamTime.parse("2027-03-28T02:30").get() }
        #expect(try AmsterdamTime.parse("2027-03-28T03:30").get() == Date(timeIntervalSince1970: 1_806_197_400))
        // In October 02:30 happens twice; the first (summer time) is meant.
        #expect(try AmsterdamTime.parse("2027-10-31T02:30").get() == Date(timeIntervalSince1970: 1_824_942_600))
        for text in ["2027-02-30T10:00", "2027-03-30", "30-03-2027 10:00", "2027-03-30T25:00", "2027-03-30T10:00+2", "2027-03-30T10:00junk", ""] {
            #expect((try? AmsterdamTime.parse(text).get()) == nil, "\(text)")
        }
    }

    @Test("every problem at once, with the field each is about, the privacy guard on every text")
    func problems() throws {
        let draft = MeetingDraft(kind: "feest", title: "", description: "Bel 111222333", organiser: "", provinces: ["atlantis"],
                                 municipalities: ["GM9"], audience: ["marsbewoners"], venue: "", onlineLink: "http://meet.example/x",
                                 startsAt: "2027-03-28T02:30", endsAt: "gisteren", capacity: "0", perOrganisation: "veel",
                                 registrationOpensAt: "2027-13-01T10:00", offerHoldHours: "1000", visibility: "unit", status: "vol")
        do {
            _ = try draft.validated()
            Issue.record("accepted")
        } catch {
            guard case .invalid(let errors) = error else { Issue.record("\(error)"); return }
            let found = Set(errors.map { "\($0.field):\($0.code)" })
            let expected: Set<String> = ["soort:invalid_meeting_kind", "titel:required", "beschrijving:personal_identifier_bsn", "organisator:required",
                                         "provincies:invalid_province", "gemeenten:invalid_municipality_code", "doelgroep:invalid_kind",
                                         "onlineLink:invalid_https_url", "begin:time_skipped_by_summer_time",
                                         "einde:invalid_date_time", "capaciteit:invalid_number", "maximumPerOrganisatie:invalid_number",
                                         "inschrijvingVanaf:invalid_date_time", "aanbodGeldigUren:invalid_number", "zichtbaarheid:invalid_visibility",
                                         "status:invalid_meeting_status"]
            #expect(found == expected, "missing \(expected.subtracting(found)), extra \(found.subtracting(expected))")
        }
        #expect(throws: DomainError.invalid([FieldError(field: "locatie", code: "venue_or_link_required")])) {
            try Self.draft { $0.venue = " " }.validated()
        }
        let online = try Self.draft { $0.venue = ""; $0.onlineLink = "https://meet.example.nl/kennis" }.validated()
        #expect(online.onlineLink?.host == "meet.example.nl")
    }

    @Test("times must follow each other: end after start, registration before the start, opening before closing")
    func order() {
        let draft = Self.draft {
            $0.endsAt = "2027-03-30T12:00"
            $0.registrationClosesAt = "2027-03-31T10:00"
            $0.registrationOpensAt = "2027-04-01T10:00"
            $0.cancellationDeadline = "2027-04-02T10:00"
            $0.perOrganisation = "60"
        }
        #expect(throws: DomainError.invalid([FieldError(field: "einde", code: "ends_before_start"), FieldError(field: "maximumPerOrganisatie", code: "above_capacity"),
                                             FieldError(field: "inschrijvingTot", code: "after_start"), FieldError(field: "inschrijvingVanaf", code: "opens_after_closing"),
                                             FieldError(field: "annulerenTot", code: "after_start")])) {
            try draft.validated()
        }
    }

    @Test("a newcomer gets a place only when one is free and nobody waits for it")
    func seating() {
        #expect(Seating(capacity: 2, taken: 1, waiting: 0).newcomer == .confirmed)
        #expect(Seating(capacity: 2, taken: 2, waiting: 0).newcomer == .waiting)
        #expect(Seating(capacity: 2, taken: 1, waiting: 1).newcomer == .waiting, "a place held for an offer or freed while people wait is theirs")
        #expect(Seating(capacity: 2, taken: 3, waiting: 0).free == 0 && Seating(capacity: 5, taken: 3, waiting: 4).free == 2)
    }

    @Test("the state follows status, window and places")
    func state() throws {
        let valid = try Self.draft { $0.registrationOpensAt = "2027-03-01T09:00" }.validated()
        let meeting = Meeting(id: UUID(), kind: valid.kind, title: valid.title, description: valid.description, organiser: valid.organiser, venue: valid.venue,
                              startsAt: valid.startsAt, endsAt: valid.endsAt, capacity: 2, registrationOpensAt: valid.registrationOpensAt,
                              registrationClosesAt: valid.registrationClosesAt, cancellationDeadline: valid.cancellationDeadline, status: .open,
                              createdBy: UUID(), createdAt: .distantPast, updatedAt: .distantPast)
        let before = try AmsterdamTime.parse("2027-02-28T12:00").get(), during = try AmsterdamTime.parse("2027-03-10T12:00").get()
        let after = try AmsterdamTime.parse("2027-03-24T12:00").get()
        #expect(meeting.state(at: before, taken: 0, waiting: 0) == .notYetOpen)
        #expect(meeting.state(at: during, taken: 1, waiting: 0) == .open)
        #expect(meeting.state(at: during, taken: 2, waiting: 0) == .full)
        #expect(meeting.state(at: after, taken: 0, waiting: 0) == .closed)
        var cancelled = meeting
        cancelled.status = .cancelled
        #expect(cancelled.state(at: during, taken: 0, waiting: 0) == .cancelled)
        var moved = meeting
        moved.venue = "Elders"
        #expect(moved.changesCalendar(from: meeting) && !meeting.changesCalendar(from: meeting))
    }

    @Test("who may organise, keep, read and register")
    func policy() throws {
        func user(_ role: Role, _ organisation: OrganisationID) -> User {
            User(id: UUID(), email: "x@example.nl", name: "X", organisation: organisation, role: role, createdAt: .distantPast)
        }
        let valid = try Self.draft { $0.municipalities = ["GM0202"]; $0.provinces = ["overijssel"]; $0.audience = ["gemeente", "expertise-unit"] }.validated()
        var meeting = Meeting(id: UUID(), kind: valid.kind, title: valid.title, description: "", organiser: .nctv, provinces: valid.provinces,
                              municipalities: valid.municipalities, audience: valid.audience, venue: valid.venue, startsAt: valid.startsAt,
                              endsAt: valid.endsAt, capacity: 10, registrationClosesAt: valid.registrationClosesAt,
                              cancellationDeadline: valid.cancellationDeadline, status: .draft, createdBy: UUID(), createdAt: .distantPast, updatedAt: .distantPast)
        let nctvDesk = user(.deskAgent, .nctv), vngDesk = user(.deskAgent, .vngDesk), advisor = user(.unitAdvisor, .expertiseUnit)
        let arnhem = user(.municipalOfficial, OrganisationID("GM0202")!), utrecht = user(.municipalOfficial, OrganisationID("GM0344")!)
        #expect(MeetingPolicy.mayManage(meeting, as: nctvDesk) && !MeetingPolicy.mayManage(meeting, as: vngDesk) && MeetingPolicy.mayManage(meeting, as: advisor))
        #expect(!MeetingPolicy.mayOrganise(arnhem) && MeetingPolicy.mayCreate(for: .nctv, as: advisor) && !MeetingPolicy.mayCreate(for: .nctv, as: vngDesk))
        #expect(!MeetingPolicy.mayRead(meeting, as: arnhem) && !MeetingPolicy.mayRead(meeting, as: vngDesk), "a draft is its keepers' only")
        meeting.status = .open
        #expect(MeetingPolicy.mayRead(meeting, as: arnhem) && !MeetingPolicy.mayRead(meeting, as: nil), "for signed-in users, not visitors")
        meeting.visibility = .publicAccess
        #expect(MeetingPolicy.mayRead(meeting, as: nil))
        #expect(MeetingPolicy.refusal(toRegister: arnhem, kind: .municipality, municipality: MunicipalityCode("GM0202"), province: .gelderland, for: meeting) == nil)
        #expect(MeetingPolicy.refusal(toRegister: utrecht, kind: .municipality, municipality: MunicipalityCode("GM0344"), province: .utrecht, for: meeting) == "not_in_region")
        #expect(MeetingPolicy.refusal(toRegister: user(.municipalOfficial, OrganisationID("GM0193")!), kind: .municipality,
                                      municipality: MunicipalityCode("GM0193"), province: .overijssel, for: meeting) == nil, "in a province it is for")
        #expect(MeetingPolicy.refusal(toRegister: vngDesk, kind: .associationDesk, municipality: nil, province: nil, for: meeting) == "not_in_audience")
        #expect(MeetingPolicy.refusal(toRegister: advisor, kind: .expertiseUnit, municipality: nil, province: nil, for: meeting) == nil)
        #expect(MeetingPolicy.showsOnlineLink(meeting, to: arnhem, registration: .confirmed) && !MeetingPolicy.showsOnlineLink(meeting, to: arnhem, registration: .waiting))
    }
}
