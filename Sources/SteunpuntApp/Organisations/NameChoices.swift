import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The municipalities and organisations a form lets a person pick by name, and reading
/// back what was picked or typed (`NamedChoice`): nobody has to know "GM0637" or
/// "szw-ess". Lists are public reference data (names of municipalities and organisations).
package struct NameChoices: Sendable {
    package let municipalityStore: MunicipalityStore
    package let organisationStore: OrganisationStore

    package init(municipalities: MunicipalityStore, organisations: OrganisationStore) {
        municipalityStore = municipalities
        organisationStore = organisations
    }

    /// Today's municipalities, by name.
    package func municipalities() async throws -> [NamedChoice] {
        // Folded once per name, not once per comparison: the request list builds this list on every view.
        try await municipalityStore.all().filter(\.isActive).map { (NamedChoice(id: $0.code.rawValue, name: $0.name), SearchKey.fold($0.name)) }
            .sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// Active organisations of `kinds` (every kind when nil), by name.
    package func organisations(kinds: Set<OrganisationKind>? = nil) async throws -> [NamedChoice] {
        try await organisationStore.choices(kinds: kinds)
    }

    /// A municipality's name, or its code when there is none by that code.
    package func municipalityName(_ code: MunicipalityCode) async throws -> String {
        try await municipalityStore.get(code)?.name ?? code.rawValue
    }

    /// The code `text` stands for, or `text` itself for the domain to refuse.
    package func municipality(from text: String) async throws -> String {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return text }
        return NamedChoice.resolve(text, among: try await municipalities()) ?? text
    }

    /// The identifier `text` stands for among organisations of `kinds`, or `text` itself.
    package func organisation(from text: String, kinds: Set<OrganisationKind>? = nil) async throws -> String {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return text }
        return NamedChoice.resolve(text, among: try await organisations(kinds: kinds)) ?? text
    }
}
