import Foundation
import SQLKit
import SteunpuntDomain

/// The action programme's measures (`measures`, M0051) with their milestones
/// (`measure_milestones`), every version as written (`measure_versions`) and what their
/// keepers wrote per quarter (`measure_progress`). A number is unique; a part (`25f`)
/// needs its measure (`25`); a measure with parts keeps its number.
public struct MeasureStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Adds a measure owned by `owner` as version 1.
    public func create(_ valid: MeasureDraft.Valid, owner: OrganisationID, id: UUID, by user: UUID, at now: Date, audit: AuditEvent? = nil) async throws -> Measure {
        let engine = database.engine
        let measure = Measure(id: id, number: valid.number, title: valid.title, description: valid.description, ministry: valid.ministry,
                              organisations: valid.organisations, owner: owner, status: valid.status, startsOn: valid.startsOn, endsOn: valid.endsOn,
                              milestones: valid.milestones, updatedBy: user, updatedAt: now)
        return try await database.transaction { db in
            try await Self.checkNumber(valid.number, of: nil, on: db, engine: engine)
            try await db.insert(into: "measures").columns(["id", "created_at"] + Self.columns)
                .values([SQLBind(id.uppercasedText), SQLBind(now)] + Self.values(measure)).run()
            try await Self.writeMilestones(measure, on: db)
            try await Self.writeVersion(measure, changed: ["aanmaken"], on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return measure
        }
    }

    /// Writes `valid` as the next version of measure `id`, made on `expectedVersion` (nil:
    /// whatever stands): `conflict("measure_changed")` when someone saved in between.
    public func update(_ id: UUID, with valid: MeasureDraft.Valid, expectedVersion: Int?, by user: UUID, at now: Date,
                       audit: AuditEvent? = nil) async throws -> Measure {
        let engine = database.engine
        return try await database.transaction { db in
            var select = db.select().column("*").from("measures").where("id", .equal, id.uppercasedText)
            if engine == .postgres { select = select.for(.update) }
            guard let row = try await select.first() else { throw DomainError.notFound }
            let old = try await Self.decode(row, milestones: try await Self.milestones(of: [id], on: db)[id] ?? [])
            if let expectedVersion, old.version != expectedVersion { throw DomainError.conflict("measure_changed") }
            if valid.number != old.number { try await Self.checkNumber(valid.number, of: old.number, on: db, engine: engine) }
            var measure = old
            measure.number = valid.number
            measure.title = valid.title
            measure.description = valid.description
            measure.ministry = valid.ministry
            measure.organisations = valid.organisations
            measure.status = valid.status
            measure.startsOn = valid.startsOn
            measure.endsOn = valid.endsOn
            measure.milestones = valid.milestones
            let changed = measure.changes(from: old)
            guard !changed.isEmpty else { throw DomainError.invalid([FieldError(field: "titel", code: "nothing_changed")]) }
            measure.version += 1
            measure.updatedBy = user
            measure.updatedAt = now
            var update = db.update("measures")
            for (column, value) in zip(Self.columns, Self.values(measure)) { update = update.set(SQLIdentifier(column), to: value) }
            try await update.where("id", .equal, id.uppercasedText).run()
            try await db.delete(from: "measure_milestones").where("measure_id", .equal, id.uppercasedText).run()
            try await Self.writeMilestones(measure, on: db)
            try await Self.writeVersion(measure, changed: changed, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return measure
        }
    }

    /// A free number whose measure exists when it is a part; a measure with parts keeps its own (`old`).
    static func checkNumber(_ number: MeasureNumber, of old: MeasureNumber?, on db: any SQLDatabase, engine: Engine) async throws {
        if engine == .postgres { try await db.raw("LOCK TABLE measures IN SHARE ROW EXCLUSIVE MODE").run() }
        var problems: [FieldError] = []
        if try await db.select().column("id").from("measures").where("number", .equal, number.rawValue).first() != nil {
            problems.append(FieldError(field: "nummer", code: "measure_number_taken"))
        }
        if let parent = number.parent, try await db.select().column("id").from("measures").where("number", .equal, parent.rawValue).first() == nil {
            problems.append(FieldError(field: "nummer", code: "unknown_parent_measure"))
        }
        if let old, try await db.select().column("id").from("measures").where("parent_number", .equal, old.rawValue).first() != nil {
            problems.append(FieldError(field: "nummer", code: "measure_has_parts"))
        }
        if !problems.isEmpty { throw DomainError.invalid(problems) }
    }

    public func get(_ number: MeasureNumber) async throws -> Measure? {
        guard let row = try await database.sql.select().column("*").from("measures").where("number", .equal, number.rawValue).first() else { return nil }
        let id = try Self.id(row)
        return try Self.decode(row, milestones: try await Self.milestones(of: [id], on: database.sql)[id] ?? [])
    }

    /// Every measure in the programme's order (`9`, `25`, `25a`, `25f`, `26`).
    public func all() async throws -> [Measure] {
        let rows = try await database.sql.select().column("*").from("measures").orderBy("number_order").orderBy("number").all()
        let milestones = try await Self.milestones(of: try rows.map(Self.id), on: database.sql)
        return try rows.map { row in try Self.decode(row, milestones: milestones[try Self.id(row)] ?? []) }
    }

    /// Its versions, the latest first.
    public func versions(of id: UUID) async throws -> [MeasureVersion] {
        try await database.sql.select().column("version").column("changed").column("changed_by").column("changed_at").from("measure_versions")
            .where("measure_id", .equal, id.uppercasedText).orderBy("version", .descending).all().map { row in
                guard let by = UUID(text: try row.decode(column: "changed_by", as: String.self)) else {
                    throw StorageError.corruptRow(table: "measure_versions", key: id.uppercasedText)
                }
                return MeasureVersion(version: try row.decode(column: "version", as: Int.self),
                                      changed: try row.decode(column: "changed", as: String.self).split(separator: " ").map(String.init), by: by,
                                      at: try row.decode(column: "changed_at", as: Date.self))
            }
    }

    /// The measure as version `version` of it was written.
    public func snapshot(of id: UUID, version: Int) async throws -> Measure? {
        guard let text = try await database.sql.select().column("snapshot").from("measure_versions").where("measure_id", .equal, id.uppercasedText)
            .where("version", .equal, version).first()?.decode(column: "snapshot", as: String.self) else { return nil }
        return try Self.decoder.decode(Measure.self, from: Data(text.utf8))
    }

    /// What was written per quarter, the latest quarter first.
    public func progress(of id: UUID) async throws -> [MeasureProgressText] {
        try await database.sql.select().column("*").from("measure_progress").where("measure_id", .equal, id.uppercasedText)
            .orderBy("period", .descending).all().map { row in
                guard let period = PlanQuarter(try row.decode(column: "period", as: String.self)),
                      let by = UUID(text: try row.decode(column: "updated_by", as: String.self)) else {
                    throw StorageError.corruptRow(table: "measure_progress", key: id.uppercasedText)
                }
                return MeasureProgressText(period: period, text: try row.decode(column: "text", as: String.self), updatedBy: by,
                                           updatedAt: try row.decode(column: "updated_at", as: Date.self))
            }
    }

    /// Every measure's text for `period`, by measure: one query for a whole report.
    public func progress(in period: PlanQuarter) async throws -> [UUID: String] {
        var texts: [UUID: String] = [:]
        for row in try await database.sql.select().columns("measure_id", "text").from("measure_progress").where("period", .equal, period.description).all() {
            let key = try row.decode(column: "measure_id", as: String.self)
            guard let id = UUID(text: key) else { throw StorageError.corruptRow(table: "measure_progress", key: key) }
            texts[id] = try row.decode(column: "text", as: String.self)
        }
        return texts
    }

    /// Writes the text of `period` (an empty one removes it).
    public func saveProgress(_ id: UUID, period: PlanQuarter, text: String, by user: UUID, at now: Date, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await db.delete(from: "measure_progress").where("measure_id", .equal, id.uppercasedText).where("period", .equal, period.description).run()
            if !text.isEmpty {
                try await db.insert(into: "measure_progress").columns("measure_id", "period", "text", "updated_by", "updated_at")
                    .values(SQLBind(id.uppercasedText), SQLBind(period.description), SQLBind(text), SQLBind(user.uppercasedText), SQLBind(now)).run()
            }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    static let columns = ["number", "parent_number", "number_order", "title", "description", "ministry", "organisations", "owner_id", "status",
                          "starts_on", "ends_on", "version", "updated_by", "updated_at"]

    static func values(_ m: Measure) -> [any SQLExpression] {
        [SQLBind(m.number.rawValue), SQLBind(m.number.parent?.rawValue), SQLBind(m.number.order.0), SQLBind(m.title), SQLBind(m.description),
         SQLBind(m.ministry), SQLBind(m.organisations), SQLBind(m.owner.rawValue), SQLBind(m.status.rawValue), SQLBind(m.startsOn), SQLBind(m.endsOn),
         SQLBind(m.version), SQLBind(m.updatedBy.uppercasedText), SQLBind(m.updatedAt)]
    }

    /// Versions are stored as every snapshot is (`JSONEncoder.snapshots`).
    static var encoder: JSONEncoder { .snapshots }
    static var decoder: JSONDecoder { .snapshots }

    static func writeMilestones(_ measure: Measure, on db: any SQLDatabase) async throws {
        guard !measure.milestones.isEmpty else { return }
        var insert = db.insert(into: "measure_milestones").columns("measure_id", "position", "title", "due_on", "state", "reached_on", "note", "result_slug")
        for (position, m) in measure.milestones.enumerated() {
            insert = insert.values(SQLBind(measure.id.uppercasedText), SQLBind(position + 1), SQLBind(m.title), SQLBind(m.dueOn), SQLBind(m.state.rawValue),
                                   SQLBind(m.reachedOn), SQLBind(m.note), SQLBind(m.result?.rawValue))
        }
        try await insert.run()
    }

    static func writeVersion(_ measure: Measure, changed: [String], on db: any SQLDatabase) async throws {
        let snapshot = String(decoding: try encoder.encode(measure), as: UTF8.self)
        try await db.insert(into: "measure_versions").columns("measure_id", "version", "changed", "snapshot", "changed_by", "changed_at")
            .values(SQLBind(measure.id.uppercasedText), SQLBind(measure.version), SQLBind(changed.joined(separator: " ")), SQLBind(snapshot),
                    SQLBind(measure.updatedBy.uppercasedText), SQLBind(measure.updatedAt)).run()
    }

    static func milestones(of ids: [UUID], on db: any SQLDatabase) async throws -> [UUID: [Milestone]] {
        guard !ids.isEmpty else { return [:] }
        var result: [UUID: [Milestone]] = [:]
        for row in try await db.select().column("*").from("measure_milestones").where("measure_id", .in, ids.map(\.uppercasedText))
            .orderBy("measure_id").orderBy("position").all() {
            let key = try row.decode(column: "measure_id", as: String.self)
            guard let id = UUID(text: key), let state = Milestone.State(rawValue: try row.decode(column: "state", as: String.self)) else {
                throw StorageError.corruptRow(table: "measure_milestones", key: key)
            }
            result[id, default: []].append(Milestone(title: try row.decode(column: "title", as: String.self), dueOn: try row.decode(column: "due_on", as: String.self),
                                                     state: state, reachedOn: try row.decode(column: "reached_on", as: String.self),
                                                     note: try row.decode(column: "note", as: String.self),
                                                     result: try row.decode(column: "result_slug", as: String?.self).flatMap(OfferingSlug.init)))
        }
        return result
    }

    static func id(_ row: any SQLRow) throws -> UUID {
        let key = try row.decode(column: "id", as: String.self)
        guard let id = UUID(text: key) else { throw StorageError.corruptRow(table: "measures", key: key) }
        return id
    }

    static func decode(_ row: any SQLRow, milestones: [Milestone]) throws -> Measure {
        let key = try row.decode(column: "id", as: String.self)
        guard let id = UUID(text: key), let number = MeasureNumber(try row.decode(column: "number", as: String.self)),
              let owner = OrganisationID(try row.decode(column: "owner_id", as: String.self)),
              let status = MeasureStatus(rawValue: try row.decode(column: "status", as: String.self)),
              let by = UUID(text: try row.decode(column: "updated_by", as: String.self)) else {
            throw StorageError.corruptRow(table: "measures", key: key)
        }
        return Measure(id: id, number: number, title: try row.decode(column: "title", as: String.self),
                       description: try row.decode(column: "description", as: String.self), ministry: try row.decode(column: "ministry", as: String.self),
                       organisations: try row.decode(column: "organisations", as: String.self), owner: owner, status: status,
                       startsOn: try row.decode(column: "starts_on", as: String.self), endsOn: try row.decode(column: "ends_on", as: String.self),
                       milestones: milestones, version: try row.decode(column: "version", as: Int.self), updatedBy: by,
                       updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }
}
