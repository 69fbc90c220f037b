import Foundation

/// Times of day in the Netherlands: what a form or the API names as `2027-03-28T10:00`
/// means that wall-clock time in Europe/Amsterdam, summer time included. A time with an
/// offset (`…+01:00`, `…Z`) is an instant as written.
public enum AmsterdamTime {
    public static let zone = TimeZone(identifier: "Europe/Amsterdam")!

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }()

    public enum Problem: String, Sendable {
        /// Not a date and time as `yyyy-MM-ddTHH:mm`.
        case invalid = "invalid_date_time"
        /// A wall-clock time the clocks skip (the hour of the change to summer time).
        case skipped = "time_skipped_by_summer_time"
    }

    /// The instant `text` names, or the problem with it.
    public static func parse(_ text: String) -> Result<Date, ProblemError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let bytes = Array(trimmed.utf8)
        // yyyy-MM-ddTHH:mm, optionally :ss, optionally an offset or Z.
        guard bytes.count >= 16, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes[13] == UInt8(ascii: ":"),
              let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
              let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]) else { return .failure(ProblemError(.invalid)) }
        var rest = bytes[16...]
        var second = 0
        if rest.first == UInt8(ascii: ":") {
            guard rest.count >= 3, let value = number(rest.dropFirst().prefix(2)) else { return .failure(ProblemError(.invalid)) }
            second = value
            rest = rest.dropFirst(3)
        }
        var offset: Int?
        if let sign = rest.first {
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z"), rest.count == 1 {
                offset = 0
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), rest.count == 6, rest[rest.startIndex + 3] == UInt8(ascii: ":"),
                      let hours = number(rest.dropFirst().prefix(2)), let minutes = number(rest.dropFirst(4).prefix(2)), hours < 24, minutes < 60 {
                offset = (hours * 60 + minutes) * 60 * (sign == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return .failure(ProblemError(.invalid))
            }
        }
        guard (1900...9999).contains(year), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60,
              CalendarDay(String(decoding: bytes[0..<10], as: UTF8.self)) != nil else { return .failure(ProblemError(.invalid)) }
        var components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        if let offset {
            components.timeZone = TimeZone(secondsFromGMT: offset)
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(secondsFromGMT: 0)!
            guard let date = utc.date(from: components) else { return .failure(ProblemError(.invalid)) }
            return .success(date)
        }
        guard let date = calendar.date(from: components) else { return .failure(ProblemError(.invalid)) }
        // A skipped wall-clock time comes back moved by an hour: refuse it rather than guess.
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard back.hour == hour, back.minute == minute, back.day == day else { return .failure(ProblemError(.skipped)) }
        return .success(date)
    }

    /// `date` as Dutch wall-clock time, `yyyy-MM-ddTHH:mm` (what a form field holds).
    public static func local(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    /// The offset from UTC at `date` in seconds (3600 in winter, 7200 in summer).
    public static func offset(at date: Date) -> Int { zone.secondsFromGMT(for: date) }

    public struct ProblemError: Error, Sendable, Equatable {
        public let problem: Problem
        init(_ problem: Problem) { self.problem = problem }
    }

    private static func number(_ bytes: some Collection<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return bytes.isEmpty ? nil : value
    }
}
