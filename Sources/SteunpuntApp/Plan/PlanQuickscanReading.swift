import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// A municipality's plan beside its latest submitted quickscan (`PlanAgainstQuickscan`),
/// for those who read its plan point by point: its own officials and the unit. The unit's
/// read is a read of the response and audited as one (`response.read`), as the quickscan's
/// own pages audit it.
package struct PlanQuickscanReading: Sendable {
    package let progress: ProgressService
    package let responses: ResponseStore
    package let rounds: RoundStore
    package let instruments: InstrumentStore
    package let audit: AuditStore

    package init(progress: ProgressService, responses: ResponseStore, rounds: RoundStore, instruments: InstrumentStore, audit: AuditStore) {
        self.progress = progress
        self.responses = responses
        self.rounds = rounds
        self.instruments = instruments
        self.audit = audit
    }

    /// The municipality's plan, and beside it its latest quickscan (nil when it never
    /// submitted one). Refused as `ProgressService.plan` refuses.
    package func comparison(of code: MunicipalityCode, actor: Actor) async throws -> (plan: ProgressService.MunicipalityPlan, quickscan: PlanAgainstQuickscan?) {
        let plan = try await progress.plan(of: code, actor: actor)
        guard let latest = try await responses.latestSubmitted(of: code), let round = try await rounds.get(latest.round),
              let instrument = try await instruments.version(round.instrumentID, round.instrumentVersion) else { return (plan, nil) }
        if !PlanPolicy.mayKeep(actor.user, progressOf: code) {
            try await audit.append(actor.auditEvent(.responseRead, objectType: "response", objectID: "\(round.id.uppercasedText)/\(code.rawValue)",
                                                    at: progress.dependencies.now()))
        }
        let definition = instrument.definition
        let statuses = Dictionary(uniqueKeysWithValues: plan.points.map { ($0.point.key, $0.progress.status) })
        return (plan, PlanAgainstQuickscan(round: round.title, submittedAt: latest.submittedAt, scores: definition.scores(latest.answers),
                                           namedNeeds: definition.namedNeeds(latest.answers), plan: plan.plan.plan, statuses: statuses))
    }
}
