import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// A follow-up proposal as the unit weighs it: the municipality, what its answers show,
/// the toolbox offerings that match its needs, and the decision once taken.
package struct FollowUpItem: Sendable {
    package let proposal: FollowUpProposal
    package let municipality: Municipality
    package let offerings: [Offering]
    package let decision: StoredFollowUp?
}

extension QuickscanService {
    /// Every proposal of a round (the unit), by municipality name; with `only`, that
    /// municipality's alone (a decision needs one proposal, not every proposal's offerings).
    package func followUps(_ roundID: UUID, only: MunicipalityCode? = nil, by user: User?) async throws -> (round: Round, items: [FollowUpItem]) {
        guard QuickscanPolicy.mayFollowRounds(user), let round = try await rounds.get(roundID),
              let instrument = try await instruments.version(round.instrumentID, round.instrumentVersion) else { throw DomainError.notFound }
        let proposals = FollowUp.proposals(instrument: instrument.definition, responses: try await responses.submitted(roundID))
        let decisions = try await followUps.decisions(roundID)
        let all = Dictionary(try await municipalities.all().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var items: [FollowUpItem] = []
        for proposal in proposals where only == nil || proposal.municipality == only {
            guard let municipality = all[proposal.municipality] else { continue }
            items.append(FollowUpItem(proposal: proposal, municipality: municipality, offerings: try await offerings.matching(proposal.needs),
                                      decision: decisions[proposal.municipality]))
        }
        return (round, items.sorted { $0.municipality.name < $1.municipality.name })
    }

    /// Files the proposal as a support request at the unit (channel quickscan) and records
    /// the confirmation with it (the coordinator).
    package func confirmFollowUp(_ roundID: UUID, _ code: MunicipalityCode, by user: User?, actor: Actor) async throws -> SupportRequest {
        let (round, items) = try await followUps(roundID, only: code, by: user)
        guard let user, QuickscanPolicy.mayRunRounds(user) else { throw DomainError.forbidden }
        guard let item = items.first(where: { $0.proposal.municipality == code }) else { throw DomainError.notFound }
        guard item.decision == nil else { throw DomainError.conflict("follow_up_decided") }
        let known = try await needs.all()
        let draft = FollowUp.draft(item.proposal, round: round, municipalityName: item.municipality.name,
                                   needNames: Dictionary(known.map { ($0.code, $0.nameNL) }, uniquingKeysWith: { a, _ in a }),
                                   offerings: item.offerings.map { (title: $0.title, path: "/aanbod/\($0.slug)") })
        let valid = try draft.validated(knownNeeds: Set(known.map(\.code)), privacy: privacy)
        let id = dependencies.uuid()
        let now = dependencies.now()
        let object = "\(roundID.uppercasedText)/\(code.rawValue)"
        return try await followUps.confirm(roundID, code, request: valid, requests: requests, id: id, desk: user.organisation, by: user.id, at: now,
                                           targets: DeadlineTargets(needs: known.filter { valid.needs.contains($0.code) }, urgency: valid.urgency),
                                           audit: [actor.auditEvent(.requestCreated, objectType: "request", objectID: id.uppercasedText, at: now),
                                                   actor.auditEvent(.followUpConfirmed, objectType: "follow_up", objectID: object, at: now)])
    }

    /// Confirms (`confirm`) or dismisses the proposals of `codes` at once; those decided
    /// meanwhile are left as they are. Returns how many were decided now.
    package func decideFollowUps(_ roundID: UUID, _ codes: [MunicipalityCode], confirm: Bool, by user: User?, actor: Actor) async throws -> Int {
        var decided = 0
        for code in Set(codes) {
            do {
                if confirm { _ = try await confirmFollowUp(roundID, code, by: user, actor: actor) } else {
                    try await dismissFollowUp(roundID, code, by: user, actor: actor)
                }
                decided += 1
            } catch DomainError.conflict {
                continue
            }
        }
        return decided
    }

    package func dismissFollowUp(_ roundID: UUID, _ code: MunicipalityCode, by user: User?, actor: Actor) async throws {
        let (_, items) = try await followUps(roundID, only: code, by: user)
        guard let user, QuickscanPolicy.mayRunRounds(user) else { throw DomainError.forbidden }
        guard let item = items.first(where: { $0.proposal.municipality == code }) else { throw DomainError.notFound }
        guard item.decision == nil else { throw DomainError.conflict("follow_up_decided") }
        let now = dependencies.now()
        try await followUps.dismiss(roundID, code, by: user.id, at: now,
                                    audit: actor.auditEvent(.followUpDismissed, objectType: "follow_up", objectID: "\(roundID.uppercasedText)/\(code.rawValue)", at: now))
    }
}
