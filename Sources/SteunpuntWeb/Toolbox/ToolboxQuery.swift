import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// Reads the toolbox filters from query values (`q`, `soort`, `doelgroep`, `behoefte`,
/// `aanbieder`, `status`), the same for the pages and the API. Bad values are problems
/// on their field, all at once.
enum ToolboxQuery {
    static func filter(_ query: Query, into v: inout Validator) -> OfferingFilter {
        var filter = OfferingFilter(text: query.search("q", into: &v))
        if let text = query.text("soort") {
            filter.kind = OfferingKind(rawValue: text)
            v.check(filter.kind != nil, "soort", "invalid_offering_kind")
        }
        if let text = query.text("doelgroep") {
            filter.audience = Audience(rawValue: text)
            v.check(filter.audience != nil, "doelgroep", "invalid_audience")
        }
        if let text = query.text("behoefte") {
            filter.need = NeedCode(text)
            v.check(filter.need != nil, "behoefte", "unknown_need")
        }
        if let text = query.text("aanbieder") {
            filter.provider = OrganisationID(text)
            v.check(filter.provider != nil, "aanbieder", "invalid_organisation_id")
        }
        if let text = query.text("status") {
            filter.status = OfferingStatus(rawValue: text)
            v.check(filter.status != nil, "status", "invalid_offering_status")
        }
        return filter
    }
}

/// The words pages use for the toolbox's codes, from the catalogue.
struct ToolboxLabels {
    let t: Catalogue
    let needs: [NeedCode: Need]
    let providers: [OrganisationID: String]

    func kind(_ kind: OfferingKind) -> String { t.text("offering_kind_\(kind.rawValue)") }
    func audience(_ audience: Audience) -> String { t.text("audience_\(audience.rawValue)") }
    func status(_ status: OfferingStatus) -> String { t.text("offering_status_\(status.rawValue)") }
    func visibility(_ visibility: Visibility) -> String { t.text("visibility_\(visibility.rawValue)") }
    func provider(_ id: OrganisationID) -> String { providers[id] ?? id.rawValue }

    func need(_ code: NeedCode) -> String {
        guard let need = needs[code] else { return code.rawValue }
        return t.language == .dutch ? need.nameNL : need.nameEN
    }

    /// The status as a sentence: "In ontwikkeling, verwacht 1 maart 2027".
    func statusNote(_ offering: Offering) -> String {
        guard offering.status == .inDevelopment, let expected = offering.expectedOn else { return status(offering.status) }
        return t.text("offering_expected", ["status": status(offering.status), "date": expected])
    }

    static func make(_ t: Catalogue, service: ToolboxService) async throws -> ToolboxLabels {
        ToolboxLabels(t: t, needs: Dictionary(try await service.needs.all(includeRetired: true).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a }),
                      providers: Dictionary(try await service.providers().compactMap { choice in OrganisationID(choice.id).map { ($0, choice.name) } }, uniquingKeysWith: { a, _ in a }))
    }
}
