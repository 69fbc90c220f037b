import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Secrets encrypted at rest")
struct SecretBoxTests {
    @Test("a sealed secret opens with its key only, and a changed byte is noticed")
    func sealAndOpen() throws {
        let box = try SecretBox(key: SecretBox.newKey())
        let sealed = try box.seal("JBSWY3DPEHPK3PXP")
        #expect(sealed.hasPrefix("enc1:") && !sealed.contains("JBSWY3DPEHPK3PXP"))
        #expect(try box.seal("JBSWY3DPEHPK3PXP") != sealed, "a fresh nonce each time")
        #expect(try box.open(sealed) == "JBSWY3DPEHPK3PXP")
        #expect(throws: SecretBoxError.cannotOpen) { try SecretBox(key: SecretBox.newKey()).open(sealed) }
        var bytes = Data(base64Encoded: String(sealed.dropFirst(5)))!
        bytes[bytes.count - 1] ^= 1
        #expect(throws: SecretBoxError.cannotOpen) { try box.open("enc1:" + bytes.base64EncodedString()) }
        #expect(throws: SecretBoxError.badKeyLength(16)) { try SecretBox(key: Data(count: 16)) }
    }

    @Test("TOTP secrets are stored encrypted, and older plain ones get sealed", arguments: TestEngine.available)
    func totpAtRest(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let user = try await IdentityStoreTests.makeUser(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let store = MFAStore(database: database, box: try SecretBox(key: SecretBox.newKey()))
            try await store.begin(user: user.id, secret: "ABCDEFGHIJKLMNOPQRST")
            let stored = try await database.sql.select().column("secret").from("user_mfa").first()!.decode(column: "secret", as: String.self)
            #expect(stored.hasPrefix("enc1:") && !stored.contains("ABCDEFGHIJKLMNOPQRST"))
            #expect(try await store.status(user: user.id)?.secret == "ABCDEFGHIJKLMNOPQRST")
            await #expect(throws: SecretBoxError.cannotOpen) {
                try await MFAStore(database: database, box: try SecretBox(key: SecretBox.newKey())).status(user: user.id)
            }

            try await database.sql.update("user_mfa").set("secret", to: "PLAINPLAINPLAINPLAIN").run()
            #expect(try await store.status(user: user.id)?.secret == "PLAINPLAINPLAINPLAIN", "read as it was")
            #expect(try await store.sealStoredSecrets() == 1)
            #expect(try await store.sealStoredSecrets() == 0)
            let resealed = try await database.sql.select().column("secret").from("user_mfa").first()!.decode(column: "secret", as: String.self)
            #expect(resealed.hasPrefix("enc1:"))
            #expect(try await store.status(user: user.id)?.secret == "PLAINPLAINPLAINPLAIN")
        }
    }
}
