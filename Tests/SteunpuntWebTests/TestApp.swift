import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
@testable import SteunpuntWeb

/// Builds the real application (through `buildApplication`) on a fresh database and
/// runs `body` with a client that talks to its router.
enum TestApp {
    static let password = "paard batterij nietje"
    /// The TOTP secret of test users enrolled in two-step verification.
    static let totpSecret = "TESTSECRETTESTSECRET"
    /// The key TOTP secrets are encrypted with in tests.
    static let encryptionKey = Data(repeating: 7, count: SecretBox.keyLength)
    static var box: SecretBox { try! SecretBox(key: encryptionKey) }

    /// The clock of the running test app and the TOTP steps its users have used, for `Browser.signIn`.
    @TaskLocal static var clock: TestClock?
    @TaskLocal static var ledger: TOTPLedger?
    /// The database of the running test app, for a test that opens a second connection to it (a second server).
    @TaskLocal static var databaseURL: DatabaseURL?

    static func configuration(_ url: DatabaseURL, maxBodyBytes: Int = 16_384, environment: [String: String] = [:]) throws -> AppConfiguration {
        // The plan's reminders are off unless a test turns them on: the test databases' plan
        // was published months before today, so every municipality would be reminded at once.
        var configuration = try AppConfiguration.load(environment: ["STEUNPUNT_BCRYPT_COST": "4", "STEUNPUNT_PLAN_REMINDER_MONTHS": "0"].merging(environment) { $1 })
        configuration.databaseURL = url
        configuration.maxBodyBytes = maxBodyBytes
        configuration.encryptionKey = encryptionKey
        return configuration
    }

    static func with<R: Sendable>(_ engine: TestEngine = .sqlite, maxBodyBytes: Int = 16_384, clock: TestClock? = nil,
                                  environment variables: [String: String] = [:], backgroundServices: Bool = true,
                                  _ body: @escaping @Sendable (any TestClientProtocol, Database) async throws -> R) async throws -> R {
        try await TestDatabase.with(engine) { database, url async throws in
            var dependencies = Dependencies.live
            if let clock { dependencies.now = { clock.now } }
            let environment = AppEnvironment(configuration: try configuration(url, maxBodyBytes: maxBodyBytes, environment: variables),
                                             database: database, dependencies: dependencies, logger: TestDatabase.logger)
            let app = try await buildApplication(environment, backgroundServices: backgroundServices)
            return try await $databaseURL.withValue(url) { try await $clock.withValue(clock) {
                try await $ledger.withValue(TOTPLedger()) {
                    try await app.test(.router) { client in try await body(client, database) }
                }
            } }
        }
    }

    /// Adds a user with the test password. Users of roles that must use two-step
    /// verification are enrolled with `totpSecret` unless `twoStep` says otherwise.
    @discardableResult
    static func user(_ database: Database, email: String, organisation: String, role: Role, name: String = "Test Gebruiker",
                     twoStep: Bool? = nil) async throws -> User {
        let hash = try await PasswordHasher(cost: 4).hash(password)
        let draft = try UserDraft(email: email, name: name, organisation: organisation, role: role.rawValue).validated()
        let user = try await UserStore(database: database).create(draft, id: UUID(), passwordHash: hash, at: Date())
        if twoStep ?? TwoStepPolicy().isRequired(for: role) {
            let store = MFAStore(database: database, box: box)
            try await store.begin(user: user.id, secret: totpSecret)
            try await store.confirm(user: user.id, step: 0, recoveryCodes: [], at: Date())
        }
        return user
    }

    /// Issues an API token for a user (valid for an hour on the test app's clock) and returns the `Authorization` header value.
    static func bearer(_ database: Database, user: User, scopes: Set<APIScope> = [.read]) async throws -> String {
        let secret = SecretToken.generate(prefix: "spt_")
        let now = clock?.now ?? Date()
        _ = try await APITokenStore(database: database).create(secret: secret, id: UUID(), user: user.id, name: "test", scopes: scopes,
                                                              at: now, expiresAt: now.addingTimeInterval(3600))
        return "Bearer \(secret)"
    }
}

extension TestApp {
    /// A code for `totpSecret` the server has not seen for this user yet (codes are never
    /// accepted twice): the current step, or one step ahead, which the server allows.
    static func nextCode(for email: String) -> String {
        let now = TOTPVerifier.currentStep(at: clock?.now ?? Date())
        let step = ledger?.next(email, from: now) ?? now
        return TOTPVerifier.code(secret: totpSecret, step: step)
    }
}

/// The TOTP steps used per user in one test app.
final class TOTPLedger: Sendable {
    private let used = Mutex<[String: Int]>([:])

    func next(_ email: String, from now: Int) -> Int {
        used.withLock { steps in
            let step = max(now - 1, (steps[email] ?? .min) + 1)
            steps[email] = step
            return step
        }
    }
}

/// A browser-like session against the test client: keeps cookies, fills in the CSRF field.
struct Browser: Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) { self.client = client }

    mutating func get(_ uri: String) async throws -> TestResponse {
        let response = try await client.executeRequest(uri: uri, method: .get, headers: headers(), body: nil)
        remember(response)
        return response
    }

    /// Posts a form; `_csrf` is taken from the last page unless given.
    mutating func post(_ uri: String, form: [(String, String)], csrf: String? = nil) async throws -> TestResponse {
        var fields = form
        if let token = csrf ?? lastCSRF ?? cookies[CSRFProtection.cookieName] { fields.append(("_csrf", token)) }
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = headers()
        headers[.contentType] = "application/x-www-form-urlencoded"
        let response = try await client.executeRequest(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// Posts a form with a file (`multipart/form-data`), `_csrf` as for `post`.
    mutating func postMultipart(_ uri: String, form: [(String, String)], file: MultipartBody.File?, csrf: String? = nil) async throws -> TestResponse {
        var fields = form
        if let token = csrf ?? lastCSRF ?? cookies[CSRFProtection.cookieName] { fields.append(("_csrf", token)) }
        let body = MultipartBody(fields: fields, file: file)
        var headers = headers()
        headers[.contentType] = body.contentType
        let response = try await client.executeRequest(uri: uri, method: .post, headers: headers, body: body.buffer)
        remember(response)
        return response
    }

    /// Signs in through the real form; returns the response to the form post. When the
    /// server asks for the second step, answers it with a code from `TestApp.totpSecret`
    /// (unless `secondStep` is false) and returns the response to that.
    @discardableResult
    mutating func signIn(_ email: String, password: String = TestApp.password, secondStep: Bool = true) async throws -> TestResponse {
        let page = try await get("/inloggen")
        lastCSRF = Self.csrfField(in: String(buffer: page.body))
        let response = try await post("/inloggen", form: [("email", email), ("wachtwoord", password), ("terug", "/dashboard")])
        guard secondStep, let location = response.headers[.location], location.hasPrefix("/inloggen/code") else { return response }
        _ = try await get(location)
        var answered = try await post("/inloggen/code", form: [("code", TestApp.nextCode(for: email)), ("terug", "/dashboard")])
        // The code belongs to a 30-second step; on a loaded machine the step can end between
        // making the code and checking it. Then the next code is the right one (once).
        if answered.status != .seeOther && answered.status != .found {
            answered = try await post("/inloggen/code", form: [("code", TestApp.nextCode(for: email)), ("terug", "/dashboard")])
        }
        return answered
    }

    var lastCSRF: String?

    private func headers() -> HTTPFields {
        var fields = HTTPFields()
        if !cookies.isEmpty { fields[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return fields
    }

    private mutating func remember(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty || header.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        if let field = Self.csrfField(in: String(buffer: response.body)) { lastCSRF = field }
    }

    static func csrfField(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] ?? [:]
    }
}

/// A `multipart/form-data` body as browsers send it: text fields, then one file.
struct MultipartBody {
    struct File {
        let field: String
        let name: String
        let bytes: [UInt8]
        var contentType = "application/octet-stream"
    }

    let boundary = "----steunpunt-test-\(UUID().uuidString)"
    let buffer: ByteBuffer

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    init(fields: [(String, String)], file: File?) {
        var buffer = ByteBuffer()
        for (name, value) in fields {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        if let file {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n")
            buffer.writeString("Content-Type: \(file.contentType)\r\n\r\n")
            buffer.writeBytes(file.bytes)
            buffer.writeString("\r\n")
        }
        buffer.writeString("--\(boundary)--\r\n")
        self.buffer = buffer
    }
}
