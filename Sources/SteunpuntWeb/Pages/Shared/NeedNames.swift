import SteunpuntDomain
import SteunpuntStorage

extension NeedStore {
    /// Each need's name in `language`, as pages and exports show it (retired needs too
    /// when asked, for records that still name them). One place for every page.
    func names(in language: Language, includeRetired: Bool = false) async throws -> [NeedCode: String] {
        Dictionary(try await all(includeRetired: includeRetired).map { ($0.code, language == .dutch ? $0.nameNL : $0.nameEN) }, uniquingKeysWith: { a, _ in a })
    }
}
