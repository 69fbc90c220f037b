import Foundation

/// What a new version of the plan changes against the one before, point by point: what
/// the unit reads before it publishes, and what decides how a municipality's progress
/// carries over.
public enum PointChange: String, Codable, Sendable, Equatable {
    /// Asks the same (title, request and evidence); progress carries over as it is.
    case unchanged = "ongewijzigd"
    /// Asks something else now; progress carries over, marked for the municipality to review.
    case changed = "gewijzigd"
    /// New in this version; no progress yet.
    case added = "nieuw"
    /// No longer in the plan; progress on it is kept in the history, not shown as current.
    case removed = "vervallen"
}

/// One point's difference between two versions.
public struct PointDifference: Sendable, Equatable {
    public let key: String
    public let title: String
    public let change: PointChange
}

public struct PlanChanges: Sendable, Equatable {
    /// Each point of either version by key, in the new version's order, removed points last.
    public let points: [PointDifference]

    public init(from old: Plan?, to new: Plan) {
        var result = new.points.map { point in
            guard let before = old?.point(point.key) else { return PointDifference(key: point.key, title: point.title, change: .added) }
            return PointDifference(key: point.key, title: point.title, change: point.asksTheSame(as: before) ? .unchanged : .changed)
        }
        for point in old?.points ?? [] where new.point(point.key) == nil {
            result.append(PointDifference(key: point.key, title: point.title, change: .removed))
        }
        points = result
    }

    public func change(of key: String) -> PointChange? { points.first { $0.key == key }?.change }

    /// The keys whose progress must be reviewed after publishing: changed points.
    public var toReview: [String] { points.filter { $0.change == .changed }.map(\.key) }

    /// Whether anything a municipality is asked differs at all.
    public var isEmpty: Bool { points.allSatisfy { $0.change == .unchanged } }
}
