/// The interface languages. Dutch is the default; English is selectable.
public enum Language: String, CaseIterable, Sendable {
    case dutch = "nl"
    case english = "en"

    /// The language a user chose (kept in a cookie); Dutch otherwise. The browser's
    /// `Accept-Language` is deliberately not followed: a Dutch public service answers in
    /// Dutch unless the user picks English.
    public static func chosen(cookie: String?) -> Language {
        cookie.flatMap(Language.init(rawValue:)) ?? .dutch
    }
}
