import Foundation

/// A municipality's plan beside its latest submitted quickscan (issue 20, part 9): the
/// scores per dimension and the needs it named, and per point of the plan the named needs
/// the point relates to, so the unit sees gaps that neither shows alone: a need the
/// municipality named in the quickscan whose point it has not put in place, and a named
/// need that no point of the plan relates to.
public struct PlanAgainstQuickscan: Sendable, Equatable {
    public struct PointSide: Sendable, Equatable {
        public let key: String
        /// The point's needs that the quickscan named, in the point's order.
        public let named: [NeedCode]
        /// Named in the quickscan, and the point is not in place (not started or in preparation).
        public let isGap: Bool

        public init(key: String, named: [NeedCode], isGap: Bool) {
            self.key = key
            self.named = named
            self.isGap = isGap
        }
    }

    /// The round's title and when the response was submitted.
    public let round: String
    public let submittedAt: Date
    /// 0–100 per scored dimension answered.
    public let scores: [Dimension: Double]
    public let namedNeeds: [NeedCode]
    public let points: [PointSide]
    /// Named needs no point of the plan relates to.
    public let unmatched: [NeedCode]

    public init(round: String, submittedAt: Date, scores: [Dimension: Double], namedNeeds: [NeedCode], plan: Plan, statuses: [String: ProgressStatus]) {
        self.round = round
        self.submittedAt = submittedAt
        self.scores = scores
        self.namedNeeds = namedNeeds
        let named = Set(namedNeeds)
        points = plan.points.map { point in
            let matched = point.needs.filter(named.contains)
            let status = statuses[point.key] ?? .notStarted
            return PointSide(key: point.key, named: matched, isGap: !matched.isEmpty && (status == .notStarted || status == .preparing))
        }
        let covered = Set(plan.points.flatMap(\.needs))
        unmatched = namedNeeds.filter { !covered.contains($0) }
    }

    public func side(of key: String) -> PointSide? { points.first { $0.key == key } }

    public var gaps: Int { points.filter(\.isGap).count }
}
