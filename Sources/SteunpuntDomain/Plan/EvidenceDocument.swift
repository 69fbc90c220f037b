import Foundation

/// A document a municipality adds to a point of its plan as evidence that the point is in
/// place (a council decision, a covenant, an evaluation). It is stored as the toolbox stores
/// documents (bytes once per SHA-256 digest, in the database) and passes the same checks
/// (`UploadedFile.check`). Removing one keeps its record (title, file, who and when) for
/// the point's history; only the municipality's own officials and the unit read it.
public struct EvidenceDocument: Sendable, Equatable {
    public let id: UUID
    public let municipality: MunicipalityCode
    public let pointKey: String
    public let title: String
    /// The file (always version 1: evidence is added or removed, not replaced).
    public let file: DocumentFile
    public var removedBy: UUID?
    public var removedAt: Date?

    public init(id: UUID, municipality: MunicipalityCode, pointKey: String, title: String, file: DocumentFile, removedBy: UUID? = nil, removedAt: Date? = nil) {
        self.id = id
        self.municipality = municipality
        self.pointKey = pointKey
        self.title = title
        self.file = file
        self.removedBy = removedBy
        self.removedAt = removedAt
    }

    public var isRemoved: Bool { removedAt != nil }

    /// At most this many documents are kept as evidence on one point at a time.
    public static let limitPerPoint = 20
}

/// A document as a municipality adds it as evidence: the file and an optional title (the
/// file name without its extension when left empty).
public struct EvidenceDraft: Sendable, Equatable {
    public var title: String?
    public var file: UploadedFile?

    public init(title: String? = nil, file: UploadedFile?) {
        self.title = title
        self.file = file
    }

    public struct Valid: Sendable, Equatable {
        public let title: String
        public let file: CheckedFile
    }

    /// Every problem at once: the file's (`UploadedFile.check`), the title's length and the
    /// privacy guard on the title.
    public func validated(sizeLimit: Int, privacy: PrivacyGuard = .standard) throws(DomainError) -> Valid {
        var v = Validator()
        let checked = UploadedFile.check(file, sizeLimit: sizeLimit, privacy: privacy, into: &v)
        let fileName = file.map { DocumentDraft.cleanFileName($0.fileName) } ?? ""
        let typed = (title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let title = v.text(typed.isEmpty ? String(fileName.prefix { $0 != "." }.prefix(150)) : typed, field: "titel", max: 150)
        privacy.check(title, field: "titel", into: &v)
        try v.finish()
        return Valid(title: title, file: checked!)
    }
}
