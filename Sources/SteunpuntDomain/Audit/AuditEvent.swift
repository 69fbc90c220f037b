import Foundation

/// One entry of the audit trail (BIO 12.04.01 / BIO2 8.15): who did what to which
/// record, with what result, from where and when. It never holds passwords, tokens or
/// free text: only identifiers and fixed action names.
public struct AuditEvent: Sendable, Equatable {
    public enum Result: String, Sendable, CaseIterable {
        case success
        case failure
        case denied
    }

    /// Fixed action names, `object.verb`.
    public enum Action: String, Sendable, CaseIterable {
        case signInSucceeded = "sign_in.success"
        case signInFailed = "sign_in.failure"
        case signOut = "sign_out"
        case signOutEverywhere = "sign_out.everywhere"
        case organisationCreated = "organisation.create"
        case organisationUpdated = "organisation.update"
        case userCreated = "user.create"
        case userUpdated = "user.update"
        case userRoleChanged = "user.role_change"
        case userDeactivated = "user.deactivate"
        case tokenCreated = "api_token.create"
        case tokenRevoked = "api_token.revoke"
        case municipalitiesImported = "municipalities.import"
        case auditSearched = "audit.search"
        /// Entries past the audit trail's retention period removed behind a signed checkpoint.
        case auditPruned = "audit.prune"
        case webhookDeliveriesPruned = "webhook.prune"
        case privilegesExported = "privileges.export"
        case invitationCreated = "invitation.create"
        case invitationAccepted = "invitation.accept"
        /// Changed one's own password (with the current one).
        case passwordChanged = "password.change"
        /// Asked for a link to reset a forgotten password (denied: too many in an hour).
        case passwordResetRequested = "password.reset_request"
        /// Chose a new password with a reset link.
        case passwordReset = "password.reset"
        case mfaEnabled = "mfa.enable"
        case mfaDisabled = "mfa.disable"
        case mfaRecoveryCodeUsed = "mfa.recovery_code"
        /// Proved again who one is before a sensitive action.
        case reverified = "sign_in.reverify"
        case requestCreated = "request.create"
        /// A support request was opened (a sensitive record: every read is kept).
        case requestRead = "request.read"
        case requestChanged = "request.change"
        case requestMessage = "request.message"
        case requestActivity = "request.activity"
        case requestsExported = "request.export"
        case needSaved = "need.save"
        case routingChanged = "routing_rule.change"
        case offeringCreated = "offering.create"
        case offeringChanged = "offering.change"
        case documentAdded = "document.add"
        case documentReplaced = "document.replace"
        /// A download of a document that is not public.
        case documentDownloaded = "document.download"
        case instrumentCreated = "instrument.create"
        case instrumentChanged = "instrument.change"
        case instrumentPublished = "instrument.publish"
        case roundCreated = "round.create"
        case invitationReissued = "round.invitation_reissue"
        case invitationRevoked = "round.invitation_revoke"
        /// The unit reading one municipality's answers.
        case responseRead = "response.read"
        case responseSubmitted = "response.submit"
        case responseReopened = "response.reopen"
        /// Responses or analysis tables downloaded as CSV.
        case quickscanExported = "quickscan.export"
        case followUpConfirmed = "follow_up.confirm"
        case followUpDismissed = "follow_up.dismiss"
        /// A given-up mail put back in line by an administrator.
        case mailRedelivered = "mail.redeliver"
        case webhookSubscribed = "webhook.subscribe"
        case webhookEnded = "webhook.end"
        /// A given-up webhook delivery put back in line.
        case webhookRedelivered = "webhook.redeliver"
        case meetingCreated = "meeting.create"
        case meetingChanged = "meeting.change"
        /// Registered oneself for a meeting (a place or the waiting list).
        case registrationCreated = "registration.create"
        case registrationCancelled = "registration.cancel"
        /// Took a place offered from the waiting list.
        case registrationAccepted = "registration.accept"
        case registrationDeclined = "registration.decline"
        /// An organiser moved a waiting registration to the front, with a reason.
        case registrationPrioritised = "registration.prioritise"
        /// An organiser read a meeting's registrations (names and needs) or its check-in list.
        case registrationsRead = "registration.list_read"
        /// An organiser marked whether someone came.
        case attendanceMarked = "attendance.mark"
        /// An organiser saved a meeting's report and materials.
        case meetingReported = "meeting.report"
        /// An attendee gave feedback on a meeting.
        case feedbackGiven = "feedback.create"
        /// A person made (or remade) the secret address of their own calendar feed.
        case calendarFeedIssued = "calendar_feed.issue"
        case calendarFeedRevoked = "calendar_feed.revoke"
        case circleCreated = "circle.create"
        case circleChanged = "circle.change"
        /// A municipality asked to join a learning circle.
        case circleJoinRequested = "circle.join_request"
        /// The unit invited a municipality to a learning circle.
        case circleInvited = "circle.invite"
        /// A membership admitted, refused, accepted, declined or ended.
        case circleMembershipDecided = "circle.membership_decide"
        /// Someone read a circle's members-only space (its members or notes).
        case circleSpaceRead = "circle.space_read"
        case circleNoteAdded = "circle.note_add"
        case circleResultsSaved = "circle.results_save"
        case networkEntryCreated = "network.create"
        case networkEntryChanged = "network.change"
        /// The unit read an entry of the network register (with its introductions).
        case networkEntryRead = "network.read"
        /// The unit read a page of the network register.
        case networkListRead = "network.list_read"
        /// The unit saved a draft version of the 10-point plan.
        case planChanged = "plan.change"
        case planPublished = "plan.publish"
        /// A municipality recorded its progress on a point of the plan.
        case planProgressChanged = "plan_progress.change"
        /// A municipality uploaded its progress as a sheet (the points it changed, at once).
        case planProgressUploaded = "plan_progress.upload"
        /// A municipality added a document as evidence to a point of its plan, or removed one.
        case planEvidenceAdded = "plan_evidence.add"
        case planEvidenceRemoved = "plan_evidence.remove"
        /// Someone downloaded a municipality's evidence document.
        case planEvidenceDownloaded = "plan_evidence.download"
        /// A municipality registered an incident or tension signal, changed its handling, shared it with the unit or no longer.
        case incidentCreated = "incident.create"
        case incidentChanged = "incident.change"
        case incidentShared = "incident.share"
        case incidentUnshared = "incident.unshare"
        /// A municipality asked the expertise unit for help from an incident (a request filed).
        case incidentHelpAsked = "incident.help_ask"
        /// A municipality changed a handling step of an incident; the unit's coordinator wrote a new version of the steps.
        case incidentStepChanged = "incident.step"
        case handlingTemplatePublished = "incident_template.publish"
        /// Someone read an incident, or the unit read its list of incidents shared with it.
        case incidentRead = "incident.read"
        case incidentListRead = "incident.list_read"
        /// The unit's coordinator confirmed a municipality's wish for support on a point (a request filed).
        case planSupportConfirmed = "plan_support.confirm"
        case planSupportDismissed = "plan_support.dismiss"
        /// An analyst or the unit's coordinator added or changed a measure of the action programme, or wrote its progress for a quarter.
        case measureCreated = "measure.create"
        case measureChanged = "measure.change"
        case measureProgressWritten = "measure_progress.write"
        case indicatorPeriodClosed = "indicator_period.close"
        /// An analyst set, changed or removed an indicator's target for a period, or its baseline.
        case indicatorTargetSet = "indicator_target.set"
        case indicatorTargetRemoved = "indicator_target.remove"
        case indicatorBaselineSet = "indicator_baseline.set"
        /// An analyst started, changed, handed in, returned or published a progress report.
        case reportCreated = "report.create"
        case reportChanged = "report.change"
        case reportSubmitted = "report.submit"
        case reportReturned = "report.return"
        case reportPublished = "report.publish"
        /// The retention job put due records on a new destruction list; the coordinator
        /// excluded a record or took the exclusion back, and handed the list on; an
        /// administrator approved it or sent it back; the job destroyed a record (leaving
        /// its skeleton) and finished the list.
        case destructionListCreated = "destruction_list.create"
        case destructionItemExcluded = "destruction_list.exclude"
        case destructionItemIncluded = "destruction_list.include"
        case destructionListReviewed = "destruction_list.review"
        case destructionListApproved = "destruction_list.approve"
        case destructionListReturned = "destruction_list.return"
        case destructionListDestroyed = "destruction_list.destroy"
        case recordDestroyed = "record.destroy"
    }

    public var action: Action
    public var result: Result
    /// The acting user; nil for an anonymous attempt or the command line.
    public var actor: UUID?
    /// A fixed label when there is no user: `cli`, or the e-mail address tried at sign-in.
    public var actorLabel: String?
    public var objectType: String?
    public var objectID: String?
    /// The client address (or `cli`).
    public var origin: String?
    public var occurredAt: Date

    public init(action: Action, result: Result = .success, actor: UUID? = nil, actorLabel: String? = nil,
                objectType: String? = nil, objectID: String? = nil, origin: String? = nil, occurredAt: Date) {
        self.action = action
        self.result = result
        self.actor = actor
        self.actorLabel = actorLabel
        self.objectType = objectType
        self.objectID = objectID
        self.origin = origin
        self.occurredAt = occurredAt
    }
}

/// A stored audit event with its place in the hash chain.
public struct AuditRecord: Sendable, Equatable {
    public let sequence: Int
    public let event: AuditEvent
    public let previousHash: String
    public let hash: String

    public init(sequence: Int, event: AuditEvent, previousHash: String, hash: String) {
        self.sequence = sequence
        self.event = event
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// The hash chain: each entry's hash covers its content, its place and the previous
/// entry's hash, so editing, removing or reordering an entry breaks every hash after it.
/// On PostgreSQL the trail is written in several lanes (`AuditStore.lanes`), each its own
/// chain, so that concurrent transactions do not wait for one another; each lane is
/// verified as a whole, and an entry moved between lanes breaks both.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    /// The fields an entry's hash covers, in a fixed order, as text.
    public static func content(of event: AuditEvent) -> [String] {
        [
            String(Int64((event.occurredAt.timeIntervalSince1970 * 1000).rounded())), event.action.rawValue, event.result.rawValue,
            event.actor?.uppercasedText ?? "", event.actorLabel ?? "", event.objectType ?? "", event.objectID ?? "", event.origin ?? "",
        ]
    }

    /// The canonical text an entry's hash is computed over, separated by a character none
    /// of the fields can hold.
    public static func canonical(sequence: Int, previousHash: String, content: [String]) -> String {
        ([String(sequence), previousHash] + content).joined(separator: "\u{1F}")
    }

    /// The canonical text of an entry at `position` in its lane with number `sequence` in
    /// the whole trail: where the two are equal (one lane, and every entry written before
    /// lanes) exactly the text above; where they differ the number is covered too, so
    /// renumbering an entry is found like any other change.
    public static func canonical(sequence: Int, position: Int, previousHash: String, content: [String]) -> String {
        canonical(sequence: position, previousHash: previousHash, content: sequence == position ? content : content + ["#\(sequence)"])
    }

    /// One stored entry as the verifier sees it: raw text, so an entry edited to hold an
    /// unknown action is still checked rather than refused.
    public struct Link: Sendable, Equatable {
        /// The entry's number in the whole trail (how it is named in a break).
        public let sequence: Int
        /// Its place in its lane, 1, 2, 3, …: what the hash covers and what must have no gaps.
        /// In a trail of one lane (SQLite, and every entry written before lanes) the same as `sequence`.
        public let position: Int
        public let previousHash: String
        public let hash: String
        public let content: [String]

        public init(sequence: Int, position: Int? = nil, previousHash: String, hash: String, content: [String]) {
            self.sequence = sequence
            self.position = position ?? sequence
            self.previousHash = previousHash
            self.hash = hash
            self.content = content
        }
    }

    /// What `verify` found wrong, entry by entry.
    public enum Break: Equatable, Sendable, CustomStringConvertible {
        case contentChanged(sequence: Int)
        case linkBroken(sequence: Int)
        case gap(after: Int, next: Int)
        /// A lane's checkpoint whose signature does not hold: changed, or made without the key.
        case checkpointInvalid(lane: Int, position: Int)

        public var description: String {
            switch self {
            case .checkpointInvalid(let lane, let position):
                "the checkpoint of lane \(lane) at position \(position) is not signed with this installation's key (changed, or made elsewhere)"
            case .contentChanged(let sequence): "entry \(sequence) was changed after it was written"
            case .linkBroken(let sequence): "entry \(sequence) does not follow the entry before it (removed or reordered)"
            case .gap(let after, let next): "entries between \(after) and \(next) are missing"
            }
        }
    }

    /// Checks one lane's chain in position order with `hash` (SHA-256 hex of a string),
    /// from its start, or from the checkpoint its oldest entries were removed at.
    public static func verify(_ links: [Link], from checkpoint: AuditCheckpoint? = nil, hash: (String) -> String) -> [Break] {
        var breaks: [Break] = []
        var previousHash = checkpoint?.hash ?? genesis
        var previous = (position: checkpoint?.position ?? 0, sequence: checkpoint?.sequence ?? 0)
        for link in links {
            if link.position != previous.position + 1 { breaks.append(.gap(after: previous.sequence, next: link.sequence)) }
            if link.previousHash != previousHash { breaks.append(.linkBroken(sequence: link.sequence)) }
            if hash(canonical(sequence: link.sequence, position: link.position, previousHash: link.previousHash, content: link.content)) != link.hash {
                breaks.append(.contentChanged(sequence: link.sequence))
            }
            previousHash = link.hash
            previous = (link.position, link.sequence)
        }
        return breaks
    }
}
