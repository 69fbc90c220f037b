/// Who may see and do what with incidents (issue 21). An incident belongs to its
/// municipality: its officials register and handle it and read all of their own. The
/// expertise unit reads an incident once the municipality shares it with the unit or asks
/// the unit for help from it (every read audited); it never changes one. Nobody else reads
/// incidents one by one.
public enum IncidentPolicy {
    /// The incidents `user` reads one by one.
    public enum Reach: Sendable, Equatable {
        /// The municipality's own, all of them.
        case own(MunicipalityCode)
        /// Those shared with the organisation (for the unit: also those it was asked for help with).
        case sharedWith(OrganisationID)
    }

    public static func reach(_ user: User?) -> Reach? {
        guard let user, user.isActive else { return nil }
        if user.role == .municipalOfficial, let code = MunicipalityCode(user.organisation.rawValue) { return .own(code) }
        if user.organisation == .expertiseUnit, user.role == .unitAdvisor || user.role == .unitCoordinator { return .sharedWith(.expertiseUnit) }
        return nil
    }

    /// Only the municipality's own officials register and handle its incidents.
    public static func mayKeep(_ user: User?, incidentsOf municipality: MunicipalityCode) -> Bool {
        reach(user) == .own(municipality)
    }

    /// Only the expertise unit's coordinator writes new versions of the handling steps;
    /// everyone who works with incidents reads them.
    public static func mayKeepTemplate(_ user: User?) -> Bool {
        guard let user, user.isActive else { return false }
        return user.organisation == .expertiseUnit && user.role == .unitCoordinator
    }

    /// The national figures (counted, small groups hidden) are for the NCTV's analysts and
    /// the expertise unit; neither sees incidents it was not given, so both read them as
    /// aggregates (`Disclosure.aggregates`).
    public static func mayReadFigures(_ user: User?) -> Bool {
        guard let user, user.isActive else { return false }
        if user.role == .nationalAnalyst { return true }
        return user.organisation == .expertiseUnit && (user.role == .unitAdvisor || user.role == .unitCoordinator)
    }

    /// Whether `user` may read `incident`.
    public static func mayRead(_ user: User?, _ incident: Incident) -> Bool {
        switch reach(user) {
        case .own(let code): code == incident.municipality
        case .sharedWith(let organisation): organisation == .expertiseUnit && (incident.sharedWithUnit || incident.requestID != nil)
        case nil: false
        }
    }
}
