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
    static func decode(_ row: any SQLRow) throws -> SupportRequest {
        let idText = try row.decode(column: "id", as: String.self)
        func id<T>(_ column: String, _ make: (String) -> T?) throws -> T {
            guard let value = make(try row.decode(column: column, as: String.self)) else { throw StorageError.corruptRow(table: "support_requests", key: idText) }
            return value
        }
        func date(_ column: String) throws -> Date? {
            try row.decodeNil(column: column) ? nil : try row.decode(column: column, as: Date.self)
        }
        func optional<T>(_ column: String, _ make: (String) -> T?) throws -> T? {
            // `decodeNil` then `String`: decoding `String?` takes the drivers' slow generic path.
            if try row.decodeNil(column: column) { return nil }
            let text = try row.decode(column: column, as: String.self)
            guard let value = make(text) else { throw StorageError.corruptRow(table: "support_requests", key: idText) }
            return value
        }
        var request = SupportRequest(
            id: try id("id", UUID.init(text:)), number: try row.decode(column: "number", as: String.self),
            title: try row.decode(column: "title", as: String.self), description: try row.decode(column: "description", as: String.self),
            requester: try id("requester_id", OrganisationID.init), municipality: try id("municipality_code", MunicipalityCode.init),
            needs: [], channel: try id("channel", RequestChannel.init(rawValue:)), urgency: try id("urgency", Urgency.init(rawValue:)),
            preferredContact: try row.decode(column: "preferred_contact", as: String.self), status: try id("status", RequestStatus.init(rawValue:)),
            outcome: try optional("outcome", RequestOutcome.init(rawValue:)), desk: try id("desk_id", OrganisationID.init),
            holder: try id("holder_id", OrganisationID.init), referredBy: try optional("referred_by", OrganisationID.init),
            assignee: try optional("assignee_id", UUID.init(text:)),
            statusBeforeWaiting: try optional("status_before_waiting", RequestStatus.init(rawValue:)),
            createdBy: try id("created_by", UUID.init(text:)), createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self), firstResponseAt: try date("first_response_at"),
            closedAt: try date("closed_at"), waitingSince: try date("waiting_since"),
            suspendedDays: try row.decode(column: "suspended_days", as: Int.self),
            firstResponseDue: try row.decode(column: "first_response_due", as: Date.self),
            resolutionDue: try row.decode(column: "resolution_due", as: Date.self))
        request.version = try row.decode(column: "version", as: Int.self)
        return request
    }

    /// A list's row: the request with its needs (`RequestQuery.needCodes`) and the names.
    static func decodeItem(_ row: any SQLRow) throws -> RequestListItem {
        var request = try decode(row)
        if try !row.decodeNil(column: "need_codes") {
            request.needs = try row.decode(column: "need_codes", as: String.self).split(separator: " ").compactMap { NeedCode(String($0)) }
        }
        return RequestListItem(request: request, requesterName: try row.decode(column: "requester_name", as: String.self),
                               municipalityName: try row.decode(column: "municipality_name", as: String.self))
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
