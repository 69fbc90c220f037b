import Foundation
import SteunpuntStorage

/// Where the encryption key lives when `STEUNPUNT_ENCRYPTION_KEY` is not set: a file
/// beside the SQLite database (`var/steunpunt.key` for PostgreSQL), made on first start,
/// readable by the owner only. Back it up apart from the database.
enum EncryptionKeyFile {
    static func location(for url: DatabaseURL) -> URL {
        switch url {
        case .sqlite(let path):
            URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("steunpunt.key")
        case .postgres:
            URL(fileURLWithPath: "var/steunpunt.key")
        }
    }

    /// Reads the key, or makes and stores a new one; `created` tells which.
    static func loadOrCreate(at file: URL) throws -> (key: Data, created: Bool) {
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            guard let key = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == SecretBox.keyLength else {
                throw CLIError("The key file \(file.path) does not hold a \(SecretBox.keyLength)-byte base64 key")
            }
            return (key, false)
        }
        let key = SecretBox.newKey()
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: file.path, contents: Data((key.base64EncodedString() + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CLIError("Cannot write the key file \(file.path)")
        }
        return (key, true)
    }
}
