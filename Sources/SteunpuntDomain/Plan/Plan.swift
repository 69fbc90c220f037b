import Foundation

/// The phase of the local approach a point belongs to: the foundation a municipality lays,
/// then the public three-phase model of the local approach (preventing tension and
/// radicalisation with early signalling; signalling and a person-focused approach;
/// aftercare and reintegration).
public enum PlanPhase: String, CaseIterable, Codable, Sendable {
    case foundation = "basis"
    case prevention = "preventie"
    case signalling = "signalering"
    case aftercare = "nazorg"
}

/// One point of the 10-point plan. `key` is stable across versions, so a municipality's
/// progress on it carries over when a new version is published.
public struct PlanPoint: Codable, Sendable, Equatable {
    public var key: String
    public var number: Int
    public var phase: PlanPhase
    public var title: String
    /// What the point asks of a municipality.
    public var asks: String
    /// The evidence that shows it is in place.
    public var evidence: String
    /// The needs of the shared list it relates to (support proposed from it names these).
    public var needs: [NeedCode]
    /// Toolbox offerings (by address) that help with it.
    public var offerings: [String]

    /// Keys a point cannot have: the pages use them under `/tienpuntenplan/{gemeente}/`.
    public static let reservedKeys: Set<String> = ["bestand", "quickscan"]

    public init(key: String, number: Int, phase: PlanPhase, title: String, asks: String, evidence: String, needs: [NeedCode], offerings: [String] = []) {
        self.key = key
        self.number = number
        self.phase = phase
        self.title = title
        self.asks = asks
        self.evidence = evidence
        self.needs = needs
        self.offerings = offerings
    }

    enum CodingKeys: String, CodingKey {
        case key = "sleutel", number = "nummer", phase = "fase", title = "titel", asks = "vraagt", evidence = "bewijs", needs = "behoeften", offerings = "aanbod"
    }

    /// Whether `other` asks the same of a municipality: the same title, request and
    /// evidence. Needs, offerings, number and phase may change without that.
    public func asksTheSame(as other: PlanPoint) -> Bool {
        title == other.title && asks == other.asks && evidence == other.evidence
    }
}

/// The plan as the unit keeps it: a title, an introduction and its numbered points.
public struct Plan: Codable, Sendable, Equatable {
    public var title: String
    public var introduction: String
    public var points: [PlanPoint]

    public init(title: String, introduction: String, points: [PlanPoint]) {
        self.title = title
        self.introduction = introduction
        self.points = points
    }

    enum CodingKeys: String, CodingKey {
        case title = "titel", introduction = "inleiding", points = "punten"
    }

    public func point(_ key: String) -> PlanPoint? { points.first { $0.key == key } }
}

/// Where a version of the plan stands: a draft the unit edits, or published, after which
/// it never changes and municipalities record their progress against it.
public enum PlanStatus: String, CaseIterable, Codable, Sendable {
    case draft = "concept"
    case published = "gepubliceerd"
}

/// One numbered version of the plan.
public struct PlanVersion: Sendable, Equatable {
    public let version: Int
    public var status: PlanStatus
    public var plan: Plan
    /// Who saved it; nil for the starting version shipped with Steunpunt.
    public let changedBy: UUID?
    public let changedAt: Date
    public var publishedAt: Date?

    public init(version: Int, status: PlanStatus, plan: Plan, changedBy: UUID?, changedAt: Date, publishedAt: Date? = nil) {
        self.version = version
        self.status = status
        self.plan = plan
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.publishedAt = publishedAt
    }

    /// The starting version Steunpunt ships, which the unit adapts: the interface says so.
    public var isStartingVersion: Bool { changedBy == nil && plan == .starting }
}
