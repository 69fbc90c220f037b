import Foundation
import SQLKit
import SteunpuntDomain

/// A request as lists show it: the record with the names a reader needs.
public struct RequestListItem: Sendable, Equatable {
    public let request: SupportRequest
    public let requesterName: String
    public let municipalityName: String
}

/// Reading request rows (the `support_requests` columns, plus names when joined).
enum RequestRows {
    /// The columns `decode` reads, for queries that name them (`SQLName.columns`).
    static let columns = [
        "id", "number", "title", "description", "requester_id", "municipality_code", "channel", "urgency", "preferred_contact",
        "status", "outcome", "desk_id", "holder_id", "referred_by", "assignee_id", "status_before_waiting", "created_by",
        "created_at", "updated_at", "first_response_at", "closed_at", "waiting_since", "suspended_days", "first_response_due",
        "resolution_due", "version", "need_codes", "destroyed_at",
    ]

    static func decode(_ row: any SQLRow) throws -> SupportRequest {
        try decode(Columns(row, table: "support_requests"))
    }

    static func decode(_ row: Columns) throws -> SupportRequest {
        let idText = try row.string("id")
        func id<T>(_ column: String, _ make: (String) -> T?) throws -> T {
            guard let value = make(try row.string(column)) else { throw StorageError.corruptRow(table: "support_requests", key: idText) }
            return value
        }
        func optional<T>(_ column: String, _ make: (String) -> T?) throws -> T? {
            guard let text = try row.string(ifPresent: column) else { return nil }
            guard let value = make(text) else { throw StorageError.corruptRow(table: "support_requests", key: idText) }
            return value
        }
        var request = SupportRequest(
            id: try id("id", UUID.init(text:)), number: try row.string("number"),
            title: try row.string("title"), description: try row.string("description"),
            requester: try id("requester_id", OrganisationID.init), municipality: try id("municipality_code", MunicipalityCode.init),
            needs: [], channel: try id("channel", RequestChannel.init(rawValue:)), urgency: try id("urgency", Urgency.init(rawValue:)),
            preferredContact: try row.string("preferred_contact"), status: try id("status", RequestStatus.init(rawValue:)),
            outcome: try optional("outcome", RequestOutcome.init(rawValue:)), desk: try id("desk_id", OrganisationID.init),
            holder: try id("holder_id", OrganisationID.init), referredBy: try optional("referred_by", OrganisationID.init),
            assignee: try optional("assignee_id", UUID.init(text:)),
            statusBeforeWaiting: try optional("status_before_waiting", RequestStatus.init(rawValue:)),
            createdBy: try id("created_by", UUID.init(text:)), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), firstResponseAt: try row.date(ifPresent: "first_response_at"),
            closedAt: try row.date(ifPresent: "closed_at"), waitingSince: try row.date(ifPresent: "waiting_since"),
            suspendedDays: try row.int("suspended_days"),
            firstResponseDue: try row.date("first_response_due"),
            resolutionDue: try row.date("resolution_due"))
        request.version = try row.int("version")
        request.destroyedAt = try row.date(ifPresent: "destroyed_at")
        request.needs = try needs(row.string("need_codes"))
        return request
    }

    /// The stored form of a request's needs (`support_requests.need_codes`): codes sorted,
    /// joined by single spaces, empty when none.
    static func needCodes(_ needs: [NeedCode]) -> String { needs.map(\.rawValue).sorted().joined(separator: " ") }

    static func needs(_ codes: String) -> [NeedCode] { codes.split(separator: " ").compactMap { NeedCode(String($0)) } }

    /// A list's row: the request (its needs included) and the names.
    static func decodeItem(_ row: any SQLRow) throws -> RequestListItem {
        let columns = Columns(row, table: "support_requests")
        let request = try decode(columns)
        return RequestListItem(request: request, requesterName: try columns.string("requester_name"),
                               municipalityName: try columns.string("municipality_name"))
    }

    /// A request's needs as its party rows hold them: codes between spaces (` a b `), so
    /// a list filters on one with `LIKE '% code %'` inside the covering index.
    static func partyNeeds(_ codes: [String]) -> String { " " + codes.sorted().joined(separator: " ") + " " }

    /// The words of the number, title and description: what full-text search matches.
    static func searchKey(_ request: SupportRequest) -> String {
        SearchKey.terms(request.number + " " + request.title + " " + request.description).joined(separator: " ")
    }

    /// The mutable columns of a request, for insert and update.
    static func values(_ request: SupportRequest, deadline: DeadlineState) -> [(String, any Encodable & Sendable)] {
        [
            ("title", request.title), ("description", request.description),
            ("search_key", searchKey(request)),
            ("channel", request.channel.rawValue), ("urgency", request.urgency.rawValue), ("preferred_contact", request.preferredContact),
            ("status", request.status.rawValue), ("outcome", request.outcome?.rawValue), ("desk_id", request.desk.rawValue),
            ("holder_id", request.holder.rawValue), ("referred_by", request.referredBy?.rawValue), ("assignee_id", request.assignee?.uppercasedText),
            ("status_before_waiting", request.statusBeforeWaiting?.rawValue), ("updated_at", request.updatedAt),
            ("first_response_at", request.firstResponseAt), ("closed_at", request.closedAt), ("waiting_since", request.waitingSince),
            ("suspended_days", request.suspendedDays), ("first_response_due", request.firstResponseDue), ("resolution_due", request.resolutionDue),
            ("deadline_state", deadline.rawValue),
        ]
    }
}
