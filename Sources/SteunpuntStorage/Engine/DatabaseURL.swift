import Foundation

/// Where the data lives, parsed from a database URL:
/// `sqlite:///absolute/path.sqlite`, `sqlite:relative/path.sqlite` or
/// `postgres://user:password@host:port/database[?sslmode=disable|prefer|require][&prepare=off]`.
/// `prepare=off` sends every statement unnamed (`StatementNames`), for a connection pooler
/// in transaction mode that does not carry prepared statements across server connections.
public enum DatabaseURL: Equatable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    public struct PostgresLocation: Equatable, Sendable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        public var tls: TLSMode
        /// Whether statements run often are kept prepared on each connection.
        public var preparesStatements = true
    }

    public enum TLSMode: String, Equatable, Sendable {
        case disable, prefer, require
    }

    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case unsupportedScheme(String)
        case missingPath
        case missingHost
        case missingDatabase
        case missingUser
        case invalidPort(String)
        case invalidSSLMode(String)
        case invalidPrepare(String)

        public var description: String {
            switch self {
            case .unsupportedScheme(let scheme): "unsupported scheme '\(scheme)': use sqlite: or postgres://"
            case .missingPath: "a sqlite URL needs a file path, e.g. sqlite:var/steunpunt.sqlite"
            case .missingHost: "a postgres URL needs a host, e.g. postgres://user:pass@localhost:5432/steunpunt"
            case .missingDatabase: "a postgres URL needs a database name after the host"
            case .missingUser: "a postgres URL needs a user name"
            case .invalidPort(let port): "'\(port)' is not a port number"
            case .invalidSSLMode(let mode): "sslmode '\(mode)' is not one of disable, prefer, require"
            case .invalidPrepare(let value): "prepare '\(value)' is not one of on, off"
            }
        }
    }

    public static func parse(_ text: String) throws(ParseError) -> DatabaseURL {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("sqlite:") {
            var path = String(trimmed.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw .missingPath }
            return .sqlite(path: path)
        }
        guard trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") else {
            throw .unsupportedScheme(String(trimmed.prefix { $0 != ":" }))
        }
        guard let components = URLComponents(string: trimmed) else { throw .missingHost }
        guard let host = components.host, !host.isEmpty else { throw .missingHost }
        guard let user = components.user, !user.isEmpty else { throw .missingUser }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw .missingDatabase }
        var tls = TLSMode.disable
        if let mode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value {
            guard let parsed = TLSMode(rawValue: mode) else { throw .invalidSSLMode(mode) }
            tls = parsed
        }
        var prepares = true
        if let value = components.queryItems?.first(where: { $0.name == "prepare" })?.value {
            guard value == "on" || value == "off" else { throw .invalidPrepare(value) }
            prepares = value == "on"
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw .invalidPort(String(port)) }
        return .postgres(PostgresLocation(
            host: host, port: port, username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding, database: database, tls: tls,
            preparesStatements: prepares))
    }

    /// The engine this URL selects.
    public var engine: Engine {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// A form safe to print or log: the password is never shown.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let location): "postgres://\(location.username)@\(location.host):\(location.port)/\(location.database)"
        }
    }
}

/// The two database engines Steunpunt runs on.
public enum Engine: String, Sendable {
    case sqlite
    case postgres
}
