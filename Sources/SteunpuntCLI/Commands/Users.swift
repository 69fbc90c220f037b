import ArgumentParser
import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntWeb

/// `steunpunt users create`: add an account from the command line.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "users", abstract: "Manage user accounts.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user.",
            discussion: "The password is read from standard input when it is piped; otherwise one is generated and printed once.")

        @Option(help: "E-mail address (the sign-in name).") var email: String
        @Option(help: "Full name.") var name: String
        @Option(help: "Organisation identifier: a CBS code (GM0363) or nctv, szw-ess, vng-loket, helpdesk-school-veiligheid, kis, …") var organisation: String
        @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let draft = UserDraft(email: email, name: name, organisation: organisation, role: role)
            var password: String
            var generated = false
            if StandardInput.isPiped {
                password = StandardInput.readLine() ?? ""
            } else {
                password = SecretToken.generate()
                generated = true
            }
            defer { password = "" }
            let runtime = try await Runtime.start(database)
            do {
                // The same use case, rules and audit entry as the administrators' page, as the operator.
                let administration = try await UserAdministration.make(runtime.environment)
                let user = try await administration.createAsOperator(draft, password: password, actor: .commandLine())
                print("Created \(user.email) (\(user.role.rawValue)) at \(user.organisation).")
                if generated { print("Password (shown once): \(password)") }
            } catch {
                await runtime.database.close()
                throw CLIError(Self.describe(error))
            }
            await runtime.database.close()
        }

        static func describe(_ error: any Error) -> String {
            guard case DomainError.invalid(let fields) = error else { return "\(error)" }
            return "Not created:\n" + fields.map { "  - \($0.field): \(Self.englishReason($0.code))" }.joined(separator: "\n")
        }

        static func englishReason(_ code: String) -> String { code.replacingOccurrences(of: "_", with: " ") }
    }
}
