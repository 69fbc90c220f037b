/// Errors the domain speaks of. The web layer maps them to HTTP status codes and to
/// `application/problem+json` (API) or an HTML page (web); nothing here knows HTTP.
public enum DomainError: Error, Equatable, Sendable {
    /// The input was wrong in one or more ways; all of them are listed.
    case invalid([FieldError])
    /// The record does not exist, or the caller may not know that it does.
    case notFound
    /// The record exists already (for example a duplicate e-mail address).
    case conflict(String)
    /// The caller is signed in but may not do this.
    case forbidden
    /// The caller is not signed in, or the credentials are wrong.
    case unauthenticated
}
