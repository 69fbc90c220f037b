import Foundation
import SteunpuntDomain

/// The data every installation starts with: the 342 municipalities of 1 January 2026
/// (CBS, shipped in this module) and the national organisations the letter names.
public enum ReferenceData {
    /// The national organisations, by the identifiers the command line and API use.
    public static let nationalOrganisations: [Organisation] = [
        Organisation(id: .nctv, name: "Nationaal Coördinator Terrorismebestrijding en Veiligheid (NCTV)", kind: .nationalGovernment),
        Organisation(id: .szw, name: "Ministerie van Sociale Zaken en Werkgelegenheid (SZW)", kind: .nationalGovernment),
        Organisation(id: .expertiseUnit, name: "Expertise-unit Sociale Stabiliteit (ESS)", kind: .expertiseUnit, parent: .szw),
        Organisation(id: .vngDesk, name: "VNG-loket radicalisering", kind: .associationDesk),
        Organisation(id: .schoolHelpdesk, name: "Helpdesk School en Veiligheid", kind: .helpdesk),
        Organisation(id: .knowledgeFunction, name: "Kennisfunctie Integratie & Samenleving (KIS)", kind: .partner),
    ]

    /// The bundled municipality list, parsed.
    public static func bundledMunicipalities() throws -> [Municipality] {
        // The resource folder is copied whole (`.copy("Resources")`), so it sits in the bundle by name.
        let url = Bundle.module.bundleURL.appendingPathComponent("Resources/municipalities-2026.csv")
        return try MunicipalityList.parse(try String(contentsOf: url, encoding: .utf8))
    }

    /// Loads the municipalities when there are none yet, adds any national organisation
    /// that is missing, the shipped needs taxonomy, and the starting quickscan instrument,
    /// 10-point plan and incident handling steps when there are none. Returns what it added; running it again adds nothing.
    @discardableResult
    public static func ensure(in database: Database, at now: Date) async throws -> (municipalities: Int, organisations: Int) {
        let municipalities = MunicipalityStore(database: database)
        var addedMunicipalities = 0
        if try await municipalities.count(includeEnded: true) == 0 {
            let plan = MunicipalityImportPlan.make(existing: [], incoming: try bundledMunicipalities())
            try await municipalities.apply(plan, at: now)
            addedMunicipalities = plan.added.count
        }
        let organisations = OrganisationStore(database: database)
        var addedOrganisations = 0
        for organisation in nationalOrganisations where try await organisations.get(organisation.id) == nil {
            try await organisations.create(organisation, at: now)
            addedOrganisations += 1
        }
        try await NeedStore(database: database).ensureShipped()
        // (A database migrated only part of the way, as some migration tests make, has no instruments yet.)
        let applied = try await Migrator.applied(database)
        if applied.contains(M0016_CreateQuickscanInstruments.id) {
            try await InstrumentStore(database: database).ensureStarting(at: now)
        }
        if applied.contains(M0040_CreatePlan.id) {
            try await PlanStore(database: database).ensureStarting(at: now)
        }
        if applied.contains(M0047_CreateHandlingSteps.id) {
            try await HandlingStepStore(database: database).ensureStarting(at: now)
        }
        return (addedMunicipalities, addedOrganisations)
    }
}
