import Foundation
import SQLKit
import SteunpuntDomain

/// The incident register (`incidents`, M0045): an incident with its grounds (also as rows
/// of `incident_grounds`, to be counted), an append-only history (`incident_history`),
/// its shares (`incident_shares`, M0050; the organisations it is shared with now also on
/// the incident, changed together) and, from its registration, the handling steps of the
/// template standing (`HandlingStepStore`).
/// Reads take the reader's reach (`IncidentPolicy.Reach`); the use case decides it and
/// audits each read.
public struct IncidentStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    static let columns = ["kind", "occurred_on", "occurred_at", "location", "neighbourhood", "grounds", "nature", "setting", "severity", "description",
                          "status", "tension_level", "shared_with", "version", "updated_at"]

    static func values(_ i: Incident) -> [any SQLExpression] {
        [SQLBind(i.kind.rawValue), SQLBind(i.occurredOn), SQLBind(i.occurredAt), SQLBind(i.location.rawValue), SQLBind(i.neighbourhood),
         SQLBind(i.grounds.map(\.rawValue).joined(separator: " ")), SQLBind(i.nature?.rawValue), SQLBind(i.setting?.rawValue), SQLBind(i.severity.rawValue),
         SQLBind(i.description), SQLBind(i.status.rawValue), SQLBind(i.tensionLevel?.rawValue),
         SQLBind(i.sharedWith.map(\.rawValue).joined(separator: " ")), SQLBind(i.version), SQLBind(i.updatedAt)]
    }

    /// Registers `valid` for `municipality` with the next number of the year; the history
    /// starts with its registration (and a tension signal's first level).
    public func create(_ valid: IncidentDraft.Valid, municipality: MunicipalityCode, id: UUID, by user: UUID, at now: Date,
                       audit: AuditEvent? = nil) async throws -> Incident {
        let engine = database.engine
        let year = DutchCalendar().calendar.component(.year, from: now)
        return try await database.transaction { db in
            let sequence = try await db.raw("""
                INSERT INTO incident_numbers (year, last) VALUES (\(bind: year), 1)
                ON CONFLICT (year) DO UPDATE SET last = incident_numbers.last + 1 RETURNING last
                """).first()!.decode(column: "last", as: Int.self)
            let incident = Incident(id: id, number: String(format: "IN-%04d-%05d", year, sequence), municipality: municipality, kind: valid.kind,
                                    occurredOn: valid.occurredOn, occurredAt: valid.occurredAt, location: valid.location, neighbourhood: valid.neighbourhood,
                                    grounds: valid.grounds, nature: valid.nature, setting: valid.setting, severity: valid.severity,
                                    description: valid.description, tensionLevel: valid.tensionLevel, createdBy: user, createdAt: now, updatedAt: now)
            try await db.insert(into: "incidents").columns(["id", "number", "municipality_code", "created_by", "created_at"] + Self.columns)
                .values([SQLBind(id.uppercasedText), SQLBind(incident.number), SQLBind(municipality.rawValue), SQLBind(user.uppercasedText), SQLBind(now)]
                        + Self.values(incident)).run()
            for ground in valid.grounds {
                try await db.insert(into: "incident_grounds").columns("incident_id", "ground").values(SQLBind(id.uppercasedText), SQLBind(ground.rawValue)).run()
            }
            try await Self.append(IncidentEvent(change: .registered(.registered), by: user, at: now), to: id, on: db)
            try await HandlingStepStore.copyCurrent(to: id, on: db)
            if let level = valid.tensionLevel { try await Self.append(IncidentEvent(change: .tension(from: nil, to: level), by: user, at: now), to: id, on: db) }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return incident
        }
    }

    public func get(_ id: UUID) async throws -> Incident? {
        try await database.sql.select().column("*").from("incidents").where("id", .equal, id.uppercasedText).first().map(Self.decode)
    }

    /// What a list is narrowed by.
    public struct Filter: Sendable, Equatable {
        public var status: IncidentStatus?
        public var kind: IncidentKind?
        /// The year it happened in.
        public var year: Int?
        /// Only those not closed.
        public var openOnly: Bool

        public init(status: IncidentStatus? = nil, kind: IncidentKind? = nil, year: Int? = nil, openOnly: Bool = false) {
            self.status = status
            self.kind = kind
            self.year = year
            self.openOnly = openOnly
        }
    }

    /// The incidents within `reach` matching `filter`, the latest first.
    public func list(_ reach: IncidentPolicy.Reach, filter: Filter = Filter(), page: PageRequest) async throws -> Page<Incident> {
        var whereClause: SQLQueryString
        switch reach {
        case .own(let code): whereClause = "WHERE municipality_code = \(bind: code.rawValue)"
        case .sharedWith(let organisation):
            let shared: SQLQueryString = "id IN (SELECT incident_id FROM incident_shares WHERE organisation_id = \(bind: organisation.rawValue) AND revoked_at IS NULL)"
            whereClause = organisation == .expertiseUnit ? "WHERE (\(shared) OR request_id IS NOT NULL)" : "WHERE \(shared)"
        }
        if let status = filter.status { whereClause = "\(whereClause) AND status = \(bind: status.rawValue)" }
        if let kind = filter.kind { whereClause = "\(whereClause) AND kind = \(bind: kind.rawValue)" }
        if filter.openOnly { whereClause = "\(whereClause) AND status <> \(bind: IncidentStatus.closed.rawValue)" }
        if let year = filter.year {
            whereClause = "\(whereClause) AND occurred_on >= \(bind: String(format: "%04d-01-01", year)) AND occurred_on < \(bind: String(format: "%04d-01-01", year + 1))"
        }
        let (rows, total) = try await CountedPage.read(database.sql, columns: "*", from: "FROM incidents \(whereClause)",
                                                       orderBy: "occurred_on DESC, created_at DESC, id", limit: page.size, offset: page.offset)
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    /// Records a new status and/or tension level made from `expectedVersion` (nil: whatever
    /// stands now), each a line of the history with the note; `conflict("incident_changed")`
    /// when someone saved in between.
    public func update(_ id: UUID, with valid: IncidentUpdate.Valid, expectedVersion: Int?, by user: UUID, at now: Date,
                       audit: AuditEvent? = nil) async throws -> Incident {
        try await change(id, expectedVersion: expectedVersion, by: user, at: now, audit: audit) { incident in
            var events: [IncidentEvent] = []
            if let status = valid.status {
                events.append(IncidentEvent(change: .status(from: incident.status, to: status), note: valid.note, by: user, at: now))
                incident.status = status
            }
            if let level = valid.tensionLevel {
                events.append(IncidentEvent(change: .tension(from: incident.tensionLevel, to: level), note: valid.note, by: user, at: now))
                incident.tensionLevel = level
            }
            return events
        }
    }

    /// Shares the incident with `organisation` (its staff are told), or ends the share
    /// standing: a row of `incident_shares` made or ended, a new version and a line of the
    /// history, in one transaction. Sharing what is shared, or ending what is not, changes
    /// nothing. Which organisations may be shared with is the use case's to decide.
    public func share(_ id: UUID, with organisation: OrganisationID, _ shared: Bool, expectedVersion: Int?, by user: UUID, at now: Date,
                      audit: AuditEvent? = nil) async throws -> Incident {
        try await change(id, expectedVersion: expectedVersion, by: user, at: now, audit: audit, { incident in
            guard incident.sharedWith.contains(organisation) != shared else { return [] }
            incident.sharedWith = shared ? (incident.sharedWith + [organisation]).sorted { $0.rawValue < $1.rawValue } : incident.sharedWith.filter { $0 != organisation }
            return [IncidentEvent(change: shared ? .shared(organisation) : .unshared(organisation), by: user, at: now)]
        }, alongside: { incident, db in
            if shared {
                try await db.insert(into: "incident_shares").columns("incident_id", "organisation_id", "shared_by", "shared_at")
                    .values(SQLBind(id.uppercasedText), SQLBind(organisation.rawValue), SQLBind(user.uppercasedText), SQLBind(now)).run()
                let place = try await db.select().column("name").from("municipalities").where("code", .equal, incident.municipality.rawValue).first()
                    .map { try $0.decode(column: "name", as: String.self) } ?? incident.municipality.rawValue
                try await NotificationStore.notify([RequestNotice(.incidentShared, .staff(organisation))],
                                                   about: .init(type: .incident, id: id.uppercasedText, number: incident.number, title: place),
                                                   actor: user, at: now, on: db)
            } else {
                try await db.update("incident_shares").set("revoked_by", to: user.uppercasedText).set("revoked_at", to: now)
                    .where("incident_id", .equal, id.uppercasedText).where("organisation_id", .equal, organisation.rawValue).where("revoked_at", .is, SQLLiteral.null).run()
            }
        })
    }

    /// Every share the incident had and has, the first made first.
    public func shares(of id: UUID) async throws -> [IncidentShare] {
        try await database.sql.select().column("*").from("incident_shares").where("incident_id", .equal, id.uppercasedText)
            .orderBy("shared_at").orderBy("organisation_id").all().map { row in
                guard let organisation = OrganisationID(try row.decode(column: "organisation_id", as: String.self)),
                      let by = UUID(text: try row.decode(column: "shared_by", as: String.self)) else {
                    throw StorageError.corruptRow(table: "incident_shares", key: id.uppercasedText)
                }
                return IncidentShare(organisation: organisation, sharedBy: by, sharedAt: try row.decode(column: "shared_at", as: Date.self),
                                     revokedBy: try row.decode(column: "revoked_by", as: String?.self).flatMap(UUID.init(text:)),
                                     revokedAt: try row.decode(column: "revoked_at", as: Date?.self))
            }
    }

    /// Files `request` at the expertise unit from incident `id` and links the two, in one
    /// transaction: both or neither.
    public func askHelp(_ id: UUID, expectedVersion: Int?, request: RequestDraft.Valid, requests: RequestStore, requestID: UUID, by user: UUID, at now: Date,
                        targets: DeadlineTargets, audit: [AuditEvent] = []) async throws -> SupportRequest {
        let engine = database.engine
        return try await requests.create(request, id: requestID, desk: .expertiseUnit, createdBy: user, at: now, targets: targets, audit: audit.first) { db in
            try await Self.link(id, to: requestID, expectedVersion: expectedVersion, by: user, at: now, engine: engine, on: db)
            for event in audit.dropFirst() { try await AuditStore.append(event, on: db, engine: engine) }
        }
    }

    /// Links the incident to the request filed from it, in the request's transaction (its
    /// `alongside`): a new version and a line of the history; `conflict("incident_help_asked")`
    /// when help was asked already, or `incident_changed` when it changed since `expectedVersion`.
    static func link(_ id: UUID, to request: UUID, expectedVersion: Int?, by user: UUID, at now: Date, engine: Engine, on db: any SQLDatabase) async throws {
        var select = db.select().column("*").from("incidents").where("id", .equal, id.uppercasedText)
        if engine == .postgres { select = select.for(.update) }
        guard var incident = try await select.first().map(Self.decode) else { throw DomainError.notFound }
        try await RecordSkeletons.refuseIfDestroyed(.incident, id, on: db)
        guard incident.requestID == nil else { throw DomainError.conflict("incident_help_asked") }
        if let expectedVersion, incident.version != expectedVersion { throw DomainError.conflict("incident_changed") }
        incident.version += 1
        incident.updatedAt = now
        try await db.update("incidents").set("request_id", to: request.uppercasedText).set("version", to: incident.version).set("updated_at", to: now)
            .where("id", .equal, id.uppercasedText).run()
        try await append(IncidentEvent(change: .helpAsked(request), by: user, at: now), to: id, on: db)
    }

    /// The numbers of `ids` (`IN-2026-00001`), for those that exist: how the audit trail names them.
    public func numbers(of ids: [UUID]) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        var numbers: [UUID: String] = [:]
        for row in try await database.sql.select().column("id").column("number").from("incidents")
            .where("id", .in, Array(Set(ids)).map(\.uppercasedText)).all() {
            if let id = UUID(text: try row.decode(column: "id", as: String.self)) { numbers[id] = try row.decode(column: "number", as: String.self) }
        }
        return numbers
    }

    /// The incident a request was filed from, if any.
    public func incident(forRequest request: UUID) async throws -> Incident? {
        try await database.sql.select().column("*").from("incidents").where("request_id", .equal, request.uppercasedText).first().map(Self.decode)
    }

    private func change(_ id: UUID, expectedVersion: Int?, by user: UUID, at now: Date, audit: AuditEvent?,
                        _ apply: @escaping @Sendable (inout Incident) -> [IncidentEvent],
                        alongside: (@Sendable (Incident, any SQLDatabase) async throws -> Void)? = nil) async throws -> Incident {
        let engine = database.engine
        return try await database.transaction { db in
            var select = db.select().column("*").from("incidents").where("id", .equal, id.uppercasedText)
            if engine == .postgres { select = select.for(.update) }
            guard var incident = try await select.first().map(Self.decode) else { throw DomainError.notFound }
            try await RecordSkeletons.refuseIfDestroyed(.incident, id, on: db)
            if let expectedVersion, incident.version != expectedVersion { throw DomainError.conflict("incident_changed") }
            let events = apply(&incident)
            guard !events.isEmpty else { return incident }
            incident.version += 1
            incident.updatedAt = now
            var update = db.update("incidents")
            for (column, value) in zip(Self.columns, Self.values(incident)) { update = update.set(SQLIdentifier(column), to: value) }
            try await update.where("id", .equal, id.uppercasedText).run()
            for event in events { try await Self.append(event, to: id, on: db) }
            try await alongside?(incident, db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return incident
        }
    }

    /// The history, in the order it was written.
    public func history(of id: UUID) async throws -> [IncidentEvent] {
        try await database.sql.select().column("*").from("incident_history").where("incident_id", .equal, id.uppercasedText)
            .orderBy("position").all().map { row in
                let key = try row.decode(column: "id", as: String.self)
                let from = try row.decode(column: "from_value", as: String?.self), to = try row.decode(column: "to_value", as: String.self)
                let change = IncidentEvent.Change(change: try row.decode(column: "change", as: String.self), from: from, to: to)
                guard let change, let by = UUID(text: try row.decode(column: "changed_by", as: String.self)) else {
                    throw StorageError.corruptRow(table: "incident_history", key: key)
                }
                return IncidentEvent(change: change, note: try row.decode(column: "note", as: String.self), by: by,
                                     at: try row.decode(column: "changed_at", as: Date.self))
            }
    }

    static func append(_ event: IncidentEvent, to incident: UUID, on db: any SQLDatabase) async throws {
        let (change, from, to) = event.change.parts
        // Lines are numbered per incident in the order written (several share a moment).
        try await db.raw("""
            INSERT INTO incident_history (id, incident_id, position, change, from_value, to_value, note, changed_by, changed_at)
            VALUES (\(bind: UUID().uppercasedText), \(bind: incident.uppercasedText),
                    (SELECT COUNT(*) + 1 FROM incident_history WHERE incident_id = \(bind: incident.uppercasedText)),
                    \(bind: change), \(bind: from), \(bind: to), \(bind: event.note), \(bind: event.by.uppercasedText), \(bind: event.at))
            """).run()
    }

    static func decode(_ row: any SQLRow) throws -> Incident {
        let key = try row.decode(column: "id", as: String.self)
        func value<T>(_ column: String, _ make: (String) -> T?) throws -> T {
            guard let value = make(try row.decode(column: column, as: String.self)) else { throw StorageError.corruptRow(table: "incidents", key: key) }
            return value
        }
        func optional<T>(_ column: String, _ make: (String) -> T?) throws -> T? {
            guard let text = try row.decode(column: column, as: String?.self) else { return nil }
            guard let value = make(text) else { throw StorageError.corruptRow(table: "incidents", key: key) }
            return value
        }
        let grounds = try row.decode(column: "grounds", as: String.self).split(separator: " ").map { word in
            guard let ground = DiscriminationGround(rawValue: String(word)) else { throw StorageError.corruptRow(table: "incidents", key: key) }
            return ground
        }
        var incident = Incident(id: try value("id", UUID.init(text:)), number: try row.decode(column: "number", as: String.self),
                        municipality: try value("municipality_code", MunicipalityCode.init), kind: try value("kind", IncidentKind.init(rawValue:)),
                        occurredOn: try row.decode(column: "occurred_on", as: String.self), occurredAt: try row.decode(column: "occurred_at", as: String.self),
                        location: try value("location", LocationKind.init(rawValue:)), neighbourhood: try row.decode(column: "neighbourhood", as: String.self),
                        grounds: grounds, nature: try optional("nature", IncidentNature.init(rawValue:)), setting: try optional("setting", IncidentSetting.init(rawValue:)),
                        severity: try value("severity", IncidentSeverity.init(rawValue:)), description: try row.decode(column: "description", as: String.self),
                        status: try value("status", IncidentStatus.init(rawValue:)), tensionLevel: try optional("tension_level", TensionLevel.init(rawValue:)),
                        sharedWith: try row.decode(column: "shared_with", as: String.self).split(separator: " ").map { word in
                            guard let organisation = OrganisationID(String(word)) else { throw StorageError.corruptRow(table: "incidents", key: key) }
                            return organisation
                        },
                        requestID: try optional("request_id", UUID.init(text:)), version: try row.decode(column: "version", as: Int.self),
                        createdBy: try value("created_by", UUID.init(text:)), createdAt: try row.decode(column: "created_at", as: Date.self),
                        updatedAt: try row.decode(column: "updated_at", as: Date.self))
        incident.destroyedAt = try row.decode(column: "destroyed_at", as: Date?.self)
        return incident
    }
}
