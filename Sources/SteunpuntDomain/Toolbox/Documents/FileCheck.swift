/// The checks every uploaded document passes, wherever it is stored (a toolbox document, a
/// municipality's evidence for a point of the plan): present, not larger than the limit,
/// a file name, a format the name announces and the content shows (an executable renamed
/// to `.pdf` is refused, as is a DOCX named `.odt`), and no personal identifier in the file
/// name or in any text the file carries (not only the text the search index keeps).
public struct CheckedFile: Sendable, Equatable {
    public let fileName: String
    public let format: DocumentFormat
    public let bytes: [UInt8]
    /// The text for the search index, for formats whose text can be read.
    public let text: String?
}

extension UploadedFile {
    /// Checks `file` for field `field`, adding every problem to `v`; nil when one was found.
    public static func check(_ file: UploadedFile?, sizeLimit: Int, privacy: PrivacyGuard, field: String = "bestand",
                             into v: inout Validator) -> CheckedFile? {
        guard let file, !file.bytes.isEmpty else {
            v.add(field, "file_required")
            return nil
        }
        let fileName = DocumentDraft.cleanFileName(file.fileName)
        var format: DocumentFormat?
        if file.bytes.count > sizeLimit {
            v.add(field, "file_too_large")
        } else if fileName.isEmpty {
            v.add(field, "invalid_file_name")
        } else if let announced = DocumentFormat.announced(by: fileName) {
            if DocumentFormat.detected(in: file.bytes) == announced {
                format = announced
            } else {
                v.add(field, "content_mismatch")
            }
        } else {
            v.add(field, "unsupported_file_type")
        }
        let before = v.errors.count
        privacy.check(fileName, field: field, into: &v)
        if let format, let all = DocumentText.all(format, from: file.bytes) { privacy.check(all, field: field, into: &v) }
        guard let format, v.errors.count == before else { return nil }
        return CheckedFile(fileName: fileName, format: format, bytes: file.bytes, text: DocumentText.extract(format, from: file.bytes))
    }
}
