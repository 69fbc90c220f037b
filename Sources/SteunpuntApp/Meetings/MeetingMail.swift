import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The mail of a notice about a meeting (issue 19): one mail per notice, never folded into
/// a summary, in the person's language, naming the meeting as it is when the mail is
/// composed (the text: title, time, place and the link; never the registrations or
/// anyone's needs), with what happens next, and — where the person has or had a place —
/// the calendar invitation, which carries the meeting's description as its calendar file
/// does (iMIP: `REQUEST` for a place, a reminder and a change, `CANCEL` for a
/// cancellation, with the meeting's stable `UID` and current `SEQUENCE`, so calendar
/// programs update the one entry). The online link is in the invitation for people with a
/// place only, as on the meeting's page.
package struct MeetingMail: Sendable {
    package let meetings: MeetingStore
    package let organisations: OrganisationStore
    /// The address mail comes from: the invitation's organiser (replies go nowhere else).
    package let from: String

    package init(meetings: MeetingStore, organisations: OrganisationStore, from: String) {
        self.meetings = meetings
        self.organisations = organisations
        self.from = from
    }

    /// The mail for one meeting notice of `due`'s person; nil when there is nothing to say
    /// any more (the meeting is gone, or a place offered was taken or passed on before the
    /// mail was composed).
    package func compose(_ notification: StoredNotification, for due: DueNotificationMail, base: String, listUnsubscribe: String?, stamp: Date,
                         text: (String, [String: String]) -> String) async throws -> OutgoingMail? {
        guard let id = UUID(text: notification.objectID), let meeting = try await meetings.get(id),
              let kind = RequestNotice.Kind(rawValue: notification.kind) else { return nil }
        let registration = try await meetings.registration(of: due.user, for: id)
        let hasPlace = registration?.state == .confirmed
        let language = due.language
        var values = ["title": meeting.title, "when": DateText.span(meeting.startsAt, meeting.endsAt, language: language),
                      "where": meeting.venue.isEmpty ? text("meeting_online", [:]) : meeting.venue,
                      "link": "\(base)/bijeenkomsten/\(id.lowercasedText)", "preferences": "\(base)/mijn-account/meldingen",
                      "deadline": DateText.shownWithTime(meeting.cancellationDeadline, language: language),
                      "hold": "\(meeting.offerHoldHours)"]
        let method: MeetingCalendar.Method?
        switch kind {
        case .registrationConfirmed, .meetingReminder, .meetingChanged:
            method = hasPlace ? .request : nil
        case .meetingCancelled:
            method = hasPlace ? .cancel : nil
        case .registrationCancelled:
            method = .cancel
        case .placeOffered:
            guard let registration, registration.state == .offered, let expiry = registration.offerExpiresAt else { return nil }
            values["expiry"] = DateText.shownWithTime(expiry, language: language)
            method = nil
        case .waitlisted:
            guard let registration, registration.state == .waiting else { return nil }
            values["rank"] = "\(try await meetings.waitingRank(of: registration) ?? 1)"
            method = nil
        default:
            return nil
        }
        values["next"] = text("mail_meeting_next_\(kind.rawValue)", values)
        values["calendar"] = method == nil ? "" : text("mail_meeting_calendar_\(method == .cancel ? "cancel" : "request")", [:])
        var calendar: MailCalendar?
        if let method {
            let organiser = try await organisations.get(meeting.organiser)?.name ?? "Steunpunt"
            let entry = MeetingCalendar.Entry(meeting: meeting, page: values["link"], showsOnlineLink: method == .request && hasPlace,
                                              invitation: .init(organiserName: organiser, organiserAddress: from, attendeeName: due.name,
                                                                attendeeAddress: due.email))
            calendar = MailCalendar(method: method.rawValue, text: MeetingCalendar.calendar([entry], method: method, stamp: stamp))
        }
        return OutgoingMail(purpose: "meeting", recipient: due.email, subject: text("mail_meeting_subject_\(kind.rawValue)", values),
                            body: text("mail_meeting_body", values), listUnsubscribe: listUnsubscribe, calendar: calendar)
    }
}
