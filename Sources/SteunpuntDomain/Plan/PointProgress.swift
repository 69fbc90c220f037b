import Foundation

/// How far a municipality is with a point.
public enum ProgressStatus: String, CaseIterable, Codable, Sendable, Comparable {
    case notStarted = "niet-gestart"
    case preparing = "in-voorbereiding"
    case inPlace = "ingevoerd"
    /// In place, evaluated and kept up.
    case sustained = "geborgd"

    /// Whether the point needs its evidence described.
    public var needsEvidence: Bool { self == .inPlace || self == .sustained }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// A municipality's progress on one point, as it stands now.
public struct PointProgress: Sendable, Equatable {
    public let municipality: MunicipalityCode
    public let pointKey: String
    public var status: ProgressStatus
    /// The day the status holds since (`YYYY-MM-DD`); empty while not started.
    public var since: String
    public var evidence: String
    /// The function responsible (never a person's name).
    public var responsibleFunction: String
    public var nextStep: String
    /// When the next step is due (`YYYY-MM-DD`), or empty.
    public var nextStepOn: String
    public var wantsSupport: Bool
    /// The version of the plan it was last recorded against.
    public var planVersion: Int
    /// The point asks something else since a newer version of the plan: to be reviewed.
    public var needsReview: Bool
    /// Raised by every change (optimistic locking).
    public var version: Int
    public var changedBy: UUID?
    public var changedAt: Date?

    public init(municipality: MunicipalityCode, pointKey: String, status: ProgressStatus = .notStarted, since: String = "", evidence: String = "",
                responsibleFunction: String = "", nextStep: String = "", nextStepOn: String = "", wantsSupport: Bool = false, planVersion: Int,
                needsReview: Bool = false, version: Int = 0, changedBy: UUID? = nil, changedAt: Date? = nil) {
        self.municipality = municipality
        self.pointKey = pointKey
        self.status = status
        self.since = since
        self.evidence = evidence
        self.responsibleFunction = responsibleFunction
        self.nextStep = nextStep
        self.nextStepOn = nextStepOn
        self.wantsSupport = wantsSupport
        self.planVersion = planVersion
        self.needsReview = needsReview
        self.version = version
        self.changedBy = changedBy
        self.changedAt = changedAt
    }

    /// Not recorded yet: a point nobody has touched (version 0).
    public var isRecorded: Bool { version > 0 }
}

/// One change of a municipality's progress on a point, as the history keeps it: the
/// values after the change, who made it and when.
public struct ProgressChange: Sendable, Equatable {
    public let id: UUID
    public let progress: PointProgress
    public let changedBy: UUID?
    public let changedAt: Date
    /// Where the change came from: the page or API, a bulk upload, a new plan version, or
    /// the unit's decision on a wish for support.
    public let source: ProgressSource

    public init(id: UUID, progress: PointProgress, changedBy: UUID?, changedAt: Date, source: ProgressSource) {
        self.id = id
        self.progress = progress
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.source = source
    }
}

public enum ProgressSource: String, CaseIterable, Codable, Sendable {
    case form = "formulier"
    case upload = "upload"
    case newPlanVersion = "nieuwe-planversie"
    /// The unit decided on the wish for support: "wants support" is cleared, the wish answered.
    case supportDecision = "besluit-ondersteuning"
}

/// Progress on a point as a municipality writes it, every value as typed.
public struct ProgressDraft: Sendable, Equatable {
    public var status: String
    public var since: String
    public var evidence: String
    public var responsibleFunction: String
    public var nextStep: String
    public var nextStepOn: String
    public var wantsSupport: Bool

    public init(status: String, since: String = "", evidence: String = "", responsibleFunction: String = "", nextStep: String = "", nextStepOn: String = "",
                wantsSupport: Bool = false) {
        self.status = status
        self.since = since
        self.evidence = evidence
        self.responsibleFunction = responsibleFunction
        self.nextStep = nextStep
        self.nextStepOn = nextStepOn
        self.wantsSupport = wantsSupport
    }

    public init(_ progress: PointProgress) {
        self.init(status: progress.status.rawValue, since: progress.since, evidence: progress.evidence, responsibleFunction: progress.responsibleFunction,
                  nextStep: progress.nextStep, nextStepOn: progress.nextStepOn, wantsSupport: progress.wantsSupport)
    }

    public struct Valid: Sendable, Equatable {
        public let status: ProgressStatus
        public let since: String
        public let evidence: String
        public let responsibleFunction: String
        public let nextStep: String
        public let nextStepOn: String
        public let wantsSupport: Bool
    }

    public enum TextLimit {
        public static let evidence = 5_000
        public static let function = 200
        public static let nextStep = 1_000
    }

    /// Every problem at once: a known status; from "being prepared" on, the day it holds
    /// since (not in the future); evidence described once the point is in place; the next
    /// step's day a real day, and never a day without a step; the privacy guard on every text.
    public func validated(today: Date, privacy: PrivacyGuard = .standard) throws(DomainError) -> Valid {
        var v = Validator()
        let status = v.choice(self.status, "status", "invalid_progress_status", ProgressStatus.init(rawValue:))
        let sinceText = since.trimmingCharacters(in: .whitespaces)
        let todayDay = CalendarDay(of: today)
        if let day = CalendarDay(sinceText) {
            v.check(day <= todayDay, "sinds", "date_in_future")
        } else if !sinceText.isEmpty {
            v.add("sinds", "invalid_date")
        } else if let status, status != .notStarted {
            v.add("sinds", "required")
        }
        let evidence = v.text(self.evidence, field: "bewijs", max: TextLimit.evidence, required: status?.needsEvidence ?? false)
        privacy.check(evidence, field: "bewijs", into: &v)
        let function = v.text(responsibleFunction, field: "verantwoordelijkeFunctie", max: TextLimit.function, required: false)
        privacy.check(function, field: "verantwoordelijkeFunctie", into: &v)
        let step = v.text(nextStep, field: "volgendeStap", max: TextLimit.nextStep, required: false)
        privacy.check(step, field: "volgendeStap", into: &v)
        let stepOn = nextStepOn.trimmingCharacters(in: .whitespaces)
        if !stepOn.isEmpty {
            if CalendarDay(stepOn) == nil { v.add("volgendeStapOp", "invalid_date") }
            if step.isEmpty { v.add("volgendeStap", "required") }
        }
        try v.finish()
        return Valid(status: status!, since: status == .notStarted && sinceText.isEmpty ? "" : sinceText, evidence: evidence, responsibleFunction: function,
                     nextStep: step, nextStepOn: stepOn, wantsSupport: wantsSupport)
    }
}
