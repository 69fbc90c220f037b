import Foundation
import SQLKit
import SteunpuntDomain

/// Reading and writing `meetings` and `meeting_registrations` rows. Lists of codes are
/// stored as words separated by spaces (`provinces`, `municipalities`, `audience`).
extension MeetingStore {
    static let columns = ["id", "kind", "title", "description", "organiser_id", "provinces", "municipalities", "audience", "venue", "online_link",
                          "starts_at", "ends_at", "capacity", "per_organisation", "registration_opens_at", "registration_closes_at",
                          "cancellation_deadline", "offer_hold_hours", "visibility", "status", "version", "sequence", "created_by", "created_at",
                          "updated_at", "report", "circle_id"]

    static func values(_ m: Meeting) -> [any SQLExpression] {
        func optional(_ value: (some Encodable & Sendable)?) -> any SQLExpression { value.map { SQLBind($0) } ?? SQLLiteral.null }
        return [SQLBind(m.id.uppercasedText), SQLBind(m.kind.rawValue), SQLBind(m.title), SQLBind(m.description), SQLBind(m.organiser.rawValue),
                SQLBind(m.provinces.map(\.rawValue).joined(separator: " ")), SQLBind(m.municipalities.map(\.rawValue).joined(separator: " ")),
                SQLBind(m.audience.map(\.rawValue).joined(separator: " ")), SQLBind(m.venue), optional(m.onlineLink?.absoluteString),
                SQLBind(m.startsAt), SQLBind(m.endsAt), SQLBind(m.capacity), optional(m.perOrganisation), optional(m.registrationOpensAt),
                SQLBind(m.registrationClosesAt), SQLBind(m.cancellationDeadline), SQLBind(m.offerHoldHours), SQLBind(m.visibility.rawValue),
                SQLBind(m.status.rawValue), SQLBind(m.version), SQLBind(m.sequence), SQLBind(m.createdBy.uppercasedText), SQLBind(m.createdAt),
                SQLBind(m.updatedAt), SQLBind(m.report), optional(m.circle?.uppercasedText)]
    }

    static func decode(_ row: any SQLRow) throws -> Meeting {
        let key = try row.decode(column: "id", as: String.self)
        func value<T>(_ column: String, _ make: (String) -> T?) throws -> T {
            guard let value = make(try row.decode(column: column, as: String.self)) else { throw StorageError.corruptRow(table: "meetings", key: key) }
            return value
        }
        func words<T>(_ column: String, _ make: (String) -> T?) throws -> [T] {
            try row.decode(column: column, as: String.self).split(separator: " ").map { word in
                guard let value = make(String(word)) else { throw StorageError.corruptRow(table: "meetings", key: key) }
                return value
            }
        }
        func date(_ column: String) throws -> Date? { try row.decodeNil(column: column) ? nil : try row.decode(column: column, as: Date.self) }
        return Meeting(
            id: try value("id", UUID.init(text:)), kind: try value("kind", MeetingKind.init(rawValue:)), title: try row.decode(column: "title", as: String.self),
            description: try row.decode(column: "description", as: String.self), organiser: try value("organiser_id", OrganisationID.init),
            provinces: try words("provinces", Province.init(rawValue:)), municipalities: try words("municipalities", MunicipalityCode.init),
            audience: try words("audience", OrganisationKind.init(rawValue:)), venue: try row.decode(column: "venue", as: String.self),
            onlineLink: try row.decodeNil(column: "online_link") ? nil : URL(string: try row.decode(column: "online_link", as: String.self)),
            startsAt: try row.decode(column: "starts_at", as: Date.self), endsAt: try row.decode(column: "ends_at", as: Date.self),
            capacity: try row.decode(column: "capacity", as: Int.self),
            perOrganisation: try row.decodeNil(column: "per_organisation") ? nil : try row.decode(column: "per_organisation", as: Int.self),
            registrationOpensAt: try date("registration_opens_at"), registrationClosesAt: try row.decode(column: "registration_closes_at", as: Date.self),
            cancellationDeadline: try row.decode(column: "cancellation_deadline", as: Date.self), offerHoldHours: try row.decode(column: "offer_hold_hours", as: Int.self),
            visibility: try value("visibility", Visibility.init(rawValue:)), status: try value("status", MeetingStatus.init(rawValue:)),
            version: try row.decode(column: "version", as: Int.self), sequence: try row.decode(column: "sequence", as: Int.self),
            createdBy: try value("created_by", UUID.init(text:)), createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self), report: try row.decode(column: "report", as: String.self),
            circle: try row.decodeNil(column: "circle_id") ? nil : try value("circle_id", UUID.init(text:)))
    }

    static func decodeRegistration(_ row: any SQLRow) throws -> Registration {
        let key = try row.decode(column: "id", as: String.self)
        func value<T>(_ column: String, _ make: (String) -> T?) throws -> T {
            guard let value = make(try row.decode(column: column, as: String.self)) else { throw StorageError.corruptRow(table: "meeting_registrations", key: key) }
            return value
        }
        return Registration(
            id: try value("id", UUID.init(text:)), meeting: try value("meeting_id", UUID.init(text:)), person: try value("person_id", UUID.init(text:)),
            organisation: try value("organisation_id", OrganisationID.init), needs: try row.decode(column: "needs", as: String.self),
            state: try value("state", RegistrationState.init(rawValue:)), position: try row.decode(column: "position", as: Int.self),
            offerExpiresAt: try row.decodeNil(column: "offer_expires_at") ? nil : try row.decode(column: "offer_expires_at", as: Date.self),
            createdAt: try row.decode(column: "created_at", as: Date.self), changedAt: try row.decode(column: "changed_at", as: Date.self),
            attendance: try row.decodeNil(column: "attendance") ? nil : try value("attendance", Attendance.init(rawValue:)),
            group: try row.decodeNil(column: "group_id") ? nil : try value("group_id", UUID.init(text:)))
    }
}
