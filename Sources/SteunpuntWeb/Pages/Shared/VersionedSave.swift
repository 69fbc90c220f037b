import Hummingbird
import HTTPTypes
import SteunpuntDomain

/// Saving an edit form that carries the version it was read at (`versie`), the same way
/// on every such page: saved → `saved()` (a redirect); refused input → the form again with
/// every problem (the page's own status for them); changed by someone else since (`DomainError.conflict`) → the form again,
/// kept as typed, with `staleCode` (or the conflict's own code when it is one of `told`) on
/// the version and status 409. What the form carries after a conflict is the page's
/// choice, by one rule: a page that shows what stands now beside the form (an incident and
/// its steps, the steps' template) gives the form the version standing, so saving again
/// replaces it knowingly; a form of a whole record that shows only what was typed keeps
/// the version read, so the person looks at the new version first, as its message says.
/// A record destroyed by a destruction list (`record_destroyed`) is always told as such on
/// every page, never as a change by someone else: saving again would not help.
enum VersionedSave {
    /// Conflicts every form names by their own code.
    static let alwaysTold: Set<String> = ["record_destroyed"]

    static func save(staleCode: String, told: Set<String> = [], _ save: () async throws -> Response,
                     form render: ([FieldError], HTTPResponse.Status?) async throws -> Response) async throws -> Response {
        do {
            return try await save()
        } catch DomainError.invalid(let errors) {
            return try await render(errors, nil)
        } catch DomainError.conflict(let code) {
            return try await render([FieldError(field: "versie", code: told.contains(code) || alwaysTold.contains(code) ? code : staleCode)], .conflict)
        }
    }
}
