import Foundation
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntWeb

/// The demo cast of the letter: the national organisations (always present), a few
/// municipalities flagged as priority, a school, at least one user per role, and the
/// support requests of `DemoRequests`. Running it again changes nothing that exists.
public enum DemoData {
    /// The demo users' password. Demo data is for trying Steunpunt out, never for production.
    public static let password = "Steunpunt-demo-2026"

    public struct Account: Sendable, Equatable {
        public let email: String
        public let role: String
    }

    /// Municipalities the demo flags as priority (at-risk), as the national government did in 2015.
    static let priorityMunicipalities = ["GM0363", "GM0518", "GM0599", "GM0344", "GM0503", "GM0637", "GM0202", "GM0406"]

    static let school = Organisation(id: OrganisationID("school-de-brug")!, name: "Scholengemeenschap De Brug", kind: .school,
                                     municipality: MunicipalityCode("GM0637"))

    /// The partners the guide for incidents around mosques names, with whom Zoetermeer shares its incident.
    static let police = Organisation(id: OrganisationID("politie-den-haag")!, name: "Politie eenheid Den Haag", kind: .police)
    static let antiDiscrimination = Organisation(id: OrganisationID("adv-haaglanden")!, name: "Antidiscriminatievoorziening Haaglanden",
                                                 kind: .antiDiscriminationBureau)
    static let mosqueBoard = Organisation(id: OrganisationID("moskee-palenstein")!, name: "Stichting Moskee Palenstein", kind: .religiousOrganisation,
                                          municipality: MunicipalityCode("GM0637"))

    static let users: [(email: String, name: String, organisation: String, role: Role)] = [
        ("beheerder@steunpunt.example", "Bram Beheer", "nctv", .administrator),
        ("gemeente@zoetermeer.example", "Gina de Gemeente", "GM0637", .municipalOfficial),
        ("school@debrug.example", "Sam Schoolleider", "school-de-brug", .schoolStaff),
        ("loket@vng.example", "Lotte Loket", "vng-loket", .deskAgent),
        ("loket@nctv.example", "Niels NCTV", "nctv", .deskAgent),
        ("helpdesk@schoolenveiligheid.example", "Hugo Helpdesk", "helpdesk-school-veiligheid", .deskAgent),
        ("gemeente@rotterdam.example", "Rutger Rotterdam", "GM0599", .municipalOfficial),
        ("adviseur@ess.example", "Ahmed Adviseur", "szw-ess", .unitAdvisor),
        ("coordinator@ess.example", "Carla Coördinator", "szw-ess", .unitCoordinator),
        ("analist@nctv.example", "Anouk Analist", "nctv", .nationalAnalyst),
        ("redacteur@nctv.example", "Ruben Redacteur", "nctv", .nationalAnalyst),
        ("auditor@nctv.example", "Arjen Auditor", "nctv", .auditor),
        ("politie@denhaag.example", "Pim Politie", "politie-den-haag", .partnerStaff),
        ("meldpunt@haaglanden.example", "Mila Meldpunt", "adv-haaglanden", .partnerStaff),
    ]

    /// A colleague invited by the administrator who has not chosen a password yet.
    static let invited = (email: "nieuw@utrecht.example", name: "Ilse Nieuw", organisation: "GM0344", role: Role.municipalOfficial)

    @discardableResult
    public static func seed(_ database: Database, bcryptCost: Int, box: SecretBox? = nil, now: Date) async throws -> [Account] {
        try await ReferenceData.ensure(in: database, at: now)
        let municipalities = MunicipalityStore(database: database)
        for code in priorityMunicipalities.compactMap(MunicipalityCode.init) {
            try await municipalities.setPriority(code, true, at: now)
        }
        let organisations = OrganisationStore(database: database)
        for organisation in [school, police, antiDiscrimination, mosqueBoard] where try await organisations.get(organisation.id) == nil {
            try await organisations.create(organisation, at: now)
        }
        let store = UserStore(database: database)
        let hasher = try await PasswordHasher(cost: bcryptCost)
        let hash = try await hasher.hash(password)
        for user in users where try await store.credentials(email: user.email) == nil {
            let draft = try UserDraft(email: user.email, name: user.name, organisation: user.organisation, role: user.role.rawValue).validated()
            _ = try await store.create(draft, id: UUID(), passwordHash: hash, at: now)
        }
        func user(_ email: String) async throws -> User { try await store.credentials(email: email)!.user }
        // Invited, not yet signed in: the administrator's dashboard lists the invitation.
        if try await store.credentials(email: invited.email) == nil {
            let draft = try UserDraft(email: invited.email, name: invited.name, organisation: invited.organisation, role: invited.role.rawValue).validated()
            let newcomer = try await store.create(draft, id: UUID(), passwordHash: try await hasher.hash(SecretToken.generate()), at: now)
            try await InvitationStore(database: database).create(secret: SecretToken.generate(), user: newcomer.id, at: now, validFor: 7 * 86_400)
        }
        // Zoetermeer's case system follows its requests (before they are filed, so their
        // events are queued): its address does not exist, so the log shows retries.
        if let box {
            let webhooks = WebhookStore(database: database, box: box)
            if try await webhooks.list(organisation: OrganisationID("GM0637")!).isEmpty {
                let valid = try WebhookSubscriptionDraft(organisation: "GM0637", callback: "https://zaken.zoetermeer.example/steunpunt/gebeurtenissen",
                                                         types: WebhookEvent.requestTypes, authorization: "Bearer demo").validated()
                _ = try await webhooks.create(valid, secret: WebhookSignature.newSecret(), id: UUID(), by: try await user("beheerder@steunpunt.example").id, at: now)
            }
        }
        try await DemoRequests.seed(database, cast: DemoRequests.Cast(
            official: try await user("gemeente@zoetermeer.example"), school: try await user("school@debrug.example"),
            desk: try await user("loket@vng.example"), helpdesk: try await user("helpdesk@schoolenveiligheid.example"),
            advisor: try await user("adviseur@ess.example"), coordinator: try await user("coordinator@ess.example"),
            rotterdamOfficial: try await user("gemeente@rotterdam.example")), now: now)
        try await DemoToolbox.seed(database, author: try await user("adviseur@ess.example"), now: now)
        try await DemoQuickscan.seed(database, coordinator: try await user("coordinator@ess.example"), official: try await user("gemeente@zoetermeer.example"),
                                     now: now)
        try await DemoMeetings.seed(database, organiser: try await user("loket@nctv.example"), unit: try await user("adviseur@ess.example"),
                                    registrants: [try await user("gemeente@zoetermeer.example"), try await user("gemeente@rotterdam.example")],
                                    waiting: try await user("loket@vng.example"), now: now)
        try await DemoNetworks.seed(database, advisor: try await user("adviseur@ess.example"), now: now)
        try await DemoCircles.seed(database, unit: try await user("adviseur@ess.example"), official: try await user("gemeente@zoetermeer.example"),
                                   asking: try await user(invited.email), now: now)
        try await DemoPlan.seed(database, official: try await user("gemeente@zoetermeer.example"), now: now)
        try await DemoIncidents.seed(database, official: try await user("gemeente@zoetermeer.example"), coordinator: try await user("coordinator@ess.example"),
                                     now: now)
        try await DemoIncidents.national(database, by: try await user("coordinator@ess.example"), now: now)
        try await DemoProgramme.seed(database, coordinator: try await user("coordinator@ess.example"), analyst: try await user("analist@nctv.example"),
                                     editor: try await user("redacteur@nctv.example"), now: now)
        return users.map { Account(email: $0.email, role: $0.role.rawValue) }
    }
}
