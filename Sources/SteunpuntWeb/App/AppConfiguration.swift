import Foundation
import Logging
import SteunpuntDomain
import SteunpuntMail
import SteunpuntStorage

/// Every setting of a running Steunpunt, in one typed value. Each setting comes from an
/// environment variable (named in `Variable`), may be overridden by a command-line flag,
/// and has a safe development default. Loading reports every problem at once.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var databaseURL: DatabaseURL
    /// The address users reach the service at; `https://` turns on Secure cookies and HSTS.
    public var publicURL: String?
    public var logLevel: Logger.Level
    /// bcrypt work factor for new password hashes (4–31; 12 in production, lower only in tests).
    public var bcryptCost: Int
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Largest toolbox document accepted, in bytes.
    public var maxDocumentBytes: Int = 20 * 1_048_576
    public var sessionLifetime: SessionLifetime
    /// Which personal identifiers free text may not hold (always at least the BSN).
    public var privacyGuard: PrivacyGuard
    /// Failed sign-ins that lock an account or an address, and for how long.
    public var signInThrottle = SignInThrottle()
    /// Who must use two-step verification, and how fresh it must be for sensitive actions.
    public var twoStep: TwoStepPolicy
    /// The 32-byte key TOTP secrets are encrypted with; nil means "use the key file"
    /// (`KeyFile.location(for:)`), which the command line reads or creates at start.
    public var encryptionKey: Data?
    /// The mail server; nil sends no mail (invitation links are then shown to the administrator).
    public var smtp: SMTPConfiguration?
    /// The sender address of every message.
    public var mailFrom: String
    /// Where people write with questions about access and accessibility (the refusal
    /// page and the accessibility statement name it).
    public var contactEmail: String = "contact@steunpunt.example"
    /// A connection that sends no complete request head for this long is closed: idle
    /// keep-alive connections and slow header senders alike.
    public var idleTimeout: Duration = .seconds(30)
    /// At most this many open client connections; past it new ones wait in the backlog
    /// (and a warning is logged), so one client cannot use up the process's open files.
    public var maxConnections: Int = 512
    /// How long a PostgreSQL call may wait for a connection and take in all; past it the
    /// request is answered 503 with `Retry-After` (SQLite: its busy timeout).
    public var databaseLimits = DatabaseLimits()
    /// The organisation identification number (OIN, 20 digits) of the organisation that
    /// runs Steunpunt: webhook events name their source with it (`urn:nld:oin:…`).
    public var oin: String?
    /// Whether a webhook callback may be plain `http://` (a receiver on the operator's own
    /// network or machine); otherwise only `https://`.
    public var webhookAllowHTTP = false
    /// Months without a change or an introduction after which an entry of the network
    /// register is due for review.
    public var networkReviewMonths = NetworkPolicy.defaultReviewMonths
    /// Months without an update after which a municipality is reminded of its 10-point plan (0: never).
    public var planReminderMonths = 6
    /// The reverse proxies (their addresses) whose `X-Forwarded-For` names the client; empty:
    /// the connection's own address is the client's.
    public var trustedProxies: Set<String> = []
    /// Every kind of record's retention rule: the defaults with the operator's changes.
    public var retention = RetentionSchedule.standard
    /// How log lines are written: text for people, or one JSON object per line for a collector.
    public var logFormat = LogFormat.text

    public enum LogFormat: String, CaseIterable, Sendable {
        case text
        case json
    }

    public static let defaultDatabaseURL = "sqlite:var/steunpunt.sqlite"

    /// The environment variables, with their defaults and meaning. README's table is this list.
    public enum Variable: String, CaseIterable, Sendable {
        case host = "STEUNPUNT_HOST"
        case port = "STEUNPUNT_PORT"
        case databaseURL = "STEUNPUNT_DATABASE_URL"
        case publicURL = "STEUNPUNT_PUBLIC_URL"
        case logLevel = "STEUNPUNT_LOG_LEVEL"
        case bcryptCost = "STEUNPUNT_BCRYPT_COST"
        case maxBodyBytes = "STEUNPUNT_MAX_BODY_BYTES"
        case maxDocumentBytes = "STEUNPUNT_MAX_DOCUMENT_BYTES"
        case sessionIdleMinutes = "STEUNPUNT_SESSION_IDLE_MINUTES"
        case sessionAbsoluteHours = "STEUNPUNT_SESSION_ABSOLUTE_HOURS"
        case privacyRefuse = "STEUNPUNT_PRIVACY_REFUSE"
        case twoStepRequired = "STEUNPUNT_TWO_STEP_REQUIRED"
        case encryptionKey = "STEUNPUNT_ENCRYPTION_KEY"
        case smtpURL = "STEUNPUNT_SMTP_URL"
        case mailFrom = "STEUNPUNT_MAIL_FROM"
        case contactEmail = "STEUNPUNT_CONTACT_EMAIL"
        case idleTimeoutSeconds = "STEUNPUNT_IDLE_TIMEOUT_SECONDS"
        case maxConnections = "STEUNPUNT_MAX_CONNECTIONS"
        case databaseTimeoutSeconds = "STEUNPUNT_DATABASE_TIMEOUT_SECONDS"
        case oin = "STEUNPUNT_OIN"
        case webhookAllowHTTP = "STEUNPUNT_WEBHOOK_ALLOW_HTTP"
        case networkReviewMonths = "STEUNPUNT_NETWORK_REVIEW_MONTHS"
        case planReminderMonths = "STEUNPUNT_PLAN_REMINDER_MONTHS"
        case retention = "STEUNPUNT_RETENTION"
        case trustedProxies = "STEUNPUNT_TRUSTED_PROXIES"
        case logFormat = "STEUNPUNT_LOG_FORMAT"

        public var defaultValue: String {
            switch self {
            case .host: "127.0.0.1"
            case .port: "8080"
            case .databaseURL: AppConfiguration.defaultDatabaseURL
            case .publicURL: ""
            case .logLevel: "info"
            case .bcryptCost: "12"
            case .maxBodyBytes: "1048576"
            case .maxDocumentBytes: "20971520"
            case .sessionIdleMinutes: "30"
            case .sessionAbsoluteHours: "12"
            case .privacyRefuse: "bsn"
            case .twoStepRequired: "case-data-roles"
            case .encryptionKey: ""
            case .smtpURL: ""
            case .mailFrom: "noreply@steunpunt.example"
            case .contactEmail: "contact@steunpunt.example"
            case .idleTimeoutSeconds: "30"
            case .maxConnections: "512"
            case .databaseTimeoutSeconds: "30"
            case .oin: ""
            case .webhookAllowHTTP: "false"
            case .networkReviewMonths: "12"
            case .planReminderMonths: "6"
            case .retention: ""
            case .trustedProxies: ""
            case .logFormat: "text"
            }
        }
    }

    /// What is wrong with the configuration, one line per problem.
    public struct Problems: Error, CustomStringConvertible, Sendable {
        public let messages: [String]
        public var description: String {
            "The configuration is not valid:\n" + messages.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// Reads the configuration from `environment`, with `overrides` (from command-line
    /// flags) taking precedence. Throws every problem found, not just the first.
    public static func load(environment: [String: String], overrides: [Variable: String] = [:]) throws(Problems) -> AppConfiguration {
        var problems: [String] = []
        func value(_ variable: Variable) -> String {
            let text = overrides[variable] ?? environment[variable.rawValue] ?? variable.defaultValue
            return text.trimmingCharacters(in: .whitespaces)
        }
        func integer(_ variable: Variable, in range: ClosedRange<Int>) -> Int {
            let text = value(variable)
            guard let number = Int(text), range.contains(number) else {
                problems.append("\(variable.rawValue)='\(text)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                return Int(variable.defaultValue)!
            }
            return number
        }

        let host = value(.host)
        if host.isEmpty { problems.append("\(Variable.host.rawValue) must not be empty") }
        let port = integer(.port, in: 0...65535)
        var databaseURL = DatabaseURL.sqlite(path: "var/steunpunt.sqlite")
        do {
            databaseURL = try DatabaseURL.parse(value(.databaseURL))
        } catch {
            problems.append("\(Variable.databaseURL.rawValue): \(error)")
        }
        let publicURL = value(.publicURL)
        if !publicURL.isEmpty, !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) || URL(string: publicURL)?.host == nil {
            problems.append("\(Variable.publicURL.rawValue)='\(publicURL)' must be an http:// or https:// address")
        }
        let levelText = value(.logLevel).lowercased()
        let logLevel = Logger.Level(rawValue: levelText)
        if logLevel == nil {
            problems.append("\(Variable.logLevel.rawValue)='\(levelText)' must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let bcryptCost = integer(.bcryptCost, in: 4...31)
        let maxBody = integer(.maxBodyBytes, in: 1024...(64 * 1024 * 1024))
        let maxDocument = integer(.maxDocumentBytes, in: 1024...(256 * 1024 * 1024))
        let idle = integer(.sessionIdleMinutes, in: 1...(24 * 60))
        let absolute = integer(.sessionAbsoluteHours, in: 1...(24 * 30))
        let idleTimeout = integer(.idleTimeoutSeconds, in: 1...3600)
        let maxConnections = integer(.maxConnections, in: 1...100_000)
        let databaseTimeout = integer(.databaseTimeoutSeconds, in: 1...3600)
        let networkReview = integer(.networkReviewMonths, in: 1...120)
        let planReminder = integer(.planReminderMonths, in: 0...60)

        let (privacyGuard, unknownKinds) = PrivacyGuard.parse(value(.privacyRefuse))
        for name in unknownKinds {
            problems.append("\(Variable.privacyRefuse.rawValue): '\(name)' is not one of \(PrivacyGuard.IdentifierKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }

        let twoStepText = value(.twoStepRequired).lowercased()
        if !["case-data-roles", "everyone"].contains(twoStepText) {
            problems.append("\(Variable.twoStepRequired.rawValue)='\(twoStepText)' must be case-data-roles or everyone")
        }
        var encryptionKey: Data?
        let keyText = value(.encryptionKey)
        if !keyText.isEmpty {
            encryptionKey = Data(base64Encoded: keyText)
            if encryptionKey?.count != SecretBox.keyLength {
                problems.append("\(Variable.encryptionKey.rawValue) must be \(SecretBox.keyLength) random bytes in base64 (openssl rand -base64 32)")
            }
        }

        var smtp: SMTPConfiguration?
        let smtpText = value(.smtpURL)
        if !smtpText.isEmpty {
            do {
                smtp = try SMTPConfiguration.parse(smtpText)
            } catch {
                problems.append("\(Variable.smtpURL.rawValue): \(error)")
            }
            if publicURL.isEmpty { problems.append("\(Variable.publicURL.rawValue) must be set when mail is sent: links in mail need it") }
        }
        let mailFrom = value(.mailFrom)
        if !EmailAddress.isValid(mailFrom) { problems.append("\(Variable.mailFrom.rawValue)='\(mailFrom)' must be an e-mail address") }
        let contactEmail = value(.contactEmail)
        if !EmailAddress.isValid(contactEmail) { problems.append("\(Variable.contactEmail.rawValue)='\(contactEmail)' must be an e-mail address") }

        let oin = value(.oin)
        if !oin.isEmpty, oin.count != 20 || !oin.allSatisfy(\.isASCII) || !oin.allSatisfy(\.isNumber) {
            problems.append("\(Variable.oin.rawValue)='\(oin)' must be an OIN: 20 digits")
        }
        let allowHTTP = value(.webhookAllowHTTP).lowercased()
        if !["true", "false"].contains(allowHTTP) { problems.append("\(Variable.webhookAllowHTTP.rawValue)='\(allowHTTP)' must be true or false") }

        let proxies = value(.trustedProxies).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for proxy in proxies where !IPAddressText.isValid(proxy) {
            problems.append("\(Variable.trustedProxies.rawValue): '\(proxy)' is not an IP address (name each proxy by its address, as it connects)")
        }

        let logFormat = LogFormat(rawValue: value(.logFormat).lowercased())
        if logFormat == nil {
            problems.append("\(Variable.logFormat.rawValue)='\(value(.logFormat))' must be one of \(LogFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }

        var retention = RetentionSchedule.standard
        switch RetentionSchedule.configured(value(.retention)) {
        case .success(let schedule): retention = schedule
        case .failure(let refused): problems += refused.messages.map { "\(Variable.retention.rawValue): \($0)" }
        }

        if !problems.isEmpty { throw Problems(messages: problems) }
        var configuration = AppConfiguration(
            host: host, port: port, databaseURL: databaseURL, publicURL: publicURL.isEmpty ? nil : publicURL,
            logLevel: logLevel!, bcryptCost: bcryptCost, maxBodyBytes: maxBody, maxDocumentBytes: maxDocument,
            sessionLifetime: SessionLifetime(idle: TimeInterval(idle * 60), absolute: TimeInterval(absolute * 3600)),
            privacyGuard: privacyGuard, twoStep: TwoStepPolicy(everyone: twoStepText == "everyone"),
            encryptionKey: encryptionKey, smtp: smtp, mailFrom: mailFrom)
        configuration.contactEmail = contactEmail
        configuration.idleTimeout = .seconds(idleTimeout)
        configuration.maxConnections = maxConnections
        configuration.databaseLimits = DatabaseLimits(acquire: .seconds(min(5, databaseTimeout)), call: .seconds(databaseTimeout))
        configuration.oin = oin.isEmpty ? nil : oin
        configuration.webhookAllowHTTP = allowHTTP == "true"
        configuration.networkReviewMonths = networkReview
        configuration.planReminderMonths = planReminder
        configuration.retention = retention
        configuration.trustedProxies = Set(proxies)
        configuration.logFormat = logFormat!
        return configuration
    }

    /// Served over TLS (judged by the public address): cookies get `Secure`, responses HSTS.
    public var isTLS: Bool { publicURL?.hasPrefix("https://") ?? false }

    /// The API's absolute base URL, as webhook events point to records (`dataref`).
    public var apiURL: String {
        (publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "http://\(host):\(port)") + "/api/v1"
    }
}

extension AppConfiguration {
    /// The box TOTP secrets and mail bodies are sealed with.
    public func secretBox() throws -> SecretBox {
        guard let encryptionKey else { throw Problems(messages: ["no encryption key (\(Variable.encryptionKey.rawValue))"]) }
        return try SecretBox(key: encryptionKey)
    }
}
