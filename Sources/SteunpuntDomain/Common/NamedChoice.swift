import Foundation

/// A record a person picks by name, as a form offers it: "Zoetermeer (GM0637)". What is
/// typed is read back generously, so nobody has to know a code: the label with its
/// identifier in brackets, the identifier alone ("gm0637"), or the name alone when exactly
/// one record has it (case and accents aside: "sudwest-fryslan"). Anything else is not
/// resolved, and the caller reports it as it reports an unknown identifier.
public struct NamedChoice: Sendable, Equatable {
    public let id: String
    public let name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    /// How a list offers it and a field shows it.
    public var label: String { "\(name) (\(id))" }

    /// The identifier `text` stands for among `choices`, or nil.
    public static func resolve(_ text: String, among choices: [NamedChoice]) -> String? {
        let typed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !typed.isEmpty else { return nil }
        let byID = Dictionary(choices.map { ($0.id.lowercased(), $0.id) }, uniquingKeysWith: { first, _ in first })
        if typed.hasSuffix(")"), let open = typed.lastIndex(of: "("),
           let id = byID[typed[typed.index(after: open)..<typed.index(before: typed.endIndex)].trimmingCharacters(in: .whitespaces).lowercased()] {
            return id
        }
        if let id = byID[typed.lowercased()] { return id }
        let folded = SearchKey.fold(typed)
        let named = choices.filter { SearchKey.fold($0.name) == folded }
        return named.count == 1 ? named[0].id : nil
    }

    /// The label for `id` among `choices`, or `id` itself when it is none of them (a
    /// value typed wrong is shown back as typed).
    public static func label(of id: String, among choices: [NamedChoice]) -> String {
        choices.first { $0.id == id }?.label ?? id
    }

    /// Several picks in one text, one per line or separated by commas or semicolons (the
    /// quickscan's target list): the identifiers found, and what was typed that matches none.
    public static func resolveList(_ text: String, among choices: [NamedChoice]) -> (ids: [String], unknown: [String]) {
        var ids: [String] = [], unknown: [String] = []
        for part in text.split(whereSeparator: { $0 == "\n" || $0 == "," || $0 == ";" || $0 == "\r" }) {
            let piece = part.trimmingCharacters(in: .whitespaces)
            guard !piece.isEmpty else { continue }
            if let id = resolve(piece, among: choices) {
                if !ids.contains(id) { ids.append(id) }
            } else {
                // Codes may also be separated by spaces ("GM0637 GM0599"), as before.
                let words = piece.split(separator: " ").map(String.init)
                let each = words.map { resolve($0, among: choices) }
                if words.count > 1, each.allSatisfy({ $0 != nil }) {
                    for id in each.compactMap({ $0 }) where !ids.contains(id) { ids.append(id) }
                } else {
                    unknown.append(piece)
                }
            }
        }
        return (ids, unknown)
    }
}
