import Foundation

/// How far the country and each province are with each point: the number of active
/// municipalities whose point is in place or sustained, against all of them (a point never
/// recorded counts as not started). A figure is shown to a reader who may not see the
/// named rows only when it rests on enough municipalities other than the reader's own
/// (`Disclosure`).
public struct PlanShares: Sendable, Equatable {
    /// One count of the stores: municipalities of `province` at `status` on `point`.
    public struct Count: Sendable, Equatable {
        public let point: String
        public let province: Province
        public let status: ProgressStatus
        public let count: Int

        public init(point: String, province: Province, status: ProgressStatus, count: Int) {
            self.point = point
            self.province = province
            self.status = status
            self.count = count
        }
    }

    /// A point's figure over a group: how many are done, of how many.
    public struct Figure: Sendable, Equatable {
        public let done: Int
        public let total: Int
        public var share: Double { total == 0 ? 0 : Double(done) / Double(total) }

        public init(done: Int, total: Int) {
            self.done = done
            self.total = total
        }
    }

    private let done: [String: [Province: Int]]
    /// Active municipalities per province.
    public let municipalities: [Province: Int]

    public init(counts: [Count], municipalities: [Province: Int]) {
        var done: [String: [Province: Int]] = [:]
        for count in counts where count.status == .inPlace || count.status == .sustained {
            done[count.point, default: [:]][count.province, default: 0] += count.count
        }
        self.done = done
        self.municipalities = municipalities
    }

    /// The figure of `point` in `province`, or nationally (nil).
    public func figure(_ point: String, in province: Province? = nil) -> Figure {
        let byProvince = done[point] ?? [:]
        if let province { return Figure(done: byProvince[province] ?? 0, total: municipalities[province] ?? 0) }
        return Figure(done: byProvince.values.reduce(0, +), total: municipalities.values.reduce(0, +))
    }

    /// The figure when `disclosure` allows it over its group, which holds the reader's own
    /// municipality when `includesOwn`; nil when it must stay hidden.
    public func shown(_ point: String, in province: Province? = nil, includesOwn: Bool, disclosure: Disclosure) -> Figure? {
        let figure = figure(point, in: province)
        return disclosure.mayShow(count: figure.total, includesOwn: includesOwn) ? figure : nil
    }
}
