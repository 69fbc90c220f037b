import Foundation

/// One problem with one field of an input. `code` is a stable key; the edge turns it
/// into a Dutch or English sentence (catalogue key `error.<code>`).
public struct FieldError: Equatable, Sendable, Codable {
    public let field: String
    public let code: String

    public init(field: String, code: String) {
        self.field = field
        self.code = code
    }
}

/// Collects every problem with an input, so a user sees all of them at once.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func add(_ field: String, _ code: String) {
        errors.append(FieldError(field: field, code: code))
    }

    public mutating func check(_ condition: Bool, _ field: String, _ code: String) {
        if !condition { add(field, code) }
    }

    /// Trims a text value and records `required` when nothing but white space is left, or
    /// `too_long` when the value as sent is longer than `max` (see `length`).
    public mutating func text(_ value: String?, field: String, max: Int = 200, required: Bool = true) -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if required && trimmed.isEmpty { add(field, "required") }
        if Self.length(value ?? "") > max { add(field, "too_long") }
        return trimmed
    }

    /// Reads a choice from a fixed list: records `required` when nothing was chosen and
    /// `code` when the value is not one of the list, so a form can ask "Kies een kanaal"
    /// of someone who chose nothing instead of telling them their choice is unknown.
    public mutating func choice<T>(_ value: String, _ field: String, _ code: String, _ parse: (String) -> T?) -> T? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let parsed = parse(trimmed)
        if parsed == nil { add(field, trimmed.isEmpty ? "required" : code) }
        return parsed
    }

    /// The length a limit is held to: Unicode code points of the text as sent, as JSON
    /// Schema's `maxLength` counts them, so the limit the OpenAPI document states is the
    /// limit applied (a letter with a combining accent is two, white space counts).
    public static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// Throws `DomainError.invalid` with every collected problem, if there is any.
    public func finish() throws(DomainError) {
        if !errors.isEmpty { throw .invalid(errors) }
    }

    /// Runs a draft's own check and returns its value or its problems (other errors are
    /// thrown), so a use case can add what only the stores know and report all at once.
    public static func collect<T>(_ check: () throws(DomainError) -> T) throws(DomainError) -> (value: T?, problems: [FieldError]) {
        do {
            return (try check(), [])
        } catch .invalid(let errors) {
            return (nil, errors)
        } catch {
            throw error
        }
    }
}
