import Foundation

/// Where a progress report stands: written by the NCTV's analysts (`concept`), handed in
/// for review (`ter-beoordeling`: locked; a reviewer returns it with a reason or publishes
/// it), published (frozen: its snapshot is what it says, for good).
public enum ReportStatus: String, CaseIterable, Codable, Sendable {
    case draft = "concept"
    case inReview = "ter-beoordeling"
    case published = "gepubliceerd"
}

/// A progress report on the action programme (voortgangsrapportage, issue 22 part 6), one
/// per quarter: a title and an introduction written by the analysts; its sections (one per
/// measure: status, milestones, the quarter's progress text its keepers wrote, its
/// indicators) and its annex are composed from the records, live while it is a draft and
/// frozen in `snapshot` when it is published, with the SHA-256 of that snapshot.
public struct ProgressReport: Sendable, Equatable {
    public let period: PlanQuarter
    public var title: String
    public var introduction: String
    public var status: ReportStatus
    public var version: Int
    public var updatedBy: UUID
    public var updatedAt: Date
    /// Who handed it in for review, when (nil while a draft).
    public var submittedBy: UUID?
    public var submittedAt: Date?
    /// Why a reviewer returned it to draft, the last time.
    public var returnReason: String
    public var publishedBy: UUID?
    public var publishedAt: Date?
    /// Hex SHA-256 of the published snapshot's bytes.
    public var sha256: String?

    public init(period: PlanQuarter, title: String, introduction: String, status: ReportStatus = .draft, version: Int = 1, updatedBy: UUID, updatedAt: Date,
                submittedBy: UUID? = nil, submittedAt: Date? = nil, returnReason: String = "", publishedBy: UUID? = nil, publishedAt: Date? = nil,
                sha256: String? = nil) {
        self.period = period
        self.title = title
        self.introduction = introduction
        self.status = status
        self.version = version
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
        self.submittedBy = submittedBy
        self.submittedAt = submittedAt
        self.returnReason = returnReason
        self.publishedBy = publishedBy
        self.publishedAt = publishedAt
        self.sha256 = sha256
    }

    public static let titleLength = 200
    public static let introductionLength = 20_000
    public static let reasonLength = 2_000
}

/// A report's title and introduction as typed. Every problem at once; no personal
/// identifiers in either (a published report is public).
public struct ProgressReportDraft: Sendable, Equatable {
    public var title: String
    public var introduction: String

    public init(title: String, introduction: String) {
        self.title = title
        self.introduction = introduction
    }

    public func validated(privacy: PrivacyGuard = .standard) throws(DomainError) -> (title: String, introduction: String) {
        var v = Validator()
        let title = v.text(self.title, field: "titel", max: ProgressReport.titleLength)
        let introduction = v.text(self.introduction, field: "inleiding", max: ProgressReport.introductionLength)
        privacy.check(title, field: "titel", into: &v)
        privacy.check(introduction, field: "inleiding", into: &v)
        try v.finish()
        return (title, introduction)
    }
}

/// A report as it reads: composed from the records while it is a draft, stored as it was
/// when it was published. Language-neutral: codes and keys, never interface words (the
/// plan's points carry the names the plan gave them then). Its JSON (keys sorted) is what
/// the SHA-256 is taken of.
public struct ReportSnapshot: Sendable, Equatable, Codable {
    public struct Milestone: Sendable, Equatable, Codable {
        public let title: String
        public let dueOn: String
        public let state: String
        public let reachedOn: String

        public init(title: String, dueOn: String, state: String, reachedOn: String) {
            self.title = title
            self.dueOn = dueOn
            self.state = state
            self.reachedOn = reachedOn
        }
    }

    /// An indicator's figure as everyone may read it (aggregates, small groups hidden), with its provenance.
    public struct Figure: Sendable, Equatable, Codable {
        public struct Cell: Sendable, Equatable, Codable {
            public let key: String
            public let label: String?
            public let value: Double?

            public init(key: String, label: String?, value: Double?) {
                self.key = key
                self.label = label
                self.value = value
            }
        }
        public let code: String
        public let definitionVersion: Int
        public let aggregate: String
        public let breakdown: String
        public let period: String
        public let value: Double?
        public let restsOn: Int?
        public let readAt: Date
        public let closed: Bool
        public let cells: [Cell]
        public let target: Double?

        public init(code: String, definitionVersion: Int, aggregate: String, breakdown: String, period: String, value: Double?, restsOn: Int?, readAt: Date,
                    closed: Bool, cells: [Cell], target: Double?) {
            self.code = code
            self.definitionVersion = definitionVersion
            self.aggregate = aggregate
            self.breakdown = breakdown
            self.period = period
            self.value = value
            self.restsOn = restsOn
            self.readAt = readAt
            self.closed = closed
            self.cells = cells
            self.target = target
        }
    }

    public struct Section: Sendable, Equatable, Codable {
        public let number: String
        public let title: String
        public let status: String
        public let owner: String
        public let milestonesReached: Int
        public let milestonesTotal: Int
        public let milestones: [Milestone]
        public let progress: String
        public let figures: [Figure]

        public init(number: String, title: String, status: String, owner: String, milestonesReached: Int, milestonesTotal: Int, milestones: [Milestone],
                    progress: String, figures: [Figure]) {
            self.number = number
            self.title = title
            self.status = status
            self.owner = owner
            self.milestonesReached = milestonesReached
            self.milestonesTotal = milestonesTotal
            self.milestones = milestones
            self.progress = progress
            self.figures = figures
        }
    }

    public struct AnnexRow: Sendable, Equatable, Codable {
        public let number: String
        public let title: String
        public let status: String
        public let owner: String
        public let ministry: String
        public let startsOn: String
        public let endsOn: String
        public let milestonesReached: Int
        public let milestonesTotal: Int

        public init(number: String, title: String, status: String, owner: String, ministry: String, startsOn: String, endsOn: String, milestonesReached: Int,
                    milestonesTotal: Int) {
            self.number = number
            self.title = title
            self.status = status
            self.owner = owner
            self.ministry = ministry
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.milestonesReached = milestonesReached
            self.milestonesTotal = milestonesTotal
        }
    }

    public let period: String
    public let title: String
    public let introduction: String
    public let composedAt: Date
    public let sections: [Section]
    public let annex: [AnnexRow]

    public init(period: String, title: String, introduction: String, composedAt: Date, sections: [Section], annex: [AnnexRow]) {
        self.period = period
        self.title = title
        self.introduction = introduction
        self.composedAt = composedAt
        self.sections = sections
        self.annex = annex
    }

    /// The bytes the SHA-256 is taken of: JSON with sorted keys, dates as ISO 8601.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    public static func decoded(_ data: Data) throws -> ReportSnapshot {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ReportSnapshot.self, from: data)
    }
}
