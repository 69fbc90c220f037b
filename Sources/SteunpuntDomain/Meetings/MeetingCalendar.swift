import Foundation

/// Meetings as iCalendar (RFC 5545): one `VEVENT` per meeting with a stable `UID` (the
/// meeting's id), `SEQUENCE` raised by every change a calendar must show, `STATUS` kept as
/// `CANCELLED` once a meeting is cancelled (so subscribed calendars remove it rather than
/// keep a stale copy), local times in Europe/Amsterdam with its `VTIMEZONE`. Text is
/// escaped and lines are folded at 75 octets, never inside a UTF-8 character; lines end
/// in CRLF.
public enum MeetingCalendar {
    /// `PUBLISH` for a download or a feed; `REQUEST` and `CANCEL` for mails (RFC 5546).
    public enum Method: String, Sendable {
        case publish = "PUBLISH"
        case request = "REQUEST"
        case cancel = "CANCEL"
    }

    /// One meeting as a calendar event: the page it has, whether the online link may be
    /// written in (only for people with a place), and for a mail the invitation's parties.
    public struct Entry: Sendable {
        public let meeting: Meeting
        public let page: String?
        public let showsOnlineLink: Bool
        public let invitation: Invitation?

        public init(meeting: Meeting, page: String?, showsOnlineLink: Bool, invitation: Invitation? = nil) {
            self.meeting = meeting
            self.page = page
            self.showsOnlineLink = showsOnlineLink
            self.invitation = invitation
        }
    }

    /// Who invites whom (RFC 5546 requires both in a `REQUEST` and a `CANCEL`): the
    /// organiser's name at the address mail comes from, and the registrant, whose place
    /// is taken (`PARTSTAT=ACCEPTED`; no reply asked, registration happens in Steunpunt).
    public struct Invitation: Sendable, Equatable {
        public let organiserName: String
        public let organiserAddress: String
        public let attendeeName: String
        public let attendeeAddress: String

        public init(organiserName: String, organiserAddress: String, attendeeName: String, attendeeAddress: String) {
            self.organiserName = organiserName
            self.organiserAddress = organiserAddress
            self.attendeeName = attendeeName
            self.attendeeAddress = attendeeAddress
        }
    }

    public static func calendar(_ entries: [Entry], method: Method = .publish, name: String? = nil, stamp: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Steunpunt//Bijeenkomsten//NL", "CALSCALE:GREGORIAN", "METHOD:\(method.rawValue)"]
        if let name { lines.append("X-WR-CALNAME:" + escape(name)) }
        lines += timeZone
        for entry in entries { lines += event(entry, method: method, stamp: stamp) }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func event(_ entry: Entry, method: Method, stamp: Date) -> [String] {
        let meeting = entry.meeting
        var description = meeting.description
        if entry.showsOnlineLink, let link = meeting.onlineLink { description += (description.isEmpty ? "" : "\n\n") + "Online: " + link.absoluteString }
        var lines = ["BEGIN:VEVENT", "UID:\(meeting.id.lowercasedText)@steunpunt", "DTSTAMP:" + utc(stamp),
                     "DTSTART;TZID=Europe/Amsterdam:" + local(meeting.startsAt), "DTEND;TZID=Europe/Amsterdam:" + local(meeting.endsAt),
                     "SEQUENCE:\(meeting.sequence)", "LAST-MODIFIED:" + utc(meeting.updatedAt),
                     "STATUS:" + (meeting.status == .cancelled || method == .cancel ? "CANCELLED" : "CONFIRMED"),
                     "SUMMARY:" + escape(meeting.title)]
        if !description.isEmpty { lines.append("DESCRIPTION:" + escape(description)) }
        let location = meeting.venue.isEmpty ? (meeting.onlineLink == nil ? "" : "Online") : meeting.venue
        if !location.isEmpty { lines.append("LOCATION:" + escape(location)) }
        if let page = entry.page { lines.append("URL:" + page) }
        if let invitation = entry.invitation {
            lines.append("ORGANIZER;CN=\(parameter(invitation.organiserName)):mailto:\(invitation.organiserAddress)")
            lines.append("ATTENDEE;CN=\(parameter(invitation.attendeeName));ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:\(invitation.attendeeAddress)")
        }
        lines.append("END:VEVENT")
        return lines
    }

    /// Europe/Amsterdam since 1996: summer time from the last Sunday of March, 02:00, to the
    /// last Sunday of October, 03:00.
    static let timeZone = [
        "BEGIN:VTIMEZONE", "TZID:Europe/Amsterdam",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19810329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19961027T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ]

    /// `20270330T130000` in Dutch wall-clock time.
    static func local(_ date: Date) -> String {
        AmsterdamTime.local(date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "") + "00"
    }

    /// `20270330T110000Z`
    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// TEXT as RFC 5545 §3.3.11 writes it: backslash, semicolon and comma escaped, line breaks as `\n`.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default:
                // Other control characters have no place in a calendar line.
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A parameter value (RFC 5545 §3.2): quoted, without the quote and control characters it cannot hold.
    static func parameter(_ text: String) -> String {
        "\"" + String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\"" && $0.value >= 0x20 && $0.value != 0x7F })) + "\""
    }

    /// Folds a content line into lines of at most 75 octets (RFC 5545 §3.1), each
    /// continuation starting with a space, never splitting a character.
    static func fold(_ line: String) -> String {
        var result = ""
        var length = 0
        for character in line {
            let size = String(character).utf8.count
            if length + size > 75 {
                result += "\r\n "
                length = 1
            }
            result.append(character)
            length += size
        }
        return result
    }
}
