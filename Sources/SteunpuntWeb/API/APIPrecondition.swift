import Foundation
import Hummingbird
import SteunpuntDomain

/// Optimistic concurrency for every changing operation on a versioned record (a support
/// request's status steps, an offering, an instrument), the same way everywhere: a `GET`
/// gives the version as `ETag` (`"3"`) and as `versie` in the body; a change names the
/// version it was based on with `If-Match` or `versie`, and is refused when the record
/// has changed since: `412 Precondition Failed` for `If-Match` (RFC 9110 §13.1.1),
/// `409 Conflict` for `versie`.
struct ExpectedVersion: Sendable, Equatable {
    let version: Int
    let fromIfMatch: Bool
}

enum APIPrecondition {
    /// The strong validator of a record's version.
    static func etag(_ version: Int) -> String { "\"\(version)\"" }

    /// The version the caller expects, from `If-Match` or the body; nil when neither names
    /// one (`If-Match: *` names none). An `If-Match` that is no version of ours is 412; a
    /// body version that contradicts `If-Match` is a 400 on `versie`.
    static func expected(_ request: Request, body: Int?) throws -> ExpectedVersion? {
        guard let header = request.headers[.ifMatch]?.trimmingCharacters(in: .whitespaces), !header.isEmpty, header != "*" else {
            return body.map { ExpectedVersion(version: $0, fromIfMatch: false) }
        }
        // A list of tags matches when any does; a weak tag never matches (strong comparison).
        let tags = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let versions = tags.compactMap { tag -> Int? in
            guard tag.hasPrefix("\""), tag.hasSuffix("\""), tag.count >= 3 else { return nil }
            return Int(tag.dropFirst().dropLast())
        }
        guard versions.count == 1, let version = versions.first else { throw HTTPError(.preconditionFailed) }
        if let body, body != version { throw DomainError.invalid([FieldError(field: "versie", code: "version_mismatch")]) }
        return ExpectedVersion(version: version, fromIfMatch: true)
    }

    /// Runs a change; a stale version found inside it (a `DomainError.conflict` whose code
    /// ends in `_changed`) is answered 412 when the caller used `If-Match`.
    static func apply<T>(_ expected: ExpectedVersion?, _ change: () async throws -> T) async throws -> T {
        do {
            return try await change()
        } catch DomainError.conflict(let code) where expected?.fromIfMatch == true && code.hasSuffix("_changed") {
            throw HTTPError(.preconditionFailed)
        }
    }
}
