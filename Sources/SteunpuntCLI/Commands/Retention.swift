import ArgumentParser
import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntWeb

/// `steunpunt retention plan`: the dry run of retention (issue 23). Prints the rules in
/// force (the defaults with `STEUNPUNT_RETENTION`), the records that are due and would be
/// put on a destruction list, and the lists under way; changes nothing.
struct Retention: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retention", abstract: "Retention and destruction.", subcommands: [Plan.self])

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what would be destroyed: the rules, the records due and the destruction lists under way (a dry run: nothing changes).",
            discussion: "Records go only through a destruction list that the unit's coordinator reviewed and an administrator approved (/beheer/vernietiging).")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The day to plan for, yyyy-MM-dd (default: today in Dutch time).")
        var on: String?

        func run() async throws {
            var day = CalendarDay(of: Date())
            if let on {
                guard let parsed = CalendarDay(on) else { throw CLIError("--on '\(on)' must be a day as yyyy-MM-dd") }
                day = parsed
            }
            let runtime = try await Runtime.start(database)
            let schedule = runtime.configuration.retention
            let store = RetentionStore(database: runtime.database)
            do {
                let due = try await store.due(on: day, schedule: schedule)
                let rule = schedule[.webhookDelivery]
                let deliveries = rule.nomination == .destroy
                    ? try await store.webhookDeliveriesFinished(before: rule.period.cutoff(on: day)) : 0
                var lists: [DestructionList] = []
                for status in DestructionListStatus.allCases where status != .destroyed { lists += try await store.lists(status: status) }
                await runtime.database.close()
                print(Self.text(rules: schedule, due: due, day: day, lists: lists, webhookDeliveries: deliveries))
            } catch {
                await runtime.database.close()
                throw error
            }
        }

        static func text(rules: RetentionSchedule, due: [DestructionItem], day: CalendarDay, lists: [DestructionList], webhookDeliveries: Int = 0) -> String {
            var lines = ["Retention rules (STEUNPUNT_RETENTION over the defaults):"]
            for rule in rules.ordered {
                let what = rule.nomination == .keep ? "keep permanently" : "destroy \(rule.period) after \(rule.type.start.rawValue)"
                let applied = switch rule.type.application {
                case .lists: "destruction lists"
                case .sessionEnd: "removed when they end"
                case .checkpoint: "removed every hour behind a signed checkpoint"
                case .purge: "removed every hour, no list: identifiers only"
                }
                lines.append("  \(rule.type.rawValue): \(what) (\(applied))")
            }
            lines.append("")
            lines.append(due.isEmpty ? "Nothing is due on \(day) that is not on a list already."
                                     : "Due on \(day) and not on a list yet (\(due.count); the server's next round lists them for review):")
            for record in due {
                lines.append("  \(record.type.rawValue) \(record.number) \(record.municipality?.rawValue ?? "-") period ran from \(CalendarDay(of: record.runsFrom)), due \(record.dueOn)")
            }
            if webhookDeliveries > 0 {
                lines.append("")
                lines.append("Webhook deliveries that arrived or were given up before their period (\(webhookDeliveries)): the server's next round removes them.")
            }
            if !lists.isEmpty {
                lines.append("")
                lines.append("Destruction lists under way:")
                for list in lists {
                    lines.append("  \(list.number) \(list.status.rawValue): \(list.items) records, \(list.excluded) excluded")
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}
