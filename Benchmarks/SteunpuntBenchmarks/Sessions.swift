import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Signed-in sessions of demo users for the page rows of the load scripts: a session per
/// e-mail address, with two-step verification turned on, so a page answers 200 instead of
/// sending the person to enrol. `sessions DATABASE-URL WORK-FOLDER EMAIL…` writes each
/// session's cookie value to `WORK/session-<email>`.
enum Sessions {
    static func make(_ database: Database, emails: [String], work: URL) async throws {
        guard let key = ProcessInfo.processInfo.environment["STEUNPUNT_ENCRYPTION_KEY"].flatMap({ Data(base64Encoded: $0) }) else {
            fatalError("STEUNPUNT_ENCRYPTION_KEY is not set")
        }
        let mfa = MFAStore(database: database, box: try SecretBox(key: key))
        let now = Date()
        for email in emails {
            guard let user = try await UserStore(database: database).credentials(email: email)?.user else { fatalError("no demo user \(email)") }
            let session = SecretToken.generate()
            try await SessionStore(database: database).create(token: session, csrfToken: "c", user: user.id, at: now, lifetime: .init())
            try await mfa.begin(user: user.id, secret: "JBSWY3DPEHPK3PXP")
            try await mfa.confirm(user: user.id, step: 1, recoveryCodes: [], at: now)
            try "\(session)\n".write(to: work.appendingPathComponent("session-\(email)"), atomically: true, encoding: .utf8)
        }
    }
}
