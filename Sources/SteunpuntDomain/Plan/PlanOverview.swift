import Foundation

/// The national picture of the 10-point plan (part 7): every active municipality against
/// every point of the published plan, narrowed by a filter, with the number of
/// municipalities per status per point, the share in place or sustained per province and
/// per population class, and the municipalities that have not started anything. Named
/// rows are for the unit; every figure for another reader passes `Disclosure` (a group
/// under five other municipalities hidden, and with it as many others as a partition needs).
public struct PlanOverview: Sendable {
    /// One municipality's row: its status on each point (not started when never recorded).
    public struct Row: Sendable, Equatable {
        public let municipality: Municipality
        public let statuses: [String: ProgressStatus]
        /// Points in place or sustained.
        public let done: Int
        /// The name folded once for sorting (a localized comparison per pair cost most of the page).
        let sortName: String
        /// No point beyond "not started".
        public var hasNotStarted: Bool { statuses.values.allSatisfy { $0 == .notStarted } }
    }

    public struct Filter: Sendable, Equatable {
        public var province: Province?
        public var priorityOnly: Bool
        public var populationClass: PopulationClass?
        /// With `point`: the status on that point; without: on any point.
        public var status: ProgressStatus?
        public var point: String?

        public init(province: Province? = nil, priorityOnly: Bool = false, populationClass: PopulationClass? = nil, status: ProgressStatus? = nil,
                    point: String? = nil) {
            self.province = province
            self.priorityOnly = priorityOnly
            self.populationClass = populationClass
            self.status = status
            self.point = point
        }

        func keeps(_ row: Row) -> Bool {
            if let province, row.municipality.province != province { return false }
            if priorityOnly, !row.municipality.isPriority { return false }
            if let populationClass, row.municipality.populationClass != populationClass { return false }
            if let status {
                if let point { return row.statuses[point] == status }
                return row.statuses.values.contains(status)
            }
            return true
        }
    }

    public enum Sort: String, CaseIterable, Sendable {
        case name = "naam"
        case province = "provincie"
        /// Most points in place or sustained first.
        case done = "gereed"
        /// Least far first: where support is needed.
        case behind = "achter"
    }

    /// A group's figures: how many municipalities, and per point how many at each status.
    public struct Group: Sendable, Equatable {
        public let label: String
        public let municipalities: Int
        public let includesOwn: Bool
        public let counts: [String: [ProgressStatus: Int]]

        /// Points in place or sustained on `point`.
        public func done(_ point: String) -> Int { (counts[point]?[.inPlace] ?? 0) + (counts[point]?[.sustained] ?? 0) }
    }

    public let plan: Plan
    public let rows: [Row]

    /// `statuses` by municipality and point key, as stored; ended municipalities are left out.
    public init(plan: Plan, municipalities: [Municipality], statuses: [MunicipalityCode: [String: ProgressStatus]]) {
        self.plan = plan
        rows = municipalities.filter(\.isActive).map { municipality in
            let recorded = statuses[municipality.code] ?? [:]
            var own: [String: ProgressStatus] = [:]
            for point in plan.points { own[point.key] = recorded[point.key] ?? .notStarted }
            return Row(municipality: municipality, statuses: own, done: own.values.filter { $0 == .inPlace || $0 == .sustained }.count,
                       sortName: SearchKey.fold(municipality.name))
        }
    }

    /// The rows `filter` keeps, in `sort` order (then by name).
    public func rows(_ filter: Filter, sort: Sort = .name) -> [Row] {
        rows.filter(filter.keeps).sorted { a, b in
            switch sort {
            case .name: break
            case .province where a.municipality.province != b.municipality.province: return a.municipality.province.rawValue < b.municipality.province.rawValue
            case .done where a.done != b.done: return a.done > b.done
            case .behind where a.done != b.done: return a.done < b.done
            default: break
            }
            return a.sortName < b.sortName
        }
    }

    /// The figures of `rows` as one group.
    public func group(_ label: String, _ rows: [Row], own: String? = nil) -> Group {
        var counts: [String: [ProgressStatus: Int]] = [:]
        for row in rows {
            for (key, status) in row.statuses { counts[key, default: [:]][status, default: 0] += 1 }
        }
        return Group(label: label, municipalities: rows.count, includesOwn: own.map { code in rows.contains { $0.municipality.code.rawValue == code } } ?? false,
                     counts: counts)
    }

    /// The filtered rows split by province and by population class, each group with its figures.
    public func byProvince(_ rows: [Row], own: String? = nil) -> [Group] {
        Province.allCases.map { province in group(province.rawValue, rows.filter { $0.municipality.province == province }, own: own) }
    }

    public func byPopulationClass(_ rows: [Row], own: String? = nil, label: (PopulationClass) -> String = \.rawValue) -> [Group] {
        PopulationClass.allCases.map { band in group(label(band), rows.filter { $0.municipality.populationClass == band }, own: own) }
    }

    /// What a reader sees of the overview under `filter`: the whole group's figures (nil
    /// when it rests on too few municipalities), the groups by province and by population
    /// class with which of them may be shown, the number not started (nil when hidden, even
    /// zero: over a group of one it would tell that one's state), and the named rows for a
    /// reader who may see them (empty for others).
    public struct Figures: Sendable {
        public let all: Group
        public let allShown: Bool
        public let provinces: [Group]
        public let provincesShown: [Bool]
        public let classes: [Group]
        public let classesShown: [Bool]
        public let notStarted: Int?
        public let rows: [Row]
    }

    public func figures(_ filter: Filter, sort: Sort = .name, disclosure: Disclosure, allLabel: String = "",
                        classLabel: (PopulationClass) -> String = \.rawValue) -> Figures {
        let own = disclosure.ownUnit
        let rows = rows(filter, sort: sort)
        let all = group(allLabel, rows, own: own)
        let allShown = disclosure.mayShow(count: all.municipalities, includesOwn: all.includesOwn)
        let provinces = byProvince(rows, own: own), classes = byPopulationClass(rows, own: own, label: classLabel)
        let notStarted = rows.filter(\.hasNotStarted)
        let count = allShown ? disclosure.count(notStarted.count, includesOwn: notStarted.contains { $0.municipality.code.rawValue == own }) : nil
        return Figures(all: all, allShown: allShown, provinces: provinces, provincesShown: Self.shown(provinces, disclosure: disclosure),
                       classes: classes, classesShown: Self.shown(classes, disclosure: disclosure), notStarted: count,
                       rows: disclosure.isOpen ? rows : [])
    }

    /// Which groups of a partition `disclosure` lets its reader see (`Disclosure.partition`):
    /// the groups' sizes decide, the same for every point.
    public static func shown(_ groups: [Group], disclosure: Disclosure) -> [Bool] {
        disclosure.partition(groups.map { (units: $0.municipalities, includesOwn: $0.includesOwn) })
    }
}
