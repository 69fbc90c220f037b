import Foundation

/// Passwords refused outright because they are among the most used (shipped as
/// `Resources/common-passwords.txt`, one a line, compared in lower case).
enum CommonPasswords {
    static func load(from directory: URL) throws -> Set<String> {
        let text = try String(contentsOf: directory.appendingPathComponent("common-passwords.txt"), encoding: .utf8)
        return Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }
}
