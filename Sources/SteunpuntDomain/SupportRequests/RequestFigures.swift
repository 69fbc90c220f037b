import Foundation

/// The figures the letter asks to know ("a number of municipalities have already been
/// advised"), computed from the records of a period, never typed in.
public struct RequestFigures: Sendable, Equatable {
    public var filed: Int
    public var closed: Int
    /// Distinct municipalities and schools with a request closed as advised or trained.
    public var municipalitiesAdvised: Int
    public var schoolsAdvised: Int
    public var byChannel: [RequestChannel: Int]
    public var byNeed: [NeedCode: Int]
    /// Share of the period's requests referred at least once (0…1; 0 when none were filed).
    public var referralRate: Double
    /// Median hours from filing to the first response, and to closing (nil without data).
    public var medianHoursToFirstResponse: Double?
    public var medianHoursToClose: Double?

    public init(filed: Int = 0, closed: Int = 0, municipalitiesAdvised: Int = 0, schoolsAdvised: Int = 0, byChannel: [RequestChannel: Int] = [:],
                byNeed: [NeedCode: Int] = [:], referralRate: Double = 0, medianHoursToFirstResponse: Double? = nil, medianHoursToClose: Double? = nil) {
        self.filed = filed
        self.closed = closed
        self.municipalitiesAdvised = municipalitiesAdvised
        self.schoolsAdvised = schoolsAdvised
        self.byChannel = byChannel
        self.byNeed = byNeed
        self.referralRate = referralRate
        self.medianHoursToFirstResponse = medianHoursToFirstResponse
        self.medianHoursToClose = medianHoursToClose
    }

    /// The median of `values` (the mean of the middle two for an even count).
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Small cells: a count under the threshold can point at one municipality, so analysts
/// see "fewer than 5" instead (DOMAIN.md, privacy rules).
public enum SmallCells {
    public static let threshold = 5

    /// Whether `user` sees counts as they are (the unit, which handles the requests) or suppressed.
    public static func mustSuppress(for user: User) -> Bool {
        user.role == .nationalAnalyst
    }

    /// nil when the count must be hidden.
    public static func shown(_ count: Int, suppress: Bool) -> Int? {
        suppress && count > 0 && count < threshold ? nil : count
    }
}

extension RequestPolicy {
    /// The unit (coordinator, advisors) and national analysts see the figures.
    public static func canSeeFigures(_ user: User) -> Bool {
        [.unitCoordinator, .unitAdvisor, .nationalAnalyst].contains(user.role)
    }
}
