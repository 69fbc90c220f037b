import Foundation
import Hummingbird
import Logging
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// The per-request state every handler sees: who is signed in (browser session or API
/// token), the interface language, and the body size limit from the configuration.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The browser session, when the request carries a valid session cookie.
    public var session: Session?
    /// A session past the password but waiting for the second step (only `/inloggen/code` sees it).
    public var pendingSession: Session?
    /// How many notifications the signed-in user has not read (pages only; the header shows it).
    var unreadNotifications = 0
    /// The API caller, when the request carries a valid bearer token.
    public var apiCaller: APICaller?
    /// The interface language for this request.
    public var language: Language = .dutch
    /// The value of the CSRF cookie (double-submit for signed-out forms).
    public var csrfCookie: String?
    var maxBodyBytes: Int = 1_048_576
    /// The largest document a form or the API may upload (from the configuration).
    var maxDocumentBytes: Int = 20 * 1_048_576
    /// Who must use two-step verification and how fresh it must be (from the configuration).
    var twoStep = TwoStepPolicy()
    /// Why the caller's identity could not be settled; thrown inside the error middleware.
    var identityFailure: (any Error)?

    /// Reads the API's JSON bodies: JSON only, every string through the privacy guard.
    public var requestDecoder: some RequestDecoder { APIRequestDecoder(privacy: privacy) }
    /// The privacy guard of the configuration (set for every request by `IdentityMiddleware`).
    var privacy: PrivacyGuard = .standard

    /// The client's address, for the audit trail.
    public var origin: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        origin = source.channel.remoteAddress?.ipAddress
    }

    public var maxUploadSize: Int { maxBodyBytes }

    /// A multipart body may hold a document of the largest size plus the other fields.
    var maxMultipartBytes: Int { maxDocumentBytes + 65_536 }

    /// The signed-in user, from either a session or a token.
    public var user: User? { session?.user ?? apiCaller?.user }

    /// Who acts in this request, and from where, for the use cases (`SteunpuntApp`).
    var actor: Actor { Actor(user: user, origin: origin) }

    /// An audit event done by this request's user, from this request's address (`Actor`).
    func auditEvent(_ action: AuditEvent.Action, result: AuditEvent.Result = .success, objectType: String? = nil,
                    objectID: String? = nil, at time: Date) -> AuditEvent {
        actor.auditEvent(action, result: result, objectType: objectType, objectID: objectID, at: time)
    }
}
