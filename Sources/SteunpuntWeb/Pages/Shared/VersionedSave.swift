import Hummingbird
import HTTPTypes
import SteunpuntDomain

/// Saving an edit form that carries the version it was read at (`versie`), the same way
/// on every such page: saved → `saved()` (a redirect); refused input → the form again with
/// every problem (the page's own status for them); changed by someone else since (`DomainError.conflict`) → the form again,
/// kept as typed, with `staleCode` (or the conflict's own code when it is one of `told`) on
/// the version and status 409.
enum VersionedSave {
    static func save(staleCode: String, told: Set<String> = [], _ save: () async throws -> Response,
                     form render: ([FieldError], HTTPResponse.Status?) async throws -> Response) async throws -> Response {
        do {
            return try await save()
        } catch DomainError.invalid(let errors) {
            return try await render(errors, nil)
        } catch DomainError.conflict(let code) {
            return try await render([FieldError(field: "versie", code: told.contains(code) ? code : staleCode)], .conflict)
        }
    }
}
