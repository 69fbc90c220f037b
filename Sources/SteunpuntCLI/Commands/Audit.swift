import ArgumentParser
import Foundation
import SteunpuntStorage

/// `steunpunt audit verify`: checks the audit trail's hash chain.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Check the audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify that no audit entry was changed, removed or reordered.",
            discussion: "Exits 0 when the chain is intact, 1 when it is broken, and lists every break.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let runtime = try await Runtime.start(database)
            let result = try await AuditStore(database: runtime.database).verify()
            await runtime.database.close()
            if result.breaks.isEmpty {
                print("The audit trail is intact: \(result.count) entries in \(result.heads.count) lane(s).")
                // The heads: kept apart from the database, they show later that no newest entries were removed.
                for (lane, head) in result.heads.sorted(by: { $0.key < $1.key }) {
                    print("  lane \(lane): position \(head.position), head \(head.hash)")
                }
            } else {
                var lines = ["The audit trail is BROKEN (\(result.breaks.count) problems in \(result.count) entries):"]
                lines += result.breaks.map { "  - \($0)" }
                throw CLIError(lines.joined(separator: "\n"))
            }
        }
    }
}
