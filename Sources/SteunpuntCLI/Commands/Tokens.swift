import ArgumentParser
import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `steunpunt tokens create`: issue a personal API token; the token is the last line.
struct Tokens: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokens", abstract: "Manage personal API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a personal API token. The token is printed once, alone on the last line.")

        @Option(help: "E-mail address of the token's owner.") var email: String
        @Option(help: "Scope: \(APIScope.allCases.map(\.rawValue).joined(separator: ", ")). Repeat for more; default lezen.") var scope: [String] = []
        @Option(help: "Days until the token expires (1–365).") var expiresInDays = 90
        @Option(help: "A name that tells the owner what the token is for.") var name = "command line"
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (1...365).contains(expiresInDays) else { throw ValidationError("--expires-in-days must be from 1 to 365.") }
            // The name is free text: refused (and never echoed) when it carries a personal identifier.
            var validator = Validator()
            _ = APITokenName.validated(name, privacy: PrivacyGuard.parse(ProcessInfo.processInfo.environment["STEUNPUNT_PRIVACY_REFUSE"] ?? "").guard, into: &validator)
            if let problem = validator.errors.first {
                throw ValidationError(problem.code == "too_long" ? "--name is longer than \(APITokenName.maxLength) characters."
                                      : problem.code == "required" ? "--name must not be empty."
                                      : "--name contains a personal identifier (\(problem.code.replacingOccurrences(of: "personal_identifier_", with: ""))); it is not stored.")
            }
            for value in scope where APIScope(rawValue: value) == nil {
                throw ValidationError("Unknown scope '\(value)'; use \(APIScope.allCases.map(\.rawValue).joined(separator: " or ")).")
            }
        }

        func run() async throws {
            let runtime = try await Runtime.start(database)
            guard let owner = try await UserStore(database: runtime.database).credentials(email: email)?.user, owner.isActive else {
                await runtime.database.close()
                throw CLIError("No active user with e-mail address \(email).")
            }
            let scopes = Set(scope.isEmpty ? [.read] : scope.compactMap(APIScope.init(rawValue:)))
            // The same use case as *Mijn account*, on the owner's behalf.
            let made: (secret: String, token: APIToken)
            do {
                made = try await PersonalTokens.make(runtime.environment).create(name: name, days: expiresInDays, scopes: scopes,
                                                                                 actor: .commandLine(onBehalfOf: owner))
            } catch {
                await runtime.database.close()
                throw CLIError("No token made: \(error)")
            }
            await runtime.database.close()
            print("Token '\(made.token.name)' for \(owner.email), scopes \(scopes.map(\.rawValue).sorted().joined(separator: ", ")), expires \(ISO8601DateFormatter().string(from: made.token.expiresAt)).")
            print("Store it now; it is not shown again:")
            print(made.secret)
        }
    }
}
