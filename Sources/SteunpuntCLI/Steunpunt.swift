import ArgumentParser

/// The `steunpunt` command: run the server and look after its data.
public struct Steunpunt: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "steunpunt",
        abstract: "Steunpunt: national support for municipalities on radicalisation and social tension.",
        subcommands: [Serve.self, Migrate.self, Seed.self, Municipalities.self, Users.self, Tokens.self, Audit.self, Backup.self, Restore.self, Retention.self],
        defaultSubcommand: Serve.self)

    public init() {}
}

extension Steunpunt {
    /// Parses the arguments and runs the chosen command asynchronously. (Calling `main()`
    /// from a non-`@main` context picks ArgumentParser's synchronous entry point.)
    public static func runAsync() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
