import Foundation
import SQLKit
import SteunpuntDomain

/// Messages and activities of a request. Callers have already found the request within
/// their scope (`RequestStore.get`); internal notes are filtered here by organisation.
extension RequestStore {
    /// The messages `viewer` may read, oldest first: all messages to and from the
    /// requester, and the internal notes of the viewer's own organisation.
    public func messages(_ request: UUID, viewer: User) async throws -> [RequestMessage] {
        try await database.sql.select().column("*").from("request_messages").where("request_id", .equal, request.uppercasedText)
            .where(group: { $0.where("internal", .equal, false).orWhere("author_organisation", .equal, viewer.organisation.rawValue) })
            .orderBy("created_at").orderBy("id").all().map { row in
                RequestMessage(id: UUID(text: try row.decode(column: "id", as: String.self)) ?? UUID(), request: request,
                               author: UUID(text: try row.decode(column: "author_id", as: String.self)) ?? UUID(),
                               authorOrganisation: OrganisationID(try row.decode(column: "author_organisation", as: String.self)) ?? .nctv,
                               isInternal: try row.decode(column: "internal", as: Bool.self), body: try row.decode(column: "body", as: String.self),
                               createdAt: try row.decode(column: "created_at", as: Date.self))
            }
    }

    /// Adds a message; with a workflow step (`reply`, `requesterReply`) the request's new
    /// state is stored in the same transaction.
    public func addMessage(_ message: RequestMessage, step: (next: SupportRequest, previous: SupportRequest, change: StatusChange)?,
                           audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await RecordSkeletons.refuseIfDestroyed(.supportRequest, message.request, on: db)
            try await Self.insert(message, on: db)
            if let step { try await self.write(step.next, previous: step.previous, change: step.change, at: message.createdAt, on: db) }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    static func insert(_ message: RequestMessage, on db: any SQLDatabase) async throws {
        try await db.insert(into: "request_messages")
            .columns("id", "request_id", "author_id", "author_organisation", "internal", "body", "created_at")
            .values(SQLBind(message.id.uppercasedText), SQLBind(message.request.uppercasedText), SQLBind(message.author.uppercasedText),
                    SQLBind(message.authorOrganisation.rawValue), SQLBind(message.isInternal), SQLBind(message.body), SQLBind(message.createdAt))
            .run()
    }

    public func activities(_ request: UUID) async throws -> [RequestActivity] {
        try await database.sql.select().column("*").from("request_activities").where("request_id", .equal, request.uppercasedText)
            .orderBy("occurred_on").orderBy("created_at").orderBy("id").all().map { row in
                RequestActivity(id: UUID(text: try row.decode(column: "id", as: String.self)) ?? UUID(), request: request,
                                kind: ActivityKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .meeting,
                                day: try row.decode(column: "occurred_on", as: String.self), hours: try row.decode(column: "hours", as: Double.self),
                                participants: try row.decode(column: "participants", as: Int.self), note: try row.decode(column: "note", as: String.self),
                                author: UUID(text: try row.decode(column: "author_id", as: String.self)) ?? UUID(),
                                createdAt: try row.decode(column: "created_at", as: Date.self),
                                offering: try row.decode(column: "offering_id", as: String?.self).flatMap(UUID.init(text:)),
                                meeting: try row.decode(column: "meeting_id", as: String?.self).flatMap(UUID.init(text:)),
                                network: try row.decode(column: "network_entry_id", as: String?.self).flatMap(UUID.init(text:)))
            }
    }

    /// Stores an activity, and with `message` the message that shares its offering with
    /// the requester, in one transaction.
    public func addActivity(_ activity: RequestActivity, message: RequestMessage? = nil, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await RecordSkeletons.refuseIfDestroyed(.supportRequest, activity.request, on: db)
            try await db.insert(into: "request_activities")
                .columns("id", "request_id", "kind", "occurred_on", "hours", "participants", "note", "author_id", "created_at", "offering_id", "meeting_id",
                         "network_entry_id")
                .values(SQLBind(activity.id.uppercasedText), SQLBind(activity.request.uppercasedText), SQLBind(activity.kind.rawValue), SQLBind(activity.day),
                        SQLBind(activity.hours), SQLBind(activity.participants), SQLBind(activity.note), SQLBind(activity.author.uppercasedText),
                        SQLBind(activity.createdAt), SQLBind(activity.offering?.uppercasedText), SQLBind(activity.meeting?.uppercasedText),
                        SQLBind(activity.network?.uppercasedText)).run()
            if let message { try await Self.insert(message, on: db) }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }
}

extension RequestStore {
    public func feedback(_ request: UUID) async throws -> RequestFeedback? {
        guard let row = try await database.sql.select().column("*").from("request_feedback").where("request_id", .equal, request.uppercasedText).first() else { return nil }
        return RequestFeedback(request: request, score: try row.decode(column: "score", as: Int.self), comment: try row.decode(column: "comment", as: String.self),
                               author: UUID(text: try row.decode(column: "author_id", as: String.self)) ?? UUID(),
                               createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    /// Stores the feedback on a request, once: a second answer is `conflict("feedback_given")`.
    public func addFeedback(_ feedback: RequestFeedback, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await RecordSkeletons.refuseIfDestroyed(.supportRequest, feedback.request, on: db)
            let rows = try await db.insert(into: "request_feedback").columns("request_id", "score", "comment", "author_id", "created_at")
                .values(SQLBind(feedback.request.uppercasedText), SQLBind(feedback.score), SQLBind(feedback.comment), SQLBind(feedback.author.uppercasedText),
                        SQLBind(feedback.createdAt))
                .ignoringConflicts().returning("request_id").all()
            guard !rows.isEmpty else { throw DomainError.conflict("feedback_given") }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }
}
