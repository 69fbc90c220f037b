import SteunpuntDomain
import Synchronization

/// Input problems found before a use case runs (the API's body check finds personal
/// identifiers in any string of a JSON body), held for the rest of the request instead of
/// answered at once, so that the caller hears them together with the use case's own
/// problems: every problem at once.
///
/// While any problem is held, no transaction of the request commits (`Database.transaction`
/// throws `DomainError.invalid` with the held problems before `COMMIT`), so a use case that
/// does not check a field itself still stores nothing. The error middleware installs one per
/// request (`$current`) and merges what it holds into the answer.
public final class HeldProblems: Sendable {
    @TaskLocal public static var current: HeldProblems?

    private let problems = Mutex<[FieldError]>([])

    public init() {}

    /// Holds `found` for the rest of the request.
    public func hold(_ found: [FieldError]) {
        problems.withLock { $0.append(contentsOf: found) }
    }

    /// What is held, in the order it was found.
    public var held: [FieldError] { problems.withLock { $0 } }

    public var isEmpty: Bool { problems.withLock { $0.isEmpty } }

    /// The held problems followed by `others`, each field and code once.
    public func merged(with others: [FieldError]) -> [FieldError] {
        var seen = Set<String>()
        return (held + others).filter { seen.insert($0.field + "\u{0}" + $0.code).inserted }
    }

    /// Throws the held problems when there are any: what a write checks before it commits.
    public static func refuseIfAny() throws(DomainError) {
        guard let current, !current.isEmpty else { return }
        throw DomainError.invalid(current.held)
    }
}
