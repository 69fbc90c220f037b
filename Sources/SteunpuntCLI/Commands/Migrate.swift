import ArgumentParser
import Foundation
import SteunpuntStorage

/// `steunpunt migrate`: apply the missing migrations and load the reference data.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and load the reference data.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let runtime = try await Runtime.start(database)
        let applied = try await Migrator.applied(runtime.database)
        print("Database \(runtime.configuration.databaseURL) is at migration \(applied.last ?? 0) of \(Migrator.latest).")
        await runtime.database.close()
    }
}

/// `steunpunt seed --demo`: add the demo cast of the letter.
struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add demo data (organisations and one user per role).")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Add the demo organisations and users.") var demo = false

    func validate() throws {
        guard demo else { throw ValidationError("Say what to seed: --demo.") }
    }

    func run() async throws {
        let runtime = try await Runtime.start(database)
        let accounts = try await DemoData.seed(runtime.database, bcryptCost: runtime.configuration.bcryptCost, box: try runtime.configuration.secretBox(), now: Date())
        print("Demo data is in place. Sign in with any of these (password: \(DemoData.password)):")
        for account in accounts { print("  \(account.role.padding(toLength: 20, withPad: " ", startingAt: 0)) \(account.email)") }
        await runtime.database.close()
    }
}
