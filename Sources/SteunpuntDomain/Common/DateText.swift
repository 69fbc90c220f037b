import Foundation

/// Every date and time the product writes for people and machines, in one place, in Dutch
/// time (Europe/Amsterdam). People read `shown`, `shownWithTime` and `span` (Dutch:
/// "26 nov. 2026", "26 nov. 2026, 21.21", "30 mrt. 2027, 13.00–16.30"; no seconds, and
/// non-breaking spaces so a date never breaks over two lines), in pages and in mails;
/// machines read `day` and `dateTime` (ISO 8601, for CSV files, file names and date fields
/// of forms). Languages are `nl` and `en` (any other reads as Dutch).
public enum DateText {
    public static let timeZone = AmsterdamTime.zone
    private static let months: [String: [String]] = [
        "nl": ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."],
        "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    ]

    /// The month's short name (`1` is `jan.` in Dutch, `Jan` in English).
    public static func monthAbbreviation(_ month: Int, language: String) -> String {
        let names = months[language] ?? months["nl"]!
        return (1...12).contains(month) ? names[month - 1] : String(month)
    }

    /// `2026-11-29`
    public static func day(_ date: Date) -> String { formatted(date, "yyyy-MM-dd") }

    /// `2026-11-29 14:05:09`
    public static func dateTime(_ date: Date) -> String { formatted(date, "yyyy-MM-dd HH:mm:ss") }

    /// `29 nov. 2026` (English: `29 Nov 2026`).
    public static func shown(_ date: Date, language: String) -> String {
        let parts = components(date)
        return "\(parts.day)\u{00A0}\((months[language] ?? months["nl"]!)[parts.month - 1])\u{00A0}\(parts.year)"
    }

    /// `14.05` (English: `14:05`).
    public static func time(_ date: Date, language: String) -> String {
        let parts = components(date)
        return String(format: language == "en" ? "%02d:%02d" : "%02d.%02d", parts.hour, parts.minute)
    }

    /// `29 nov. 2026, 14.05` (English: `29 Nov 2026, 14:05`).
    public static func shownWithTime(_ date: Date, language: String) -> String {
        shown(date, language: language) + ",\u{00A0}" + time(date, language: language)
    }

    /// From `start` to `end`: `30 mrt. 2027, 13.00–16.30`, with the end's date when it is another day.
    public static func span(_ start: Date, _ end: Date, language: String) -> String {
        let sameDay = day(start) == day(end)
        return shownWithTime(start, language: language) + "\u{2013}" + (sameDay ? time(end, language: language) : shownWithTime(end, language: language))
    }

    private static func components(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return (parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
    }

    private static func formatted(_ date: Date, _ format: String) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = format
        return formatter.string(from: date)
    }
}
