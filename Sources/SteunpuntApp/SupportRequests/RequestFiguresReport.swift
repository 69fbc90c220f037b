import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The desk's and the unit's figures over a period (filed, closed, advised, referral
/// share, response times, by channel and need), for the unit and analysts only; each
/// figure shown as the viewer's disclosure allows (small cells withheld for analysts).
extension RequestService {
    package func figures(from: Date, until: Date, by user: User?) async throws -> RequestFigures.Shown {
        guard let user else { throw DomainError.unauthenticated }
        guard RequestPolicy.canSeeFigures(user) else { throw DomainError.forbidden }
        return try await requests.figures(from: from, until: until).shown(to: RequestPolicy.figuresDisclosure(for: user))
    }
}
