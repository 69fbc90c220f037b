import Foundation

/// Where mail goes: `smtp://[user:password@]host[:port]` (plain, for a relay on the same
/// host or network; port 25 by default) or `smtps://…` (TLS from the first byte, port 465).
public struct SMTPConfiguration: Sendable, Equatable {
    public enum Security: String, Sendable { case none = "smtp", tls = "smtps" }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The name this client gives in `EHLO`.
    public var heloName: String

    public init(host: String, port: Int, security: Security = .none, username: String? = nil, password: String? = nil, heloName: String = "steunpunt") {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.heloName = heloName
    }

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self { case .invalid(let reason): reason }
        }
    }

    public static func parse(_ text: String) throws(ParseError) -> SMTPConfiguration {
        guard let components = URLComponents(string: text), let scheme = components.scheme, let security = Security(rawValue: scheme.lowercased()) else {
            throw .invalid("use smtp://host:port or smtps://user:password@host:port")
        }
        guard let host = components.host, !host.isEmpty else { throw .invalid("the mail address needs a host") }
        let port = components.port ?? (security == .tls ? 465 : 25)
        guard (1...65535).contains(port) else { throw .invalid("the mail port must be from 1 to 65535") }
        let user = components.user?.removingPercentEncoding
        if user != nil, security == .none, !["localhost", "127.0.0.1", "::1"].contains(host) {
            throw .invalid("a user name and password are only sent over smtps:// (or to localhost)")
        }
        return SMTPConfiguration(host: host, port: port, security: security, username: user,
                                 password: components.password?.removingPercentEncoding)
    }
}
