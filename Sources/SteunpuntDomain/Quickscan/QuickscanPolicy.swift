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
}
