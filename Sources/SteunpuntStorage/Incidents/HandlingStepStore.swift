import Foundation
import SQLKit
import SteunpuntDomain

/// The handling steps (M0047): the template's versions the expertise unit keeps
/// (`handling_templates`, `handling_template_steps`, never changed once written) and each
/// incident's own steps (`incident_steps`), copied from the version standing when it was
/// registered. A change of a step is a line of the incident's history.
public struct HandlingStepStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Writes the first version (the guide's steps) when there is none, and gives the
    /// incidents registered before it their steps. Returns whether it wrote it.
    @discardableResult
    public func ensureStarting(at now: Date) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.select().column("version").from("handling_templates").limit(1).first() == nil else { return false }
            let first = HandlingTemplate(version: 1, steps: HandlingTemplate.startingSteps, guide: nil,
                                         note: "De stappen van de handreiking, bij de start van het register.", createdBy: nil, createdAt: now)
            try await Self.insert(first, on: db)
            try await db.raw("""
                INSERT INTO incident_steps (incident_id, code, position, title, party, guidance, template_version, state, done_on, note, version)
                SELECT incidents.id, s.code, s.position, s.title, s.party, s.guidance, s.version, \(bind: StepState.open.rawValue), '', '', 1
                FROM incidents CROSS JOIN handling_template_steps s WHERE s.version = 1
                """).run()
            return true
        }
    }

    /// The version standing now.
    public func current() async throws -> HandlingTemplate? {
        guard let row = try await database.sql.select().column("*").from("handling_templates").orderBy("version", .descending).limit(1).first() else {
            return nil
        }
        return try await Self.template(row, on: database.sql)
    }

    public func template(version: Int) async throws -> HandlingTemplate? {
        guard let row = try await database.sql.select().column("*").from("handling_templates").where("version", .equal, version).first() else { return nil }
        return try await Self.template(row, on: database.sql)
    }

    /// Every version, newest first, with its steps.
    public func versions() async throws -> [HandlingTemplate] {
        let rows = try await database.sql.select().column("*").from("handling_templates").orderBy("version", .descending).all()
        let steps = try await database.sql.select().column("*").from("handling_template_steps").orderBy("position").all()
        var byVersion: [Int: [HandlingTemplate.Step]] = [:]
        for row in steps { byVersion[try row.decode(column: "version", as: Int.self), default: []].append(try Self.step(row)) }
        return try rows.map { row in try Self.header(row, steps: byVersion[try row.decode(column: "version", as: Int.self)] ?? []) }
    }

    /// Writes `valid` as the next version, made on `basedOn` (nil: whatever stands);
    /// `conflict("handling_template_changed")` when a version was written in between.
    /// Incidents registered from now on copy its steps; those registered before keep theirs.
    public func publish(_ valid: HandlingTemplateDraft.Valid, basedOn: Int?, by user: UUID, at now: Date, audit: AuditEvent? = nil) async throws -> HandlingTemplate {
        let engine = database.engine
        return try await database.transaction { db in
            // Versions are written one at a time (SQLite has one writer).
            if engine == .postgres { try await db.raw("LOCK TABLE handling_templates IN EXCLUSIVE MODE").run() }
            let latest = try await db.select().column(SQLFunction("MAX", args: SQLColumn("version")), as: "latest").from("handling_templates").first()?
                .decode(column: "latest", as: Int?.self) ?? 0
            if let basedOn, basedOn != latest { throw DomainError.conflict("handling_template_changed") }
            let template = HandlingTemplate(version: latest + 1, steps: valid.steps, guide: valid.guide, note: valid.note, createdBy: user, createdAt: now)
            try await Self.insert(template, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return template
        }
    }

    /// The incident's steps, in the template's order.
    public func steps(of incident: UUID) async throws -> [IncidentStep] {
        try await database.sql.select().column("*").from("incident_steps").where("incident_id", .equal, incident.uppercasedText)
            .orderBy("position").all().map(Self.incidentStep)
    }

    /// How many steps each of `incidents` has settled (done or not applicable) of how many,
    /// in one statement (for lists).
    public func progress(of incidents: [UUID]) async throws -> [UUID: (settled: Int, total: Int)] {
        guard !incidents.isEmpty else { return [:] }
        var progress: [UUID: (settled: Int, total: Int)] = [:]
        for chunk in stride(from: 0, to: incidents.count, by: 500).map({ Array(incidents[$0..<min($0 + 500, incidents.count)]) }) {
            let rows = try await database.sql.select().column("incident_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total")
                .column(SQLRaw("SUM(CASE WHEN state = '\(StepState.open.rawValue)' THEN 0 ELSE 1 END)"), as: "settled")
                .from("incident_steps").where("incident_id", .in, chunk.map(\.uppercasedText)).groupBy("incident_id").all()
            for row in rows {
                guard let id = UUID(text: try row.decode(column: "incident_id", as: String.self)) else { continue }
                progress[id] = (try row.decode(column: "settled", as: Int.self), try row.decode(column: "total", as: Int.self))
            }
        }
        return progress
    }

    /// Records `valid` for the incident's step `code`, made on the step's `expectedVersion`
    /// (nil: as it stands), with a line of the incident's history;
    /// `conflict("incident_step_changed")` when someone saved the step in between.
    public func update(_ incident: UUID, step code: String, with valid: IncidentStepUpdate.Valid, expectedVersion: Int?, by user: UUID, at now: Date,
                       audit: AuditEvent? = nil) async throws -> IncidentStep {
        let engine = database.engine
        return try await database.transaction { db in
            // The incident's row is the turn for its history's lines.
            var lock = db.select().column("id").from("incidents").where("id", .equal, incident.uppercasedText)
            if engine == .postgres { lock = lock.for(.update) }
            guard try await lock.first() != nil else { throw DomainError.notFound }
            try await RecordSkeletons.refuseIfDestroyed(.incident, incident, on: db)
            guard var step = try await db.select().column("*").from("incident_steps").where("incident_id", .equal, incident.uppercasedText)
                .where("code", .equal, code).first().map(Self.incidentStep) else { throw DomainError.notFound }
            if let expectedVersion, step.version != expectedVersion { throw DomainError.conflict("incident_step_changed") }
            let before = step.state
            step.state = valid.state
            step.doneOn = valid.state == .done ? valid.doneOn : ""
            step.note = valid.note
            step.version += 1
            step.changedBy = user
            step.changedAt = now
            try await db.update("incident_steps").set("state", to: step.state.rawValue).set("done_on", to: step.doneOn).set("note", to: step.note)
                .set("version", to: step.version).set("changed_by", to: user.uppercasedText).set("changed_at", to: now)
                .where("incident_id", .equal, incident.uppercasedText).where("code", .equal, code).run()
            try await IncidentStore.append(IncidentEvent(change: .step(code: code, from: before, to: step.state), note: step.note, by: user, at: now),
                                           to: incident, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return step
        }
    }

    /// Gives a newly registered incident the steps of the version standing, in its
    /// registration's transaction.
    static func copyCurrent(to incident: UUID, on db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO incident_steps (incident_id, code, position, title, party, guidance, template_version, state, done_on, note, version)
            SELECT \(bind: incident.uppercasedText), s.code, s.position, s.title, s.party, s.guidance, s.version, \(bind: StepState.open.rawValue), '', '', 1
            FROM handling_template_steps s WHERE s.version = (SELECT MAX(version) FROM handling_templates)
            """).run()
    }

    private static func insert(_ template: HandlingTemplate, on db: any SQLDatabase) async throws {
        try await db.insert(into: "handling_templates").columns("version", "guide_slug", "note", "created_by", "created_at")
            .values(SQLBind(template.version), SQLBind(template.guide?.rawValue), SQLBind(template.note), SQLBind(template.createdBy?.uppercasedText),
                    SQLBind(template.createdAt)).run()
        for (position, step) in template.steps.enumerated() {
            try await db.insert(into: "handling_template_steps").columns("version", "position", "code", "title", "party", "guidance")
                .values(SQLBind(template.version), SQLBind(position + 1), SQLBind(step.code), SQLBind(step.title), SQLBind(step.party.rawValue),
                        SQLBind(step.guidance)).run()
        }
    }

    private static func template(_ row: any SQLRow, on db: any SQLDatabase) async throws -> HandlingTemplate {
        let version = try row.decode(column: "version", as: Int.self)
        let steps = try await db.select().column("*").from("handling_template_steps").where("version", .equal, version).orderBy("position").all().map(step)
        return try header(row, steps: steps)
    }

    private static func header(_ row: any SQLRow, steps: [HandlingTemplate.Step]) throws -> HandlingTemplate {
        let version = try row.decode(column: "version", as: Int.self)
        let guide = try row.decode(column: "guide_slug", as: String?.self)
        let by = try row.decode(column: "created_by", as: String?.self)
        guard guide.map({ OfferingSlug($0) != nil }) ?? true, by.map({ UUID(text: $0) != nil }) ?? true else {
            throw StorageError.corruptRow(table: "handling_templates", key: String(version))
        }
        return HandlingTemplate(version: version, steps: steps, guide: guide.flatMap(OfferingSlug.init), note: try row.decode(column: "note", as: String.self),
                                createdBy: by.flatMap(UUID.init(text:)), createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    private static func step(_ row: any SQLRow) throws -> HandlingTemplate.Step {
        let code = try row.decode(column: "code", as: String.self)
        guard let party = IncidentParty(rawValue: try row.decode(column: "party", as: String.self)) else {
            throw StorageError.corruptRow(table: "handling_template_steps", key: code)
        }
        return HandlingTemplate.Step(code: code, title: try row.decode(column: "title", as: String.self), party: party,
                                     guidance: try row.decode(column: "guidance", as: String.self))
    }

    private static func incidentStep(_ row: any SQLRow) throws -> IncidentStep {
        let code = try row.decode(column: "code", as: String.self)
        let by = try row.decode(column: "changed_by", as: String?.self)
        guard let party = IncidentParty(rawValue: try row.decode(column: "party", as: String.self)),
              let state = StepState(rawValue: try row.decode(column: "state", as: String.self)), by.map({ UUID(text: $0) != nil }) ?? true else {
            throw StorageError.corruptRow(table: "incident_steps", key: code)
        }
        return IncidentStep(code: code, title: try row.decode(column: "title", as: String.self), party: party,
                            guidance: try row.decode(column: "guidance", as: String.self), templateVersion: try row.decode(column: "template_version", as: Int.self),
                            state: state, doneOn: try row.decode(column: "done_on", as: String.self), note: try row.decode(column: "note", as: String.self),
                            version: try row.decode(column: "version", as: Int.self), changedBy: by.flatMap(UUID.init(text:)),
                            changedAt: try row.decode(column: "changed_at", as: Date?.self))
    }
}
