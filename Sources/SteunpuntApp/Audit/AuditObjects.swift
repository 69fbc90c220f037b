import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// What an audit entry is about, as an auditor reads it: "HV-2026-00004", a person's
/// name, an organisation's name, an offering's title, a round's title, a municipality's
/// questionnaire, an incident's number (and the organisation it was shared with); never a
/// request's title or an incident's contents. And the reverse: the person and
/// the request number an auditor types, as the trail's filter.
package struct AuditObjects: Sendable {
    package let users: UserStore
    package let requests: RequestStore
    package let organisations: OrganisationStore
    package let offerings: OfferingStore
    package let rounds: RoundStore
    package let municipalities: MunicipalityStore
    package let incidents: IncidentStore

    package init(users: UserStore, requests: RequestStore, organisations: OrganisationStore, offerings: OfferingStore, rounds: RoundStore,
                 municipalities: MunicipalityStore, incidents: IncidentStore) {
        self.users = users
        self.requests = requests
        self.organisations = organisations
        self.offerings = offerings
        self.rounds = rounds
        self.municipalities = municipalities
        self.incidents = incidents
    }

    /// The kinds of object `names(of:)` names; of the others only the kind is shown.
    package static let named: Set<String> = ["request", "user", "organisation", "offering", "round", "response", "follow_up", "incident"]

    /// The readable name of each entry's object, by the entry's sequence number; entries
    /// about nothing in particular (a search) or about what no longer exists are left out.
    package func names(of records: [AuditRecord]) async throws -> [Int: String] {
        func ids(_ type: String) -> [(Int, UUID)] {
            records.compactMap { record in
                guard record.event.objectType == type, let text = record.event.objectID?.split(separator: "/").first,
                      let id = UUID(text: String(text)) else { return nil }
                return (record.sequence, id)
            }
        }
        var names: [Int: String] = [:]
        let requestIDs = ids("request"), userIDs = ids("user")
        let numbers = try await requests.numbers(of: requestIDs.map(\.1))
        for (sequence, id) in requestIDs { names[sequence] = numbers[id] }
        let people = try await users.names(of: userIDs.map(\.1))
        for (sequence, id) in userIDs { names[sequence] = people[id] }
        let organisationNames = try await organisations.names()
        let incidentIDs = ids("incident")
        let incidentNumbers = try await incidents.numbers(of: incidentIDs.map(\.1))
        for (sequence, id) in incidentIDs {
            guard let number = incidentNumbers[id] else { continue }
            // A share names the organisation: `<incident>/<organisation>`.
            let sharedWith = records.first { $0.sequence == sequence }?.event.objectID?.split(separator: "/").dropFirst().first
                .flatMap { OrganisationID(String($0)) }.flatMap { organisationNames[$0] }
            names[sequence] = [number, sharedWith].compactMap { $0 }.joined(separator: ", ")
        }
        var roundTitles: [UUID: String] = [:]
        let municipalityNames = Dictionary(try await municipalities.all().map { ($0.code.rawValue, $0.name) }, uniquingKeysWith: { a, _ in a })
        for record in records {
            guard let type = record.event.objectType, let objectID = record.event.objectID else { continue }
            let parts = objectID.split(separator: "/").map(String.init)
            switch type {
            case "organisation":
                if let id = OrganisationID(objectID) { names[record.sequence] = organisationNames[id] }
            case "offering":
                if let id = UUID(text: objectID) { names[record.sequence] = try await offerings.get(id: id, reach: .unitOnly)?.title }
            case "round", "response", "follow_up":
                guard let id = UUID(text: parts[0]) else { continue }
                if roundTitles[id] == nil { roundTitles[id] = try await rounds.get(id)?.title }
                let municipality = parts.count > 1 ? municipalityNames[parts[1]] : nil
                names[record.sequence] = [roundTitles[id], municipality].compactMap { $0 }.joined(separator: ", ")
            default:
                continue
            }
        }
        return names.filter { !$0.value.isEmpty }
    }

    /// Everyone to pick from when searching by person: "Name (address)", by name.
    package func people() async throws -> [NamedChoice] {
        var everyone: [NamedChoice] = []
        var page = PageRequest(number: 1, size: PageRequest.maximumSize)
        while true {
            let found = try await users.list(page: page)
            everyone += found.items.map { NamedChoice(id: $0.email, name: $0.name) }
            guard found.hasNext else { break }
            page = PageRequest(number: page.number + 1, size: page.size)
        }
        return everyone
    }

    /// Applies the person and the request number an auditor typed to `filter`: a person
    /// by "Name (address)", address or a name only one person has; a request by its number.
    /// Every problem at once.
    package func narrow(_ filter: inout AuditFilter, person: String?, number: String?) async throws -> [FieldError] {
        var problems: [FieldError] = []
        if let person, let id = UUID(text: person) {
            // A row's link names the person by account.
            if try await users.get(id) != nil { filter.actor = id } else { problems.append(FieldError(field: "persoon", code: "unknown_person")) }
        } else if let person, !person.trimmingCharacters(in: .whitespaces).isEmpty {
            let everyone = try await people()
            let email = NamedChoice.resolve(person, among: everyone) ?? person
            if let user = try await users.credentials(email: email)?.user {
                filter.actor = user.id
            } else {
                let sameName = everyone.filter { SearchKey.fold($0.name) == SearchKey.fold(person.trimmingCharacters(in: .whitespaces)) }.count
                problems.append(FieldError(field: "persoon", code: sameName > 1 ? "ambiguous_person" : "unknown_person"))
            }
        }
        if let number, !number.trimmingCharacters(in: .whitespaces).isEmpty {
            if let id = try await requests.id(number: number) {
                filter.objectType = "request"
                filter.objectID = id.uppercasedText
            } else {
                problems.append(FieldError(field: "nummer", code: "unknown_request_number"))
            }
        }
        return problems
    }
}
