import Foundation

/// One plain-text e-mail, as Steunpunt sends it (invitations, notifications), optionally
/// with a calendar invitation.
public struct MailMessage: Sendable, Equatable, Codable {
    public var from: String
    public var to: String
    public var subject: String
    public var body: String
    /// Where the recipient turns this kind of mail off (RFC 2369 `List-Unsubscribe`).
    public var listUnsubscribe: String?
    /// A calendar invitation (iMIP, RFC 6047) sent with the text.
    public var calendar: Calendar?

    /// An iCalendar object and its iTIP method (`REQUEST`, `CANCEL`).
    public struct Calendar: Sendable, Equatable, Codable {
        public var method: String
        public var text: String

        public init(method: String, text: String) {
            self.method = method
            self.text = text
        }
    }

    public init(from: String, to: String, subject: String, body: String, listUnsubscribe: String? = nil, calendar: Calendar? = nil) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.listUnsubscribe = listUnsubscribe
        self.calendar = calendar
    }

    /// The message in RFC 5322 form: UTF-8 headers encoded per RFC 2047, every part as
    /// base64 so any transport carries it unchanged. Lines end in CRLF. With a calendar it
    /// is `multipart/mixed` as calendar programs expect an invitation (RFC 6047 and what
    /// the common clients send): the text and `text/calendar; method=…` as alternatives,
    /// and the same calendar as an attached `.ics` file for programs that show only attachments.
    public func rendered(date: Date, messageID: String) -> String {
        var headers = [
            "From: \(from)",
            "To: \(to)",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.dateFormatter.string(from: date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
        ]
        let text = Self.part("text/plain; charset=utf-8", body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n"))
        var content = text.content
        if let calendar, Self.isToken(calendar.method) {
            // The boundaries hold "=_", which base64 never writes, so no part can contain them.
            let mixed = "=_steunpunt_mixed_\(Self.boundary(messageID))", alternative = "=_steunpunt_alt_\(Self.boundary(messageID))"
            let invitation = Self.part("text/calendar; charset=utf-8; method=\(calendar.method)", calendar.text)
            let file = Self.part("application/ics; name=\"uitnodiging.ics\"", calendar.text,
                                 extra: ["Content-Disposition: attachment; filename=\"uitnodiging.ics\""])
            let alternatives = (headers: ["Content-Type: multipart/alternative; boundary=\"\(alternative)\""],
                                content: Self.multipart([text, invitation], boundary: alternative))
            headers.append("Content-Type: multipart/mixed; boundary=\"\(mixed)\"")
            content = Self.multipart([alternatives, file], boundary: mixed)
        } else {
            headers += text.headers
        }
        headers.append("Auto-Submitted: auto-generated")
        if let listUnsubscribe, Self.isHeaderSafe(listUnsubscribe) { headers.append("List-Unsubscribe: <\(listUnsubscribe)>") }
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + content
    }

    /// One MIME part: its headers and its content as base64 in lines of 76.
    static func part(_ type: String, _ content: String, extra: [String] = []) -> (headers: [String], content: String) {
        let encoded = Data(content.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return (["Content-Type: \(type)", "Content-Transfer-Encoding: base64"] + extra, encoded + "\r\n")
    }

    /// Parts as the content of a multipart entity with `boundary`.
    static func multipart(_ parts: [(headers: [String], content: String)], boundary: String) -> String {
        parts.map { "--\(boundary)\r\n" + $0.headers.joined(separator: "\r\n") + "\r\n\r\n" + $0.content }.joined() + "--\(boundary)--\r\n"
    }

    /// A boundary's distinguishing part from the message id (letters and digits only).
    static func boundary(_ messageID: String) -> String {
        String(messageID.unicodeScalars.filter { $0.isASCII && CharacterSet.alphanumerics.contains($0) }.prefix(40).map(Character.init))
    }

    /// True for a MIME parameter token such as an iTIP method.
    static func isToken(_ value: String) -> Bool {
        !value.isEmpty && value.unicodeScalars.allSatisfy { ($0 >= "A" && $0 <= "Z") || $0 == "-" }
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
