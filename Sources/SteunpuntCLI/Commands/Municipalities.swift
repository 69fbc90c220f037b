import ArgumentParser
import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// `steunpunt municipalities import FILE`: bring in a newer CBS list.
struct Municipalities: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "municipalities", abstract: "Manage the municipality reference data.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a CBS municipality list (code,name,province,population).",
            discussion: "New codes are added; codes no longer listed are marked ended, never deleted, so records tied to them keep their link.")

        @Argument(help: "The CSV file.") var file: String
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Show what would change without changing anything.") var dryRun = false

        func run() async throws {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw CLIError("Cannot read \(file): \(error.localizedDescription)")
            }
            let incoming: [Municipality]
            do {
                incoming = try MunicipalityList.parse(text)
            } catch {
                throw CLIError("\(file) is not a valid municipality list; nothing was imported:\n\(error.description)")
            }
            let runtime = try await Runtime.start(database)
            let store = MunicipalityStore(database: runtime.database)
            let plan = MunicipalityImportPlan.make(existing: try await store.all(), incoming: incoming)
            if !dryRun {
                let now = Date()
                try await store.apply(plan, at: now, audit: AuditEvent(action: .municipalitiesImported, actorLabel: "cli", objectType: "municipalities",
                                                                        objectID: "+\(plan.added.count) -\(plan.ended.count)", origin: "cli", occurredAt: now))
            }
            let verb = dryRun ? "Would add" : "Added"
            print("\(verb) \(plan.added.count), updated \(plan.updated.count - plan.reinstated.count), reinstated \(plan.reinstated.count), ended \(plan.ended.count) municipalities.")
            for municipality in plan.added { print("  + \(municipality.code) \(municipality.name)") }
            for code in plan.ended { print("  - \(code) (ended)") }
            await runtime.database.close()
        }
    }
}
