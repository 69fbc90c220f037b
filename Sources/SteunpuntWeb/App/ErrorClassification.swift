import Foundation
import Hummingbird
import SteunpuntDomain
import SteunpuntStorage

/// Turns any error a handler throws into what a user is told: a status, a stable code
/// and, for bad input, every field problem. Internals (SQL, stack, types) never leave
/// here; a 5xx is logged with the request id and answered in general terms.
struct ErrorClassification: Sendable {
    let status: HTTPResponse.Status
    let code: String
    let fields: [FieldError]

    init(status: HTTPResponse.Status, code: String, fields: [FieldError] = []) {
        self.status = status
        self.code = code
        self.fields = fields
    }

    static func classify(_ error: any Error) -> ErrorClassification {
        switch error {
        case let error as DomainError:
            switch error {
            case .invalid(let fields): return .init(status: .badRequest, code: "invalid_input", fields: fields)
            case .notFound: return .init(status: .notFound, code: "not_found")
            case .conflict(let code): return .init(status: .conflict, code: code)
            case .forbidden: return .init(status: .forbidden, code: "forbidden")
            case .unauthenticated: return .init(status: .unauthorized, code: "unauthenticated")
            }
        case let error as HTTPError:
            switch error.status {
            case .contentTooLarge: return .init(status: .contentTooLarge, code: "body_too_large")
            // Hummingbird's request decoding turns a JSON decoding failure into a plain 400.
            case .badRequest: return .init(status: .badRequest, code: "malformed_body")
            case .forbidden where error.body == "csrf": return .init(status: .forbidden, code: "csrf_failed")
            case .notFound: return .init(status: .notFound, code: "not_found")
            case .unsupportedMediaType: return .init(status: .unsupportedMediaType, code: "unsupported_media_type")
            case .preconditionFailed: return .init(status: .preconditionFailed, code: "precondition_failed")
            case .notAcceptable: return .init(status: .notAcceptable, code: "not_acceptable")
            default: return .init(status: error.status, code: "http_\(error.status.code)")
            }
        case let error as any HTTPResponseError:
            // NIO's NIOTooManyBytesError (body over the limit) and others that carry a status.
            return error.status == .contentTooLarge ? .init(status: .contentTooLarge, code: "body_too_large")
                : .init(status: error.status, code: "http_\(error.status.code)")
        case is DecodingError:
            return .init(status: .badRequest, code: "malformed_body")
        case let error as StorageError:
            switch error {
            // The database does not answer now: worth trying again shortly (503, `Retry-After`).
            case .unavailable, .unreachable, .shutDown: return .init(status: .serviceUnavailable, code: "database_unavailable")
            case .migrationFailed, .newerSchema, .corruptRow: return .init(status: .internalServerError, code: "internal_error")
            }
        default:
            return .init(status: .internalServerError, code: "internal_error")
        }
    }
}
