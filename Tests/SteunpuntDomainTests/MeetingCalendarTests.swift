import Foundation
@testable import SteunpuntDomain
import Testing

@Suite("Meetings as iCalendar (RFC 5545)")
struct MeetingCalendarTests {
    static func meeting(status: MeetingStatus = .open, sequence: Int = 0) throws -> Meeting {
        Meeting(id: UUID(uuidString: "6F1C2B9A-3D4E-4F50-8A6B-7C8D9E0F1A2B")!, kind: .regionalMeeting,
                title: "Regionale kennisbijeenkomst Oost-Nederland; over polarisatie, radicalisering en de rol van sleutelfiguren in de wijk",
                description: "Eerste regel\nTweede, met een \\ erin", organiser: .nctv, venue: "Stadhuis Arnhem, Koningstraat 38",
                onlineLink: URL(string: "https://meet.example.nl/oost"), startsAt: try AmsterdamTime.parse("2027-03-30T13:00").get(),
                endsAt: try AmsterdamTime.parse("2027-03-30T17:00").get(), capacity: 50, registrationClosesAt: try AmsterdamTime.parse("2027-03-23T17:00").get(),
                cancellationDeadline: try AmsterdamTime.parse("2027-03-23T17:00").get(), status: status, sequence: sequence, createdBy: UUID(),
                createdAt: Date(timeIntervalSince1970: 1_800_000_000), updatedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test("an event carries a stable UID, its sequence and status, Dutch local times with their time zone, escaped text, folded lines")
    func event() throws {
        let text = MeetingCalendar.calendar([MeetingCalendar.Entry(meeting: try Self.meeting(sequence: 3), page: "https://steunpunt.example/bijeenkomsten/x",
                                                                   showsOnlineLink: false)],
                                            stamp: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(text.hasSuffix("END:VCALENDAR\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF line ends only")
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 75 }, "folded at 75 octets")
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        for expected in ["UID:6f1c2b9a-3d4e-4f50-8a6b-7c8d9e0f1a2b@steunpunt", "SEQUENCE:3", "STATUS:CONFIRMED", "METHOD:PUBLISH",
                         "DTSTART;TZID=Europe/Amsterdam:20270330T130000", "DTEND;TZID=Europe/Amsterdam:20270330T170000", "DTSTAMP:20270115T080000Z",
                         "TZID:Europe/Amsterdam", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                         "SUMMARY:Regionale kennisbijeenkomst Oost-Nederland\\; over polarisatie\\, radicalisering en de rol van sleutelfiguren in de wijk",
                         "DESCRIPTION:Eerste regel\\nTweede\\, met een \\\\ erin", "LOCATION:Stadhuis Arnhem\\, Koningstraat 38",
                         "URL:https://steunpunt.example/bijeenkomsten/x"] {
            #expect(unfolded.contains(expected + "\r\n"), "\(expected)")
        }
        #expect(!unfolded.contains("meet.example.nl"), "the online link only for people with a place")
        let withLink = MeetingCalendar.calendar([MeetingCalendar.Entry(meeting: try Self.meeting(), page: nil, showsOnlineLink: true)], stamp: .now)
        #expect(withLink.replacingOccurrences(of: "\r\n ", with: "").contains("Online: https://meet.example.nl/oost"))
    }

    @Test("a cancelled meeting stays in a calendar as cancelled; a mail cancelling a place says so too")
    func cancelled() throws {
        let cancelled = MeetingCalendar.calendar([MeetingCalendar.Entry(meeting: try Self.meeting(status: .cancelled, sequence: 2), page: nil, showsOnlineLink: false)],
                                                 stamp: .now)
        #expect(cancelled.contains("STATUS:CANCELLED\r\n") && cancelled.contains("SEQUENCE:2\r\n"))
        let mail = MeetingCalendar.calendar([MeetingCalendar.Entry(meeting: try Self.meeting(), page: nil, showsOnlineLink: false)], method: .cancel, stamp: .now)
        #expect(mail.contains("METHOD:CANCEL\r\n") && mail.contains("STATUS:CANCELLED\r\n"))
    }

    @Test("an invitation by mail names its organiser and its attendee (RFC 5546), their names quoted without what a parameter cannot hold")
    func invitation() throws {
        let invitation = MeetingCalendar.Invitation(organiserName: "NCTV \"Den Haag\"", organiserAddress: "noreply@steunpunt.example",
                                                    attendeeName: "Anna; Arnhem", attendeeAddress: "a@arnhem.example")
        let text = MeetingCalendar.calendar([MeetingCalendar.Entry(meeting: try Self.meeting(), page: nil, showsOnlineLink: true, invitation: invitation)],
                                            method: .request, stamp: .now).replacingOccurrences(of: "\r\n ", with: "")
        #expect(text.contains("METHOD:REQUEST\r\n") && text.contains("ORGANIZER;CN=\"NCTV Den Haag\":mailto:noreply@steunpunt.example\r\n"))
        #expect(text.contains("ATTENDEE;CN=\"Anna; Arnhem\";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:a@arnhem.example\r\n"))
        let plain = MeetingCalendar.calendar([MeetingCalendar.Entry(meeting: try Self.meeting(), page: nil, showsOnlineLink: false)], stamp: .now)
        #expect(!plain.contains("ORGANIZER") && !plain.contains("ATTENDEE"), "a download or a feed invites nobody")
    }

    @Test("a long line of multi-byte letters is folded between characters, never inside one")
    func folding() {
        let folded = MeetingCalendar.fold("SUMMARY:" + String(repeating: "é", count: 100))
        #expect(folded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == "SUMMARY:" + String(repeating: "é", count: 100))
    }
}
