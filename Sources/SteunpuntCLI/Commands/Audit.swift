import ArgumentParser
import Foundation
import SteunpuntStorage
import SteunpuntDomain

/// `steunpunt audit verify`: checks the audit trail's hash chain.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Check the audit trail.", subcommands: [Verify.self, Checkpoints.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify that no audit entry was changed, removed or reordered.",
            discussion: "Exits 0 when the chain is intact, 1 when it is broken, and lists every break.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let runtime = try await Runtime.start(database)
            let store = AuditStore(database: runtime.database)
            let signer = AuditCheckpointSigner(box: try runtime.configuration.secretBox())
            let result: (count: Int, breaks: [AuditChain.Break], heads: [Int: (position: Int, hash: String)])
            let checkpoints: [AuditCheckpoint]
            do {
                result = try await store.verify(signer: signer)
                checkpoints = try await store.checkpoints()
            } catch {
                await runtime.database.close()
                throw error
            }
            await runtime.database.close()
            if result.breaks.isEmpty {
                print("The audit trail is intact: \(result.count) entries in \(result.heads.count) lane(s).")
                if !checkpoints.isEmpty {
                    let removed = checkpoints.reduce(0) { $0 + $1.removed }
                    print("  \(removed) older entries were removed at the end of their retention, behind \(checkpoints.count) signed checkpoint(s) (steunpunt audit checkpoints).")
                }
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

    /// `steunpunt audit checkpoints [--export FILE]`: the checkpoints behind which old
    /// entries were removed, checked against the key; exported as JSON to keep apart.
    struct Checkpoints: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the signed checkpoints behind which entries past their retention were removed.",
            discussion: "With --export FILE they are written as JSON, to be kept apart from the database (with the backups).")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Write the checkpoints to FILE as JSON.") var export: String?

        func run() async throws {
            let runtime = try await Runtime.start(database)
            let signer = AuditCheckpointSigner(box: try runtime.configuration.secretBox())
            let checkpoints: [AuditCheckpoint]
            do {
                checkpoints = try await AuditStore(database: runtime.database).checkpoints()
            } catch {
                await runtime.database.close()
                throw error
            }
            await runtime.database.close()
            if checkpoints.isEmpty { print("No checkpoints: no audit entry has been removed.") }
            for checkpoint in checkpoints {
                let valid = signer.isValid(checkpoint) ? "signature valid" : "SIGNATURE INVALID"
                print("lane \(checkpoint.lane): up to position \(checkpoint.position) (entry \(checkpoint.sequence)), \(checkpoint.removed) removed, "
                      + "entries before \(checkpoint.cutoff.ISO8601Format()), made \(checkpoint.madeAt.ISO8601Format()), hash \(checkpoint.hash), \(valid)")
            }
            if let export {
                let objects = checkpoints.map { checkpoint -> [String: Any] in
                    ["lane": checkpoint.lane, "position": checkpoint.position, "sequence": checkpoint.sequence, "hash": checkpoint.hash,
                     "lastOccurredAt": checkpoint.lastOccurredAt.ISO8601Format(), "cutoff": checkpoint.cutoff.ISO8601Format(),
                     "removed": checkpoint.removed, "madeAt": checkpoint.madeAt.ISO8601Format(), "signature": checkpoint.signature,
                     "signedText": checkpoint.signedText]
                }
                let data = try JSONSerialization.data(withJSONObject: ["checkpoints": objects], options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                try data.write(to: URL(fileURLWithPath: export))
                print("Written to \(export).")
            }
        }
    }
}
