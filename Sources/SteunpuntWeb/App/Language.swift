/// The interface languages. Dutch is the default; English is selectable.
public enum Language: String, CaseIterable, Sendable {
    case dutch = "nl"
    case english = "en"

    /// Picks a language from a cookie value or an `Accept-Language` header; Dutch otherwise.
    public static func negotiate(cookie: String?, acceptLanguage: String?) -> Language {
        if let cookie, let language = Language(rawValue: cookie) { return language }
        guard let header = acceptLanguage?.lowercased() else { return .dutch }
        for part in header.split(separator: ",") {
            let tag = part.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) ?? ""
            if tag.hasPrefix("nl") { return .dutch }
            if tag.hasPrefix("en") { return .english }
        }
        return .dutch
    }
}
