import Foundation

/// Who may do what with the 10-point plan. The unit keeps the plan (its advisors edit
/// drafts, its coordinator publishes) and sees every municipality's progress by name; a
/// municipality keeps and sees its own; the national analysts and the desks of the NCTV and
/// the VNG see where the country stands in aggregates, groups under five suppressed.
public enum PlanPolicy {
    public static func mayEditPlan(_ user: User?) -> Bool {
        guard let user, user.isActive else { return false }
        return user.organisation == .expertiseUnit && [.unitAdvisor, .unitCoordinator].contains(user.role)
    }

    public static func mayPublish(_ user: User?) -> Bool {
        guard let user, user.isActive else { return false }
        return user.organisation == .expertiseUnit && user.role == .unitCoordinator
    }

    /// The unit's coordinator confirms or dismisses a municipality's wish for support.
    public static func mayDecideSupport(_ user: User?) -> Bool { mayPublish(user) }

    /// What a reader sees of municipalities' progress.
    public enum ProgressView: Sendable, Equatable {
        /// Every municipality by name (the unit).
        case named
        /// Its own municipality, and the country and its province in aggregates.
        case own(MunicipalityCode)
        /// Aggregates only, small groups suppressed.
        case aggregates
    }

    public static func progressView(_ user: User?) -> ProgressView? {
        guard let user, user.isActive else { return nil }
        if mayEditPlan(user) { return .named }
        if user.role == .municipalOfficial, let code = MunicipalityCode(user.organisation.rawValue) { return .own(code) }
        if user.role == .nationalAnalyst || user.role == .deskAgent { return .aggregates }
        return nil
    }

    /// Whether `user` reads `municipality`'s progress point by point.
    public static func mayRead(_ user: User?, progressOf municipality: MunicipalityCode) -> Bool {
        switch progressView(user) {
        case .named: true
        case .own(let code): code == municipality
        case .aggregates, nil: false
        }
    }

    /// Only the municipality's own officials record its progress.
    public static func mayKeep(_ user: User?, progressOf municipality: MunicipalityCode) -> Bool {
        guard let user, user.isActive, user.role == .municipalOfficial else { return false }
        return user.organisation.rawValue == municipality.rawValue
    }
}
