import Foundation

/// The twelve Dutch provinces, spelled as CBS spells them (`Fryslân`).
public enum Province: String, CaseIterable, Codable, Sendable {
    case groningen = "Groningen"
    case fryslan = "Fryslân"
    case drenthe = "Drenthe"
    case overijssel = "Overijssel"
    case flevoland = "Flevoland"
    case gelderland = "Gelderland"
    case utrecht = "Utrecht"
    case noordHolland = "Noord-Holland"
    case zuidHolland = "Zuid-Holland"
    case zeeland = "Zeeland"
    case noordBrabant = "Noord-Brabant"
    case limburg = "Limburg"

    /// Matches a province by its name regardless of case and diacritics (`fryslan`, `FRYSLÂN`).
    public init?(name: String) {
        let key = SearchKey.fold(name.trimmingCharacters(in: .whitespaces))
        guard let match = Province.allCases.first(where: { SearchKey.fold($0.rawValue) == key }) else { return nil }
        self = match
    }

    /// A URL- and identifier-friendly form: `noord-holland`, `fryslan`.
    public var slug: String { SearchKey.fold(rawValue) }
}
