import Foundation

/// Who does what with destruction lists (separation of duties, as Open Archiefbeheer
/// does it): the unit's coordinator, who knows the records, reviews a list and excludes
/// what must stay; an administrator approves it. Both read lists and destruction records,
/// which carry numbers, municipalities and dates, never a record's text.
public enum RetentionPolicy {
    public static let reasonLimit = 500
    /// How long an exclusion holds before the record comes on a new list.
    public static let exclusionHolds = RetentionPeriod(years: 1)

    public static func mayRead(_ user: User) -> Bool { mayReview(user) || mayApprove(user) }
    public static func mayReview(_ user: User) -> Bool { user.role == .unitCoordinator && user.isActive }
    public static func mayApprove(_ user: User) -> Bool { user.role == .administrator && user.isActive }

    /// Why a step cannot be taken on a list in `status`, as a conflict code; nil when it can.
    public static func refusal(_ step: Step, status: DestructionListStatus) -> String? {
        switch (step, status) {
        case (.exclude, .inReview), (.include, .inReview), (.submitReview, .inReview): nil
        case (.approve, .reviewed), (.sendBack, .reviewed): nil
        case (.exclude, _), (.include, _), (.submitReview, _): "destruction_list_not_in_review"
        case (.approve, _), (.sendBack, _): "destruction_list_not_reviewed"
        }
    }

    public enum Step: Sendable {
        case exclude, include, submitReview, approve, sendBack
    }

    /// A reason to exclude a record or to send a list back: required, at most
    /// `reasonLimit` characters, checked by the privacy guard like every free text.
    public static func reason(_ text: String, privacy: PrivacyGuard = .standard) throws(DomainError) -> String {
        var v = Validator()
        let reason = v.text(text, field: "reden", max: reasonLimit, required: true)
        privacy.check(reason, field: "reden", into: &v)
        try v.finish()
        return reason
    }
}
