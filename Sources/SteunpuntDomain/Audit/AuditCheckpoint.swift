import Foundation

/// Where a lane of the audit trail continues after its oldest entries were removed at the
/// end of their retention period (issue 23, part 3): the position and hash of the last
/// entry removed, signed, so that `audit verify` checks the rest from there and a
/// checkpoint changed in the database (to hide entries removed outside the rules) no
/// longer verifies. It is also exported (`steunpunt audit checkpoints --export`) to be
/// kept apart from the database.
public struct AuditCheckpoint: Sendable, Equatable {
    public let lane: Int
    /// The last removed entry: its place in its lane, its number and its hash, which the
    /// first entry kept names as its previous hash.
    public let position: Int
    public let sequence: Int
    public let hash: String
    public let lastOccurredAt: Date
    /// Entries written before this moment were due.
    public let cutoff: Date
    /// How many entries of the lane this checkpoint removed.
    public let removed: Int
    public let madeAt: Date
    /// HMAC-SHA256 of `signedText`, hex, under a key derived from the encryption key.
    public var signature: String

    public init(lane: Int, position: Int, sequence: Int, hash: String, lastOccurredAt: Date, cutoff: Date, removed: Int, madeAt: Date, signature: String = "") {
        self.lane = lane
        self.position = position
        self.sequence = sequence
        self.hash = hash
        self.lastOccurredAt = lastOccurredAt
        self.cutoff = cutoff
        self.removed = removed
        self.madeAt = madeAt
        self.signature = signature
    }

    /// What the signature covers: every field, in a fixed order, times in milliseconds.
    public var signedText: String {
        func millis(_ date: Date) -> String { String(Int64((date.timeIntervalSince1970 * 1000).rounded())) }
        return ["steunpunt-audit-checkpoint-1", String(lane), String(position), String(sequence), hash, millis(lastOccurredAt),
                millis(cutoff), String(removed), millis(madeAt)].joined(separator: "\u{1F}")
    }
}
