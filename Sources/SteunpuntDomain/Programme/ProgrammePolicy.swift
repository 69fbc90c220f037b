/// Who may see and keep the action programme's measures (issue 22). The programme is the
/// national level's: the NCTV's analysts and the expertise unit's staff read every measure;
/// an analyst keeps the measures their organisation owns, as does the unit's coordinator
/// for the unit's (each organisation its own). A new measure is owned by its writer's
/// organisation. Municipalities, schools, desks and partners do not read it here (a
/// published progress report is public).
public enum ProgrammePolicy {
    public static func mayRead(_ user: User?) -> Bool {
        guard let user, user.isActive else { return false }
        return [.nationalAnalyst, .unitAdvisor, .unitCoordinator].contains(user.role)
    }

    /// Whether `user` writes measures at all (and owns new ones for their organisation).
    public static func mayWrite(_ user: User?) -> Bool {
        guard let user, user.isActive else { return false }
        return user.role == .nationalAnalyst || (user.role == .unitCoordinator && user.organisation == .expertiseUnit)
    }

    /// Whether `user` keeps the indicators' quarters and aims: closes an ended quarter (its
    /// figures kept from then on), sets targets and baselines; the NCTV's analysts, who
    /// report the programme to parliament.
    public static func mayKeepIndicators(_ user: User?) -> Bool {
        guard let user, user.isActive else { return false }
        return user.role == .nationalAnalyst
    }

    /// Whether `user` writes, hands in and returns progress reports: the NCTV's analysts. A
    /// report is published by an analyst other than the one who handed it in (four eyes).
    public static func mayWriteReports(_ user: User?) -> Bool { mayKeepIndicators(user) }

    public static func mayPublish(_ report: ProgressReport, by user: User?) -> Bool {
        guard let user, mayWriteReports(user), report.status == .inReview else { return false }
        return report.submittedBy != user.id
    }

    /// Whether `user` keeps measures owned by `owner`.
    public static func mayKeep(_ user: User?, ownedBy owner: OrganisationID) -> Bool {
        mayWrite(user) && user?.organisation == owner
    }
}
