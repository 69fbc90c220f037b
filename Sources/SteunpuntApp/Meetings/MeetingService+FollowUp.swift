import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// After a meeting (issue 19): the organisers' check-in list and attendance marks, what the
/// attendance adds up to (per meeting, and for the unit per municipality), the report with
/// its materials, and the attendees' feedback, once each.
extension MeetingService {
    /// A meeting's check-in list for its keepers: the people with a place in arrival order,
    /// with what is marked, and the figures. Audited as a read of the registrations (it names people).
    package func attendance(for meetingID: UUID, actor: Actor) async throws -> (meeting: Meeting, lines: [RegistrationLine], figures: AttendanceFigures) {
        let meeting = try await kept(meetingID, by: actor.user)
        let lines = try await store.lines(for: meetingID).filter { $0.registration.state == .confirmed }
        let figures = try await store.attendanceFigures(of: meetingID)
        try await audit.append(actor.auditEvent(.registrationsRead, objectType: "meeting", objectID: meetingID.uppercasedText, at: dependencies.now()))
        return (meeting, lines, figures)
    }

    /// Marks attendance (nil clears a mark), from the day before the meeting on; every mark
    /// that changes something audited. Returns the registrations whose mark changed.
    @discardableResult
    package func markAttendance(_ marks: [UUID: Attendance?], of meetingID: UUID, actor: Actor) async throws -> [UUID] {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        _ = try await kept(meetingID, by: user)
        let now = dependencies.now()
        return try await store.markAttendance(marks, of: meetingID, by: user.id, at: now, check: { meeting in
            guard MeetingPolicy.mayMarkAttendance(meeting, at: now) else { throw DomainError.conflict("attendance_not_open") }
        }, audit: { actor.auditEvent(.attendanceMarked, objectType: "meeting_registration", objectID: $0.uppercasedText, at: now) })
    }

    /// A meeting's report and its materials (offering ids, in order), for its keepers' form.
    package func report(of meetingID: UUID, by user: User?) async throws -> (meeting: Meeting, materials: [UUID]) {
        let meeting = try await kept(meetingID, by: user)
        return (meeting, try await store.materials(of: meetingID))
    }

    /// The offerings that can be a meeting's materials: those every reader of the meeting can read.
    package func materialChoices(for meeting: Meeting) async throws -> [Offering] {
        try await offerings.search(OfferingFilter(), reach: meeting.visibility, page: PageRequest(size: 200)).items
    }

    /// What a meeting's attendance adds up to, for its keepers.
    package func attendanceFigures(of meetingID: UUID, by user: User?) async throws -> AttendanceFigures {
        _ = try await kept(meetingID, by: user)
        return try await store.attendanceFigures(of: meetingID)
    }

    /// Per municipality, the people present at meetings that began in `year` (Dutch time),
    /// for the unit (who keeps every meeting and its registrations).
    package func attendanceByMunicipality(year: Int, by user: User?) async throws -> [MunicipalityAttendance] {
        guard let user, user.isActive, user.role == .unitAdvisor || user.role == .unitCoordinator else { throw DomainError.forbidden }
        return try await store.attendanceByMunicipality(year: year)
    }

    /// Saves a meeting's report and materials; each material an offering every reader of
    /// the meeting can read (otherwise `materialen` is refused); every problem at once.
    package func saveReport(_ draft: MeetingReportDraft, of meetingID: UUID, actor: Actor) async throws -> Meeting {
        let meeting = try await kept(meetingID, by: actor.user)
        var (valid, problems) = try Validator.collect { () throws(DomainError) in try draft.validated(privacy: privacy) }
        // Checked also when the text has problems of its own: every problem at once.
        for id in draft.materials.compactMap({ UUID(text: $0.trimmingCharacters(in: .whitespaces)) })
        where try await offerings.get(id: id, reach: meeting.visibility) == nil {
            problems.append(FieldError(field: "materialen", code: "material_not_readable"))
            break
        }
        guard problems.isEmpty, let valid else { throw DomainError.invalid(problems) }
        let now = dependencies.now()
        return try await store.saveReport(valid.report, materials: valid.materials, of: meetingID, at: now,
                                          audit: actor.auditEvent(.meetingReported, objectType: "meeting", objectID: meetingID.uppercasedText, at: now))
    }

    /// A meeting's materials as the reader may read them, in their order.
    package func materials(of meeting: Meeting, for user: User?) async throws -> [Offering] {
        var result: [Offering] = []
        for id in try await store.materials(of: meeting.id) {
            if let offering = try await offerings.get(id: id, reach: ToolboxPolicy.reach(of: user)) { result.append(offering) }
        }
        return result
    }

    /// Gives one's feedback on a meeting once it has ended, with a place one did not miss; once.
    package func giveFeedback(_ draft: FeedbackDraft, on meetingID: UUID, actor: Actor) async throws {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard let meeting = try await store.get(meetingID), MeetingPolicy.mayRead(meeting, as: user) else { throw DomainError.notFound }
        let valid = try draft.validated(privacy: privacy)
        let now = dependencies.now()
        try await store.giveFeedback(rating: valid.rating, text: valid.text, on: meetingID, by: user.id, at: now, check: { meeting, registration in
            guard MeetingPolicy.mayGiveFeedback(meeting, registration: registration?.state, attendance: registration?.attendance, at: now) else {
                throw DomainError.conflict("feedback_not_open")
            }
        }, audit: actor.auditEvent(.feedbackGiven, objectType: "meeting", objectID: meetingID.uppercasedText, at: now))
    }

    /// Whether `user` may give feedback on `meeting` now (and has not yet).
    package func mayGiveFeedback(on meeting: Meeting, registration: Registration?, by user: User?) async throws -> Bool {
        guard let user, MeetingPolicy.mayGiveFeedback(meeting, registration: registration?.state, attendance: registration?.attendance,
                                                      at: dependencies.now()) else { return false }
        return try await !store.hasGivenFeedback(user.id, on: meeting.id)
    }

    /// The feedback on a meeting, counted, for its keepers.
    package func feedback(on meetingID: UUID, by user: User?) async throws -> FeedbackSummary {
        _ = try await kept(meetingID, by: user)
        return try await store.feedback(on: meetingID)
    }

    /// The meeting, when `user` keeps it: not found for those who may not read it, forbidden for readers.
    func kept(_ meetingID: UUID, by user: User?) async throws -> Meeting {
        guard let meeting = try await store.get(meetingID), MeetingPolicy.mayRead(meeting, as: user) else { throw DomainError.notFound }
        guard MeetingPolicy.mayManage(meeting, as: user) else { throw DomainError.forbidden }
        return meeting
    }
}
