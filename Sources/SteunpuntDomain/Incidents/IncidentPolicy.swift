/// Who may see and do what with incidents (issue 21). An incident belongs to its
/// municipality: its officials register and handle it and read all of their own. The
/// expertise unit reads an incident once the municipality shares it with the unit or asks
/// the unit for help from it; a partner organisation (police, anti-discrimination service,
/// religious organisation) reads one while the municipality shares it with that
/// organisation. Every read is audited; neither ever changes one. Nobody else reads
/// incidents one by one.
public enum IncidentPolicy {
    /// The kinds of organisation an incident can be shared with besides the expertise unit;
    /// their staff (`Role.partnerStaff`) read what is shared with their organisation.
    public static let partnerKinds: Set<OrganisationKind> = [.police, .antiDiscriminationBureau, .religiousOrganisation]

    /// The incidents `user` reads one by one.
    public enum Reach: Sendable, Equatable {
        /// The municipality's own, all of them.
        case own(MunicipalityCode)
        /// Those shared with the organisation now (for the unit: also those it was asked for help with).
        case sharedWith(OrganisationID)
    }

    public static func reach(_ user: User?) -> Reach? {
        guard let user, user.isActive else { return nil }
        if user.role == .municipalOfficial, let code = MunicipalityCode(user.organisation.rawValue) { return .own(code) }
        if user.organisation == .expertiseUnit, user.role == .unitAdvisor || user.role == .unitCoordinator { return .sharedWith(.expertiseUnit) }
        if user.role == .partnerStaff { return .sharedWith(user.organisation) }
        return nil
    }

    /// Whether a municipality can share its incidents with `organisation`: the expertise
    /// unit, or an active organisation of a partner kind.
    public static func mayShare(with organisation: Organisation) -> Bool {
        organisation.isActive && (organisation.id == .expertiseUnit || partnerKinds.contains(organisation.kind))
    }

    /// The lines of an incident's history a reader within `reach` sees: the municipality
    /// all of them; an organisation it is shared with not whom else it was shared with.
    public static func history(_ events: [IncidentEvent], for reach: Reach) -> [IncidentEvent] {
        guard case .sharedWith(let reader) = reach else { return events }
        return events.filter { event in
            switch event.change {
            case .shared(let organisation), .unshared(let organisation): organisation == reader
            default: true
            }
        }
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
        case .sharedWith(let organisation):
            incident.sharedWith.contains(organisation) || (organisation == .expertiseUnit && incident.requestID != nil)
        case nil: false
        }
    }
}
