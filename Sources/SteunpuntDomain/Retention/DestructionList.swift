import Foundation

/// Where a destruction list stands. The daily job collects due records on a new list;
/// the unit's coordinator reviews it (excluding a record with a reason) and hands it on;
/// an administrator approves it, or sends it back with a reason; the job then destroys
/// what is on it and not excluded. Nothing is destroyed without both.
public enum DestructionListStatus: String, CaseIterable, Codable, Sendable {
    /// Collecting and in review by the coordinator.
    case inReview = "in-beoordeling"
    /// Reviewed, waiting for an administrator's approval.
    case reviewed = "beoordeeld"
    /// Approved: the job destroys its records in its next round.
    case approved = "goedgekeurd"
    /// Its records are destroyed; the list and its destruction records stay.
    case destroyed = "vernietigd"
}

/// A list of records due for destruction, and what happened to it.
public struct DestructionList: Sendable, Equatable, Identifiable {
    public let id: UUID
    /// `VL-2026-0001`.
    public let number: String
    public var status: DestructionListStatus
    /// Raised by every change, the records added among them: a review or an approval of
    /// a list that changed since it was read is refused.
    public var version: Int
    public let createdAt: Date
    public var reviewedBy: UUID?
    public var reviewedAt: Date?
    public var approvedBy: UUID?
    public var approvedAt: Date?
    /// Why an administrator sent it back to the coordinator (the latest time).
    public var returnReason: String?
    public var destroyedAt: Date?
    /// Records on it, and how many of them are excluded.
    public var items: Int
    public var excluded: Int

    public init(id: UUID, number: String, status: DestructionListStatus, version: Int, createdAt: Date, reviewedBy: UUID? = nil, reviewedAt: Date? = nil,
                approvedBy: UUID? = nil, approvedAt: Date? = nil, returnReason: String? = nil, destroyedAt: Date? = nil, items: Int = 0, excluded: Int = 0) {
        self.id = id
        self.number = number
        self.status = status
        self.version = version
        self.createdAt = createdAt
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.returnReason = returnReason
        self.destroyedAt = destroyedAt
        self.items = items
        self.excluded = excluded
    }

    public static func number(year: Int, sequence: Int) -> String { String(format: "VL-%04d-%04d", year, sequence) }
}

/// A record on a destruction list: which kind and which record (by number, never by
/// title: a list carries no free text), its municipality (none for a registration of an
/// organisation that is no municipality's), the moment its period ran from and the day it
/// became due; excluded with a reason until a day, or destroyed.
public struct DestructionItem: Sendable, Equatable {
    public let type: RetentionRecordType
    public let recordID: UUID
    public let number: String
    public let municipality: MunicipalityCode?
    public let runsFrom: Date
    public let dueOn: CalendarDay
    public var exclusion: Exclusion?
    public var destroyedAt: Date?

    public struct Exclusion: Sendable, Equatable {
        public let reason: String
        public let by: UUID
        public let at: Date
        /// It comes on a new list from this day, unless excluded again.
        public let until: CalendarDay

        public init(reason: String, by: UUID, at: Date, until: CalendarDay) {
            self.reason = reason
            self.by = by
            self.at = at
            self.until = until
        }
    }

    public init(type: RetentionRecordType, recordID: UUID, number: String, municipality: MunicipalityCode?, runsFrom: Date, dueOn: CalendarDay,
                exclusion: Exclusion? = nil, destroyedAt: Date? = nil) {
        self.type = type
        self.recordID = recordID
        self.number = number
        self.municipality = municipality
        self.runsFrom = runsFrom
        self.dueOn = dueOn
        self.exclusion = exclusion
        self.destroyedAt = destroyedAt
    }
}

/// What is left of a destroyed record: which kind, which number, when, on which list,
/// reviewed and approved by whom. Kept permanently (the Archiefwet's
/// "verklaring van vernietiging").
public struct DestructionRecord: Sendable, Equatable {
    public let type: RetentionRecordType
    public let recordID: UUID
    public let number: String
    public let listNumber: String
    public let destroyedAt: Date
    public let reviewedBy: UUID
    public let approvedBy: UUID

    public init(type: RetentionRecordType, recordID: UUID, number: String, listNumber: String, destroyedAt: Date, reviewedBy: UUID, approvedBy: UUID) {
        self.type = type
        self.recordID = recordID
        self.number = number
        self.listNumber = listNumber
        self.destroyedAt = destroyedAt
        self.reviewedBy = reviewedBy
        self.approvedBy = approvedBy
    }
}
