import Foundation

/// Who may do what with the quickscan. The expertise unit runs it: its advisors and
/// coordinator keep the instruments, the coordinator publishes them (and, later, fields
/// rounds and confirms follow-up).
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
}
