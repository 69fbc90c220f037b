import Foundation
import SQLKit
import SteunpuntDomain

/// A round's target municipality and the state of its invitation.
public struct RoundTarget: Sendable, Equatable {
    public let municipality: MunicipalityCode
    public let invitedAt: Date
    public let expiresAt: Date
    public let revokedAt: Date?
}

/// What an invitation link leads to.
public enum InvitationCheck: Sendable, Equatable {
    case valid(Round, MunicipalityCode)
    case expired
    case revoked
    case unknown
}

/// Quickscan rounds with their targets and personal invitation links. The link's secret
/// is returned once, when made; only its digest is stored.
public struct RoundStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Stores a round of a published instrument version for `targets`, each with a new
    /// invitation valid until `expiresAt`. Returns the round and each target's secret.
    /// The mail each target's link goes out in (to its officials), queued in the same
    /// transaction as the link itself: both or neither.
    public struct Mailing: Sendable {
        public let outbox: MailOutboxStore
        public let messages: @Sendable (MunicipalityCode, String) -> [OutgoingMail]

        public init(outbox: MailOutboxStore, messages: @escaping @Sendable (MunicipalityCode, String) -> [OutgoingMail]) {
            self.outbox = outbox
            self.messages = messages
        }
    }

    public func create(_ valid: RoundDraft.Valid, instrument: InstrumentVersion, targets: [MunicipalityCode], id: UUID, by user: UUID, at now: Date,
                       expiresAt: Date, audit: AuditEvent? = nil, mailing: Mailing? = nil) async throws -> (round: Round, secrets: [MunicipalityCode: String]) {
        guard instrument.status == .published else { throw DomainError.invalid([FieldError(field: "instrument", code: "instrument_not_published")]) }
        guard !targets.isEmpty else { throw DomainError.invalid([FieldError(field: "gemeenten", code: "no_targets")]) }
        let engine = database.engine
        return try await database.transaction { db in
            let round = Round(id: id, title: valid.title, instrumentID: instrument.instrumentID, instrumentVersion: instrument.version,
                              opensOn: valid.opensOn, closesOn: valid.closesOn, createdAt: now)
            try await db.insert(into: "quickscan_rounds")
                .columns("id", "title", "instrument_id", "instrument_version", "opens_on", "closes_on", "created_by", "created_at")
                .values(SQLBind(id.uppercasedText), SQLBind(round.title), SQLBind(round.instrumentID.uppercasedText), SQLBind(round.instrumentVersion),
                        SQLBind(round.opensOn), SQLBind(round.closesOn), SQLBind(user.uppercasedText), SQLBind(now)).run()
            var secrets: [MunicipalityCode: String] = [:]
            for code in Set(targets) {
                let secret = SecretToken.generate(prefix: "qs_")
                try await db.insert(into: "quickscan_targets").columns("round_id", "municipality_code", "token_digest", "invited_at", "expires_at")
                    .values(SQLBind(id.uppercasedText), SQLBind(code.rawValue), SQLBind(SecretToken.digest(secret)), SQLBind(now), SQLBind(expiresAt)).run()
                secrets[code] = secret
                if let mailing { for message in mailing.messages(code, secret) { try await mailing.outbox.enqueue(message, at: now, on: db) } }
            }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return (round, secrets)
        }
    }

    public func get(_ id: UUID) async throws -> Round? {
        try await database.sql.select().column("*").from("quickscan_rounds").where("id", .equal, id.uppercasedText).first().map(Self.decode)
    }

    /// Every target with its invitation, by municipality code.
    public func targets(_ round: UUID) async throws -> [RoundTarget] {
        try await database.sql.select().columns("municipality_code", "invited_at", "expires_at", "revoked_at").from("quickscan_targets")
            .where("round_id", .equal, round.uppercasedText).orderBy("municipality_code").all().map { row in
                let text = try row.decode(column: "municipality_code", as: String.self)
                guard let code = MunicipalityCode(text) else { throw StorageError.corruptRow(table: "quickscan_targets", key: text) }
                return RoundTarget(municipality: code,
                            invitedAt: try row.decode(column: "invited_at", as: Date.self), expiresAt: try row.decode(column: "expires_at", as: Date.self),
                            revokedAt: try row.decode(column: "revoked_at", as: Date?.self))
            }
    }

    /// What the secret of an invitation link leads to at `now`.
    public func check(secret: String, at now: Date) async throws -> InvitationCheck {
        guard let row = try await database.sql.select().columns("round_id", "municipality_code", "expires_at", "revoked_at").from("quickscan_targets")
            .where("token_digest", .equal, SecretToken.digest(secret)).first() else { return .unknown }
        if try row.decode(column: "revoked_at", as: Date?.self) != nil { return .revoked }
        if try row.decode(column: "expires_at", as: Date.self) <= now { return .expired }
        guard let id = UUID(text: try row.decode(column: "round_id", as: String.self)), let round = try await get(id),
              let code = MunicipalityCode(try row.decode(column: "municipality_code", as: String.self)) else { return .unknown }
        return .valid(round, code)
    }

    /// Revokes a target's invitation and gives it a new one (a lost or forwarded link);
    /// the old link stops working at once. Returns the new secret.
    public func reissue(_ round: UUID, for municipality: MunicipalityCode, at now: Date, expiresAt: Date, audit: AuditEvent? = nil,
                        mailing: Mailing? = nil) async throws -> String {
        let engine = database.engine
        return try await database.transaction { db in
            let secret = SecretToken.generate(prefix: "qs_")
            let rows = try await db.update("quickscan_targets").set("token_digest", to: SecretToken.digest(secret)).set("invited_at", to: now)
                .set("expires_at", to: expiresAt).set("revoked_at", to: SQLLiteral.null)
                .where("round_id", .equal, round.uppercasedText).where("municipality_code", .equal, municipality.rawValue).returning("round_id").all()
            guard !rows.isEmpty else { throw DomainError.notFound }
            if let mailing { for message in mailing.messages(municipality, secret) { try await mailing.outbox.enqueue(message, at: now, on: db) } }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return secret
        }
    }

    /// Revokes a target's invitation without a new one.
    public func revoke(_ round: UUID, for municipality: MunicipalityCode, at now: Date, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            let rows = try await db.update("quickscan_targets").set("revoked_at", to: now)
                .where("round_id", .equal, round.uppercasedText).where("municipality_code", .equal, municipality.rawValue).returning("round_id").all()
            guard !rows.isEmpty else { throw DomainError.notFound }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    static func decode(_ row: any SQLRow) throws -> Round {
        let id = try row.decode(column: "id", as: String.self)
        guard let uuid = UUID(text: id), let instrument = UUID(text: try row.decode(column: "instrument_id", as: String.self)) else {
            throw StorageError.corruptRow(table: "quickscan_rounds", key: id)
        }
        return Round(id: uuid, title: try row.decode(column: "title", as: String.self), instrumentID: instrument,
                     instrumentVersion: try row.decode(column: "instrument_version", as: Int.self), opensOn: try row.decode(column: "opens_on", as: String.self),
                     closesOn: try row.decode(column: "closes_on", as: String.self), createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}

extension RoundStore {
    /// Reminds, once, the officials of every target municipality that has not submitted
    /// when an open round comes within `daysBefore` days of closing (`Round.remindsOn`).
    /// Each reminder is marked on its target in the transaction that writes the notices,
    /// and only a target still unmarked is reminded: two instances remind once. Returns how
    /// many municipalities were reminded.
    @discardableResult
    public func remindNonResponders(today: String, daysBefore: Int, at now: Date) async throws -> Int {
        let rounds = try await database.sql.select().column("*").from("quickscan_rounds")
            .where("opens_on", .lessThanOrEqual, today).where("closes_on", .greaterThanOrEqual, today).all().map(Self.decode)
        var reminded = 0
        for round in rounds where round.remindsOn(daysBefore: daysBefore) <= today {
            let rows = try await database.sql.raw("""
                SELECT t.municipality_code FROM quickscan_targets t
                LEFT JOIN quickscan_responses r ON r.round_id = t.round_id AND r.municipality_code = t.municipality_code
                WHERE t.round_id = \(bind: round.id.uppercasedText) AND t.reminded_at IS NULL AND t.revoked_at IS NULL AND r.submitted_at IS NULL
                ORDER BY t.municipality_code
                """).all()
            for row in rows {
                let code = try row.decode(column: "municipality_code", as: String.self)
                guard let municipality = MunicipalityCode(code) else { continue }
                let organisation = OrganisationID(municipality: municipality)
                let told = try await database.transaction { db in
                    let claimed = try await db.update("quickscan_targets").set("reminded_at", to: now).where("round_id", .equal, round.id.uppercasedText)
                        .where("municipality_code", .equal, code).where("reminded_at", .is, SQLLiteral.null).returning("round_id").all()
                    guard !claimed.isEmpty else { return false }
                    try await NotificationStore.notify([RequestNotice(.quickscanReminder, .requester(organisation))],
                                                       about: .init(type: .roundTarget, id: "\(round.id.lowercasedText)/\(code)",
                                                                    number: "Quickscan", title: round.title),
                                                       actor: nil, at: now, on: db)
                    return true
                }
                if told { reminded += 1 }
            }
        }
        return reminded
    }

    /// Tells the staff of the organisation that runs a round (its creator's) once that it
    /// has closed, for rounds closed in the last `withinDays` days (not every old round
    /// after an upgrade). Returns how many rounds.
    @discardableResult
    public func noticeClosedRounds(today: String, withinDays: Int = 14, at now: Date, calendar: DutchCalendar = DutchCalendar()) async throws -> Int {
        guard let day = CalendarDay(today),
              let since = calendar.calendar.date(byAdding: .day, value: -withinDays, to: day.start(in: calendar.calendar)) else { return 0 }
        let rows = try await database.sql.raw("""
            SELECT r.*, u.organisation_id FROM quickscan_rounds r JOIN users u ON u.id = r.created_by
            WHERE r.closes_on < \(bind: today) AND r.closes_on >= \(bind: CalendarDay(of: since, in: calendar.calendar).description)
              AND r.closing_noticed_at IS NULL
            """).all()
        var noticed = 0
        for row in rows {
            let round = try Self.decode(row)
            guard let organisation = OrganisationID(try row.decode(column: "organisation_id", as: String.self)) else { continue }
            let told = try await database.transaction { db in
                let claimed = try await db.update("quickscan_rounds").set("closing_noticed_at", to: now).where("id", .equal, round.id.uppercasedText)
                    .where("closing_noticed_at", .is, SQLLiteral.null).returning("id").all()
                guard !claimed.isEmpty else { return false }
                try await NotificationStore.notify([RequestNotice(.quickscanClosed, .staff(organisation))],
                                                   about: .init(type: .round, id: round.id.lowercasedText, number: "Quickscan", title: round.title),
                                                   actor: nil, at: now, on: db)
                return true
            }
            if told { noticed += 1 }
        }
        return noticed
    }
}
