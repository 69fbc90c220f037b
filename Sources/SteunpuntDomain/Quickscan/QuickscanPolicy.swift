import Foundation

/// Who may do what with the quickscan. The expertise unit runs it: its advisors and
/// coordinator keep the instruments and follow the rounds; the coordinator publishes
/// instruments, fields rounds, manages invitations and confirms follow-up. A municipality
/// answers for itself and sees its own result; national analysts see aggregates only.
public enum QuickscanPolicy {
    public static func mayEditInstruments(_ user: User?) -> Bool {
        guard let user else { return false }
        return user.organisation == .expertiseUnit && [.unitAdvisor, .unitCoordinator].contains(user.role)
    }

    public static func mayPublish(_ user: User?) -> Bool {
        guard let user else { return false }
        return user.organisation == .expertiseUnit && user.role == .unitCoordinator
    }

    /// Who may answer for `municipality` (with its invitation link): its own officials; an
    /// official of another municipality may not, whatever link they hold.
    public static func mayAnswer(_ user: User?, for municipality: MunicipalityCode) -> Bool {
        guard let user else { return false }
        return user.organisation.rawValue == municipality.rawValue && user.role == .municipalOfficial
    }

    /// The unit's advisors and coordinator follow rounds: targets, response rate, each
    /// municipality's answers and scores by name.
    public static func mayFollowRounds(_ user: User?) -> Bool { mayEditInstruments(user) }

    /// Fielding a round, managing its invitations, reopening a response, deciding follow-up.
    public static func mayRunRounds(_ user: User?) -> Bool { mayPublish(user) }

    /// What a reader sees of a round's analysis.
    public enum AnalysisView: Sendable, Equatable {
        /// Every municipality by name (the unit).
        case named
        /// One municipality against the national and peer averages (its own officials).
        case own(MunicipalityCode)
        /// Aggregates only, small groups suppressed (national analysts).
        case aggregates
    }

    /// The rule for what each view's aggregates of `round` may show on `day` (Dutch time):
    /// a reader who may not see named results sees no figure of a round until it has closed,
    /// so that reading the analysis before and after a submission cannot give that
    /// municipality's scores away.
    public static func disclosure(_ view: AnalysisView, of round: Round, on day: String) -> Disclosure {
        let rule: Disclosure = switch view {
        case .named: .open
        case .own(let code): .own(code.rawValue)
        case .aggregates: .aggregates
        }
        return round.state(on: day) == .closed ? rule : rule.withheld
    }

    public static func analysisView(_ user: User?) -> AnalysisView? {
        guard let user else { return nil }
        if mayFollowRounds(user) { return .named }
        if user.role == .nationalAnalyst { return .aggregates }
        if user.role == .municipalOfficial, let code = MunicipalityCode(user.organisation.rawValue) { return .own(code) }
        return nil
    }
}
