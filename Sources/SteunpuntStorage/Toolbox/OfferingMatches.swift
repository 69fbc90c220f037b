import Foundation
import SteunpuntDomain

extension OfferingStore {
    /// Up to `limit` offerings a signed-in municipality can open that match `needs`, the
    /// first need first (three at most per need), each once: what support proposed from the
    /// quickscan and the 10-point plan suggests.
    public func matching(_ needs: [NeedCode], limit: Int = 5) async throws -> [Offering] {
        var found: [Offering] = []
        for need in needs where found.count < limit {
            let page = try await search(OfferingFilter(need: need), reach: .signedIn, page: PageRequest(size: 3))
            for offering in page.items where !found.contains(where: { $0.id == offering.id }) { found.append(offering) }
        }
        return Array(found.prefix(limit))
    }
}
