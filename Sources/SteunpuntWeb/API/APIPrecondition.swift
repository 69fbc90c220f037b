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

    /// An `If-Match` that names no version of ours (a weak tag, `"abc"`, several tags): it
    /// matches no record, so the change fails on the record's own version check (412), but
    /// only after the record was found: a change to a record that does not exist is 404
    /// whatever the condition says (RFC 9110 §13.2.1: a server ignores preconditions when the
    /// request would fail without them).
    static let unmatched = ExpectedVersion(version: -1, fromIfMatch: true)
}

enum APIPrecondition {
    /// The versions a record can have (the document's `versie`: 1 to 2³¹ − 1).
    static let versions = 1...Int(Int32.max)

    /// The strong validator of a record's version.
    static func etag(_ version: Int) -> String { "\"\(version)\"" }

    /// The version the caller expects, from `If-Match` or the body; nil when neither names
    /// one (`If-Match: *` names none). An `If-Match` that is not an entity-tag list at all
    /// is a 400 on `If-Match` (it is garbage, not a condition); a well-formed one that is no
    /// version of ours (a weak tag, `"abc"`, several tags) is `.unmatched`, answered 412 once
    /// the record is found; a body version that contradicts `If-Match` is a 400 on `versie`.
    static func expected(_ request: Request, body: Int?) throws -> ExpectedVersion? {
        if let body, !Self.versions.contains(body) { throw DomainError.invalid([FieldError(field: "versie", code: "invalid_version")]) }
        guard let header = request.headers[.ifMatch]?.trimmingCharacters(in: .whitespaces), header != "*" else {
            return body.map { ExpectedVersion(version: $0, fromIfMatch: false) }
        }
        // A list of tags matches when any does; a weak tag never matches (strong comparison).
        let tags = header.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard tags.allSatisfy(Self.isEntityTag) else { throw DomainError.invalid([FieldError(field: "If-Match", code: "invalid_if_match")]) }
        let versions = tags.compactMap { tag -> Int? in
            guard tag.hasPrefix("\""), tag.hasSuffix("\""), tag.count >= 3 else { return nil }
            return Int(tag.dropFirst().dropLast())
        }
        guard versions.count == 1, let version = versions.first else { return .unmatched }
        if let body, body != version { throw DomainError.invalid([FieldError(field: "versie", code: "version_mismatch")]) }
        return ExpectedVersion(version: version, fromIfMatch: true)
    }

    /// `"…"` or `W/"…"` with the characters RFC 9110 §8.8.3 allows between the quotes.
    static func isEntityTag(_ text: String) -> Bool {
        let opaque = text.hasPrefix("W/") ? text.dropFirst(2) : Substring(text)
        guard opaque.count >= 2, opaque.hasPrefix("\""), opaque.hasSuffix("\"") else { return false }
        return opaque.dropFirst().dropLast().unicodeScalars.allSatisfy { $0.value == 0x21 || (0x23...0x7E).contains($0.value) || $0.value >= 0x80 }
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
