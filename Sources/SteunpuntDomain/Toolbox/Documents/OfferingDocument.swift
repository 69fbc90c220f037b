import Foundation

/// A document that belongs to an offering (a guide as PDF, a training's handout). Each
/// upload is a numbered version; replacing the file adds the next one and earlier
/// versions stay readable. A document is never more visible than its offering.
public struct OfferingDocument: Sendable, Equatable {
    public let id: UUID
    public let offeringID: UUID
    public var title: String
    public var visibility: Visibility
    /// The current file.
    public var file: DocumentFile
    public let createdAt: Date

    public init(id: UUID, offeringID: UUID, title: String, visibility: Visibility, file: DocumentFile, createdAt: Date) {
        self.id = id
        self.offeringID = offeringID
        self.title = title
        self.visibility = visibility
        self.file = file
        self.createdAt = createdAt
    }

    public var version: Int { file.version }

    /// Every download of a document that is not public is written to the audit trail.
    public var isRestricted: Bool { visibility != .publicAccess }
}

/// One uploaded version of a document's file, with the digest of its bytes.
public struct DocumentFile: Sendable, Equatable {
    public let version: Int
    public let fileName: String
    public let format: DocumentFormat
    public let size: Int
    /// SHA-256 of the content, lowercase hex.
    public let sha256: String
    public let uploadedBy: UUID
    public let uploadedAt: Date

    public init(version: Int, fileName: String, format: DocumentFormat, size: Int, sha256: String, uploadedBy: UUID, uploadedAt: Date) {
        self.version = version
        self.fileName = fileName
        self.format = format
        self.size = size
        self.sha256 = sha256
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
    }
}

/// A file as it arrived: the name the sender gave it and its bytes.
public struct UploadedFile: Sendable, Equatable {
    public var fileName: String
    public var bytes: [UInt8]

    public init(fileName: String, bytes: [UInt8]) {
        self.fileName = fileName
        self.bytes = bytes
    }
}

/// Input for adding a document or replacing its file, validated as a whole. The file passes
/// `UploadedFile.check` (by its content, not only by its name: an executable renamed to
/// `.pdf` is refused, as is a DOCX named `.odt`). The title defaults to the file name.
public struct DocumentDraft: Sendable, Equatable {
    public var title: String?
    public var visibility: String?
    public var file: UploadedFile?

    public init(title: String? = nil, visibility: String? = nil, file: UploadedFile?) {
        self.title = title
        self.visibility = visibility
        self.file = file
    }

    public struct Valid: Sendable, Equatable {
        public let title: String
        public let visibility: Visibility
        public let fileName: String
        public let format: DocumentFormat
        public let bytes: [UInt8]
        /// The text for the search index, for formats whose text can be read.
        public let text: String?
    }

    /// Checks the draft for a document of `offering`. Without a title or visibility the
    /// ones of `current` (when replacing) or the file name and the offering's are taken.
    public func validated(for offering: Offering, current: OfferingDocument? = nil, sizeLimit: Int,
                          privacy: PrivacyGuard = .standard) throws(DomainError) -> Valid {
        var v = Validator()
        let checked = UploadedFile.check(file, sizeLimit: sizeLimit, privacy: privacy, into: &v)
        let fileName = file.map { Self.cleanFileName($0.fileName) } ?? ""
        let typedTitle = (title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let fallback = current?.title ?? String(fileName.prefix { $0 != "." }.prefix(150))
        let title = v.text(typedTitle.isEmpty ? fallback : typedTitle, field: "titel", max: 150)
        privacy.check(title, field: "titel", into: &v)
        var visibility = current?.visibility ?? offering.visibility
        if let typed = self.visibility, !typed.isEmpty {
            if let parsed = Visibility(rawValue: typed) {
                visibility = parsed
                v.check(parsed >= offering.visibility, "zichtbaarheid", "visibility_below_offering")
            } else {
                v.add("zichtbaarheid", "invalid_visibility")
            }
        }
        try v.finish()
        return Valid(title: title, visibility: visibility, fileName: checked!.fileName, format: checked!.format, bytes: checked!.bytes, text: checked!.text)
    }

    /// The last part of a path (browsers on Windows may send one), without control
    /// characters or quotes, at most 120 characters with its extension kept.
    public static func cleanFileName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0 != "\"" }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        guard clean.count > 120 else { return clean == "." || clean == ".." ? "" : clean }
        guard let dot = clean.lastIndex(of: "."), clean.distance(from: dot, to: clean.endIndex) <= 10 else { return String(clean.prefix(120)) }
        let ext = clean[dot...]
        return String(clean[..<dot].prefix(120 - ext.count)) + ext
    }
}
