import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The quickscan steps the API and the pages share: fielding rounds and managing their
/// invitations (the unit's coordinator), following them (the unit), and answering (a
/// target municipality's own officials, while its invitation holds). Not found and not
/// allowed look the same to outsiders.
package struct QuickscanService: Sendable {
    package let instruments: InstrumentStore
    package let rounds: RoundStore
    package let responses: ResponseStore
    package let municipalities: MunicipalityStore
    package let needs: NeedStore
    package let audit: AuditStore
    package let offerings: OfferingStore
    package let requests: RequestStore
    package let followUps: FollowUpStore
    package let users: UserStore
    /// With a mail server configured, each target's link is mailed to its officials.
    package let outbox: MailOutboxStore?
    /// The mail text (Dutch).
    /// A mail text in Dutch by its key, placeholders filled (the web's catalogue).
    package let mailText: @Sendable (_ key: String, _ values: [String: String]) -> String
    package let privacy: PrivacyGuard
    /// Where the site is reached from outside, for invitation links (`STEUNPUNT_PUBLIC_URL`).
    package let publicURL: String?
    package let dependencies: Dependencies

    package init(instruments: InstrumentStore, rounds: RoundStore, responses: ResponseStore, municipalities: MunicipalityStore, needs: NeedStore, audit: AuditStore, offerings: OfferingStore, requests: RequestStore, followUps: FollowUpStore, users: UserStore, outbox: MailOutboxStore?, mailText: @escaping @Sendable (_ key: String, _ values: [String: String]) -> String, privacy: PrivacyGuard, publicURL: String?, dependencies: Dependencies) {
        self.instruments = instruments
        self.rounds = rounds
        self.responses = responses
        self.municipalities = municipalities
        self.needs = needs
        self.audit = audit
        self.offerings = offerings
        self.requests = requests
        self.followUps = followUps
        self.users = users
        self.outbox = outbox
        self.mailText = mailText
        self.privacy = privacy
        self.publicURL = publicURL
        self.dependencies = dependencies
    }

    /// The link an invitation's secret opens.
    package func link(_ secret: String) -> String {
        (publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "") + "/quickscan/\(secret)"
    }

    // MARK: Rounds (the unit)

    /// A target's invitation: its link, and to how many of its officials it was mailed
    /// (with a mail server; then the link is not shown to the coordinator).
    package struct Invitation: Sendable {
        package let municipality: MunicipalityCode
        package let link: String
        package let mailed: Int
    }

    /// The active officials of each municipality, whose addresses the links go to.
    private func officials(_ codes: [MunicipalityCode]) async throws -> [MunicipalityCode: [User]] {
        guard outbox != nil else { return [:] }
        var result: [MunicipalityCode: [User]] = [:]
        for code in codes {
            result[code] = try await users.members(of: OrganisationID(municipality: code)).filter { $0.isActive && $0.role == .municipalOfficial }
        }
        return result
    }

    /// The mail that carries a target's link to its officials.
    private func mailing(round: Round, officials: [MunicipalityCode: [User]], names: [MunicipalityCode: String]) -> RoundStore.Mailing? {
        guard let outbox else { return nil }
        let mailText = self.mailText
        return RoundStore.Mailing(outbox: outbox) { [self] code, secret in
            let link = self.link(secret)
            return (officials[code] ?? []).map { official in
                OutgoingMail(purpose: "quickscan", recipient: official.email, subject: mailText("mail_quickscan_subject", ["title": round.title]),
                             body: mailText("mail_quickscan_body", ["name": official.name, "municipality": names[code] ?? code.rawValue, "title": round.title,
                                                                      "opens": round.opensOn, "closes": round.closesOn, "link": link]))
            }
        }
    }

    /// Fields a round of a published instrument version; returns each target's invitation
    /// (its link is shown once, unless it went by mail).
    package func createRound(_ draft: RoundDraft, instrument: UUID?, version: Int?, by user: User?,
                     actor: Actor) async throws -> (round: Round, invitations: [Invitation]) {
        guard let user, QuickscanPolicy.mayRunRounds(user) else { throw DomainError.forbidden }
        var problems: [FieldError] = []
        let valid: RoundDraft.Valid?
        do { valid = try draft.validated(privacy: privacy) } catch {
            guard case .invalid(let errors) = error else { throw error }
            problems = errors
            valid = nil
        }
        var chosen: InstrumentVersion?
        if let instrument, let version { chosen = try await instruments.version(instrument, version) }
        if chosen == nil { problems.append(FieldError(field: "vragenlijst", code: "required")) }
        if let found = chosen, found.status != .published { problems.append(FieldError(field: "vragenlijst", code: "instrument_not_published")) }
        var targets: [MunicipalityCode] = []
        var names: [MunicipalityCode: String] = [:]
        if let valid {
            let all = try await municipalities.all()
            names = Dictionary(all.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            let known = Set(all.map(\.code))
            for code in valid.selection.codes where !known.contains(code) {
                problems.append(FieldError(field: "gemeenten", code: "unknown_municipality"))
                break
            }
            targets = valid.selection.resolve(all)
            if targets.isEmpty && !problems.contains(where: { $0.field == "gemeenten" }) {
                problems.append(FieldError(field: "gemeenten", code: "no_targets"))
            }
        }
        guard problems.isEmpty, let valid, let chosen else { throw DomainError.invalid(problems) }
        let id = dependencies.uuid()
        let now = dependencies.now()
        let planned = Round(id: id, title: valid.title, instrumentID: chosen.instrumentID, instrumentVersion: chosen.version,
                            opensOn: valid.opensOn, closesOn: valid.closesOn, createdAt: now)
        let recipients = try await officials(targets)
        let created = try await rounds.create(valid, instrument: chosen, targets: targets, id: id, by: user.id, at: now, expiresAt: planned.closesAt,
                                              audit: actor.auditEvent(.roundCreated, objectType: "round", objectID: id.uppercasedText, at: now),
                                              mailing: mailing(round: planned, officials: recipients, names: names))
        let invitations = created.secrets.sorted { $0.key.rawValue < $1.key.rawValue }.map { code, secret in
            Invitation(municipality: code, link: link(secret), mailed: recipients[code]?.count ?? 0)
        }
        return (created.round, invitations)
    }

    /// Every round with its response rate (the unit).
    package func allRounds(by user: User?) async throws -> [RoundSummary] {
        guard QuickscanPolicy.mayFollowRounds(user) else { throw DomainError.notFound }
        return try await rounds.list()
    }

    /// A round with its targets' progress and its instrument (the unit).
    package func round(_ id: UUID, by user: User?) async throws -> (summary: RoundSummary, targets: [TargetProgress], instrument: InstrumentVersion) {
        guard QuickscanPolicy.mayFollowRounds(user), let summary = try await rounds.summary(id),
              let instrument = try await instruments.version(summary.round.instrumentID, summary.round.instrumentVersion) else { throw DomainError.notFound }
        return (summary, try await rounds.progress(id), instrument)
    }

    /// A new link for a target (the old one stops working); valid until the round closes.
    package func reissue(_ round: UUID, _ municipality: MunicipalityCode, by user: User?, actor: Actor) async throws -> Invitation {
        guard QuickscanPolicy.mayFollowRounds(user), let found = try await rounds.get(round) else { throw DomainError.notFound }
        guard QuickscanPolicy.mayRunRounds(user) else { throw DomainError.forbidden }
        let now = dependencies.now()
        guard found.closesAt > now else { throw DomainError.conflict("round_closed") }
        let recipients = try await officials([municipality])
        let name = try await municipalities.get(municipality)?.name ?? municipality.rawValue
        let secret = try await rounds.reissue(round, for: municipality, at: now, expiresAt: found.closesAt,
                                              audit: actor.auditEvent(.invitationReissued, objectType: "round",
                                                                        objectID: "\(round.uppercasedText)/\(municipality.rawValue)", at: now),
                                              mailing: mailing(round: found, officials: recipients, names: [municipality: name]))
        return Invitation(municipality: municipality, link: link(secret), mailed: recipients[municipality]?.count ?? 0)
    }

    package func revoke(_ round: UUID, _ municipality: MunicipalityCode, by user: User?, actor: Actor) async throws {
        guard QuickscanPolicy.mayFollowRounds(user), try await rounds.get(round) != nil else { throw DomainError.notFound }
        guard QuickscanPolicy.mayRunRounds(user) else { throw DomainError.forbidden }
        let now = dependencies.now()
        try await rounds.revoke(round, for: municipality, at: now,
                                audit: actor.auditEvent(.invitationRevoked, objectType: "round", objectID: "\(round.uppercasedText)/\(municipality.rawValue)", at: now))
    }

    // MARK: Answering

    /// The round and municipality an invitation link leads to, for a user who may answer
    /// for that municipality. Expired, revoked and unknown links, and a link of another
    /// municipality, are refused.
    package func redeem(_ secret: String, by user: User?) async throws -> (round: Round, municipality: MunicipalityCode) {
        guard let user else { throw DomainError.unauthenticated }
        switch try await rounds.check(secret: secret, at: dependencies.now()) {
        case .valid(let round, let code):
            guard QuickscanPolicy.mayAnswer(user, for: code) else { throw DomainError.conflict("invitation_other_municipality") }
            return (round, code)
        case .expired: throw DomainError.conflict("invitation_expired")
        case .revoked: throw DomainError.conflict("invitation_revoked")
        case .unknown: throw DomainError.notFound
        }
    }

    /// One municipality's response as `user` may use it.
    package struct ResponseView: Sendable {
        package let round: Round
        package let municipality: Municipality
        package let instrument: Instrument
        package let stored: StoredResponse?
        /// Whether `user` may change the answers now (an official, the round open, not submitted).
        package let editable: Bool
        /// Whether the round is open today.
        package let isOpen: Bool
        package var answers: Answers { stored?.answers ?? Answers() }
        package var status: ResponseStatus? { stored?.status }
    }

    /// A response, for the municipality's own officials (while its invitation holds) and
    /// for the unit (each read audited).
    package func response(_ roundID: UUID, _ code: MunicipalityCode, by user: User?, actor: Actor) async throws -> ResponseView {
        guard let user, let round = try await rounds.get(roundID), let municipality = try await municipalities.get(code),
              let target = try await rounds.targets(roundID).first(where: { $0.municipality == code }),
              let instrument = try await instruments.version(round.instrumentID, round.instrumentVersion) else { throw DomainError.notFound }
        let now = dependencies.now()
        let stored = try await responses.get(roundID, code)
        let isOpen = round.state(on: Round.day(of: now)) == .open
        if QuickscanPolicy.mayAnswer(user, for: code) {
            guard target.revokedAt == nil else { throw DomainError.conflict("invitation_revoked") }
            guard target.expiresAt > now || stored?.status == .submitted else { throw DomainError.conflict("invitation_expired") }
            return ResponseView(round: round, municipality: municipality, instrument: instrument.definition, stored: stored,
                                editable: isOpen && stored?.status != .submitted, isOpen: isOpen)
        }
        guard QuickscanPolicy.mayFollowRounds(user) else { throw DomainError.notFound }
        try await audit.append(actor.auditEvent(.responseRead, objectType: "response", objectID: "\(roundID.uppercasedText)/\(code.rawValue)", at: now))
        return ResponseView(round: round, municipality: municipality, instrument: instrument.definition, stored: stored, editable: false, isOpen: isOpen)
    }

    /// Saves what the form changed against the answers it was loaded with (`original`;
    /// nil: the stored ones). Valid answers are kept even when others are not: the
    /// invalid ones are left as they were and returned as errors, all at once.
    /// With `keepValid` false (the API) any refused answer refuses the whole change.
    /// `view` is the response as the caller just read it (`response`); the answer is the
    /// response after saving.
    package func save(_ view: ResponseView, input: [String: [String]], original: Answers?, keepValid: Bool = true, by user: User?,
              actor: Actor) async throws -> (view: ResponseView, errors: [FieldError]) {
        let roundID = view.round.id, code = view.municipality.code
        guard let user, QuickscanPolicy.mayAnswer(user, for: code) else { throw DomainError.forbidden }
        guard view.editable else { throw DomainError.conflict(view.status == .submitted ? "response_submitted" : "round_not_open") }
        let known = Set(try await needs.all().map(\.code))
        var errors: [FieldError] = []
        var submitted: Answers
        do {
            submitted = try view.instrument.answers(from: input, knownNeeds: known, complete: false, privacy: privacy)
        } catch {
            guard case .invalid(let found) = error, keepValid else { throw error }
            errors = found
            let bad = Set(errors.map(\.field))
            submitted = (try? view.instrument.answers(from: input.filter { !bad.contains($0.key) }, knownNeeds: known, complete: false, privacy: privacy)) ?? Answers()
        }
        let bad = Set(errors.map(\.field))
        let keys = view.instrument.questions.map(\.key).filter { !bad.contains($0) }
        let changes = Answers.changes(submitted: submitted, original: original ?? view.answers, keys: keys)
        if !changes.isEmpty { try await responses.save(roundID, code, changes: changes, by: user.id, at: dependencies.now()) }
        let saved = ResponseView(round: view.round, municipality: view.municipality, instrument: view.instrument,
                                 stored: try await responses.get(roundID, code), editable: view.editable, isOpen: view.isOpen)
        return (saved, errors)
    }

    /// Submits a complete response; the missing or invalid answers all at once otherwise.
    package func submit(_ roundID: UUID, _ code: MunicipalityCode, by user: User?, actor: Actor) async throws {
        let view = try await response(roundID, code, by: user, actor: actor)
        guard let user, QuickscanPolicy.mayAnswer(user, for: code) else { throw DomainError.forbidden }
        guard view.editable else { throw DomainError.conflict(view.status == .submitted ? "response_submitted" : "round_not_open") }
        try view.instrument.checkComplete(view.answers)
        let now = dependencies.now()
        try await responses.submit(roundID, code, scores: view.instrument.scores(view.answers), by: user.id, at: now,
                                   audit: actor.auditEvent(.responseSubmitted, objectType: "response", objectID: "\(roundID.uppercasedText)/\(code.rawValue)", at: now))
    }

    /// Makes a submitted response editable again (the coordinator).
    package func reopen(_ roundID: UUID, _ code: MunicipalityCode, by user: User?, actor: Actor) async throws {
        guard QuickscanPolicy.mayFollowRounds(user), try await rounds.get(roundID) != nil else { throw DomainError.notFound }
        guard QuickscanPolicy.mayRunRounds(user) else { throw DomainError.forbidden }
        let now = dependencies.now()
        try await responses.reopen(roundID, code, at: now,
                                   audit: actor.auditEvent(.responseReopened, objectType: "response", objectID: "\(roundID.uppercasedText)/\(code.rawValue)", at: now))
    }

    /// The rounds the user's municipality is invited to, with where its response stands.
    package func ownRounds(by user: User?) async throws -> [(round: Round, progress: TargetProgress)] {
        guard let user, user.role == .municipalOfficial, let code = MunicipalityCode(user.organisation.rawValue) else { return [] }
        return try await rounds.rounds(for: code)
    }

    /// Records a download of a round's data (`what`: responses, codebook, analysis) with the
    /// number of rows, after the caller was allowed to read it (`round(_:by:)`, `analysis`).
    package func recordExport(_ round: UUID, _ what: String, rows: Int, actor: Actor) async throws {
        try await audit.append(actor.auditEvent(.quickscanExported, objectType: "round", objectID: "\(round.uppercasedText)/\(what)/\(rows)",
                                                at: dependencies.now()))
    }
}
