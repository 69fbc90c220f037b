import Foundation

/// Where a version of an instrument stands: a draft the unit edits, or published, after
/// which it never changes (rounds are fielded with a published version).
public enum InstrumentStatus: String, CaseIterable, Codable, Sendable {
    case draft = "concept"
    case published = "gepubliceerd"
}

/// One numbered version of an instrument.
public struct InstrumentVersion: Sendable, Equatable {
    public let instrumentID: UUID
    public let version: Int
    public var status: InstrumentStatus
    public var definition: Instrument
    /// Who saved it; nil for the instrument shipped with Steunpunt.
    public let changedBy: UUID?
    public let changedAt: Date
    public var publishedAt: Date?

    public init(instrumentID: UUID, version: Int, status: InstrumentStatus, definition: Instrument, changedBy: UUID?, changedAt: Date,
                publishedAt: Date? = nil) {
        self.instrumentID = instrumentID
        self.version = version
        self.status = status
        self.definition = definition
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.publishedAt = publishedAt
    }
}
