import Foundation

/// One plain-text e-mail, as Steunpunt sends it (invitations, notifications).
public struct MailMessage: Sendable, Equatable, Codable {
    public var from: String
    public var to: String
    public var subject: String
    public var body: String
    /// Where the recipient turns this kind of mail off (RFC 2369 `List-Unsubscribe`).
    public var listUnsubscribe: String?

    public init(from: String, to: String, subject: String, body: String, listUnsubscribe: String? = nil) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.listUnsubscribe = listUnsubscribe
    }

    /// The message in RFC 5322 form: UTF-8 headers encoded per RFC 2047, the body as
    /// base64 so any transport carries it unchanged. Lines end in CRLF.
    public func rendered(date: Date, messageID: String) -> String {
        var headers = [
            "From: \(from)",
            "To: \(to)",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.dateFormatter.string(from: date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
        ]
        if let listUnsubscribe, Self.isHeaderSafe(listUnsubscribe) { headers.append("List-Unsubscribe: <\(listUnsubscribe)>") }
        let normalised = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let encoded = Data(normalised.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + encoded + "\r\n"
    }

    /// A header value as an RFC 2047 encoded word when it is not plain ASCII.
    static func encodedWord(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII || $0.value < 32 }) else { return text }
        return "=?UTF-8?B?" + Data(text.utf8).base64EncodedString() + "?="
    }

    private static let dateFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter
    }()

    /// True for a URL that can stand in a header as it is (printable ASCII, no angle brackets).
    static func isHeaderSafe(_ value: String) -> Bool {
        !value.isEmpty && value.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && $0.value < 127 && $0 != "<" && $0 != ">" }
    }

    /// True for an address SMTP can carry in `MAIL FROM`/`RCPT TO` (no brackets, spaces or line breaks).
    static func isTransportable(_ address: String) -> Bool {
        !address.isEmpty && address.contains("@") && !address.contains(where: { "<>\r\n ".contains($0) })
    }
}
