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

extension RequestFigures {
    /// The figures as a reader may see them (`Disclosure`); nil is hidden.
    public struct Shown: Sendable, Equatable {
        public let filed: Int
        public let closed: Int
        public let municipalitiesAdvised: Int?
        public let schoolsAdvised: Int?
        public let byChannel: [RequestChannel: Int?]
        public let byNeed: [NeedCode: Int?]
        public let referralRate: Double
        public let medianHoursToFirstResponse: Double?
        public let medianHoursToClose: Double?
    }

    /// What `disclosure` lets its reader see: the numbers of municipalities and schools
    /// advised and each need's count under the threshold hidden; the channels, which
    /// partition the requests filed, hidden so that the total does not give one back.
    public func shown(to disclosure: Disclosure) -> Shown {
        let channels = RequestChannel.allCases.filter { byChannel[$0] != nil }
        let visible = disclosure.partition(channels.map { (units: byChannel[$0]!, includesOwn: false) })
        return Shown(filed: filed, closed: closed, municipalitiesAdvised: disclosure.count(municipalitiesAdvised),
                     schoolsAdvised: disclosure.count(schoolsAdvised),
                     byChannel: Dictionary(uniqueKeysWithValues: zip(channels, visible).map { ($0, $1 ? byChannel[$0] : nil) }),
                     byNeed: byNeed.mapValues { disclosure.count($0) }, referralRate: referralRate,
                     medianHoursToFirstResponse: medianHoursToFirstResponse, medianHoursToClose: medianHoursToClose)
    }
}

extension RequestPolicy {
    /// The unit (coordinator, advisors) and national analysts see the figures.
    public static func canSeeFigures(_ user: User) -> Bool {
        [.unitCoordinator, .unitAdvisor, .nationalAnalyst].contains(user.role)
    }

    /// The unit handles the requests and sees the figures as they are; analysts see them
    /// as aggregates (`Disclosure.aggregates`).
    public static func figuresDisclosure(for user: User) -> Disclosure {
        user.role == .nationalAnalyst ? .aggregates : .open
    }
}
