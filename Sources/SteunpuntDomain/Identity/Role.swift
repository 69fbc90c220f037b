/// What a user may do, as in the roles table of DOMAIN.md. The raw values are the
/// identifiers used on the command line, in the API and in the database.
public enum Role: String, CaseIterable, Codable, Sendable {
    case municipalOfficial = "gemeente-medewerker"
    case schoolStaff = "school-medewerker"
    case deskAgent = "loket-medewerker"
    case unitAdvisor = "adviseur"
    case unitCoordinator = "coordinator"
    case nationalAnalyst = "analist"
    case administrator = "beheerder"
    /// Reads the audit trail, nothing else (BIO2 8.15: separation of duties).
    case auditor = "auditor"
    /// Works at a partner organisation (police, anti-discrimination service, religious
    /// organisation) and reads the incidents municipalities share with it, nothing else.
    case partnerStaff = "partner-medewerker"

    /// The kinds of organisation a user with this role can belong to.
    public var organisationKinds: Set<OrganisationKind> {
        switch self {
        case .municipalOfficial: [.municipality]
        case .schoolStaff: [.school]
        case .deskAgent: [.nationalGovernment, .associationDesk, .helpdesk, .partner]
        case .unitAdvisor, .unitCoordinator: [.expertiseUnit]
        case .nationalAnalyst: [.nationalGovernment]
        case .administrator: Set(OrganisationKind.allCases)
        case .auditor: [.nationalGovernment, .expertiseUnit]
        case .partnerStaff: IncidentPolicy.partnerKinds
        }
    }

    public func fits(_ kind: OrganisationKind) -> Bool { organisationKinds.contains(kind) }
}
