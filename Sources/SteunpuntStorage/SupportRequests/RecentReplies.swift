import Foundation
import SQLKit
import SteunpuntDomain

/// A message to a requester from whoever handles their request.
public struct RecentReply: Sendable, Equatable {
    public let requestID: UUID
    public let number: String
    public let title: String
    public let from: OrganisationID
    public let fromName: String
    public let at: Date
}

extension RequestStore {
    /// The latest messages to `requester`'s requests from other organisations (never
    /// internal notes), newest first: what a municipality reads first on its dashboard.
    public func recentReplies(to requester: OrganisationID, limit: Int = 5) async throws -> [RecentReply] {
        try await database.sql.select()
            .column(SQLColumn("id", table: "support_requests"), as: "request_id")
            .column(SQLColumn("number", table: "support_requests"))
            .column(SQLColumn("title", table: "support_requests"))
            .column(SQLColumn("author_organisation", table: "request_messages"))
            .column(SQLColumn("created_at", table: "request_messages"), as: "at")
            .column(SQLColumn("name", table: "organisations"), as: "from_name")
            .from("request_messages")
            .join("organisations", on: SQLColumn("id", table: "organisations"), .equal, SQLColumn("author_organisation", table: "request_messages"))
            .join("support_requests", on: SQLColumn("id", table: "support_requests"), .equal, SQLColumn("request_id", table: "request_messages"))
            .where(SQLColumn("requester_id", table: "support_requests"), .equal, SQLBind(requester.rawValue))
            .where(SQLColumn("internal", table: "request_messages"), .equal, SQLBind(false))
            .where(SQLColumn("author_organisation", table: "request_messages"), .notEqual, SQLBind(requester.rawValue))
            .orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: "request_messages"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "request_messages"), direction: SQLDirection.descending))
            .limit(limit).all().map { row in
                RecentReply(requestID: UUID(text: try row.decode(column: "request_id", as: String.self)) ?? UUID(),
                            number: try row.decode(column: "number", as: String.self), title: try row.decode(column: "title", as: String.self),
                            from: OrganisationID(try row.decode(column: "author_organisation", as: String.self)) ?? .nctv,
                            fromName: try row.decode(column: "from_name", as: String.self), at: try row.decode(column: "at", as: Date.self))
            }
    }
}
