import Foundation
import SteunpuntDomain
import Testing

@Suite("Toolbox offerings: validation, privacy, slugs and who reads what")
struct OfferingDraftTests {
    @Test("every problem at once, the privacy guard on every text, a date for what is in development")
    func validation() {
        let draft = OfferingDraft(kind: "boek", title: "  ", summary: "Bel 111222333", body: "BSN 111222333", audiences: ["iedereen"],
                                  needs: ["onbekend"], provider: "", contact: "111222333", status: OfferingStatus.inDevelopment.rawValue,
                                  expectedOn: "2026-02-30", visibility: "geheim")
        #expect(throws: DomainError.invalid([
            FieldError(field: "soort", code: "invalid_offering_kind"), FieldError(field: "titel", code: "required"),
            FieldError(field: "samenvatting", code: "personal_identifier_bsn"), FieldError(field: "tekst", code: "personal_identifier_bsn"),
            FieldError(field: "contact", code: "personal_identifier_bsn"), FieldError(field: "doelgroepen", code: "invalid_audience"),
            FieldError(field: "behoeften", code: "unknown_need"), FieldError(field: "aanbieder", code: "required"),
            FieldError(field: "verwachtOp", code: "invalid_date"), FieldError(field: "zichtbaarheid", code: "invalid_visibility"),
        ])) {
            _ = try draft.validated(knownNeeds: [.training])
        }
        let missingDate = OfferingDraft(kind: "handreiking", title: "Gids", summary: "Kort", audiences: ["gemeenten"], provider: "szw-ess",
                                        status: OfferingStatus.inDevelopment.rawValue)
        #expect(throws: DomainError.invalid([FieldError(field: "verwachtOp", code: "required_in_development")])) {
            _ = try missingDate.validated(knownNeeds: [])
        }
    }

    @Test("slugs come from folded title words and stay readable")
    func slugs() {
        #expect(OfferingSlug.from(title: "Discriminatoire incidenten rond moskeeën")?.rawValue == "discriminatoire-incidenten-rond-moskeeen")
        #expect(OfferingSlug.from(title: "10-puntenplan: aanpak!")?.rawValue == "10-puntenplan-aanpak")
        #expect(OfferingSlug.from(title: "!!!") == nil)
        #expect(OfferingSlug("Hoofd-Letters") == nil && OfferingSlug("a--b") == nil)
    }

    @Test("visitors read public offerings, users also signed-in ones, unit staff everything")
    func reach() {
        func user(_ role: Role, _ organisation: OrganisationID) -> User {
            User(id: UUID(), email: "x@example.nl", name: "X", organisation: organisation, role: role, createdAt: Date())
        }
        #expect(ToolboxPolicy.reach(of: nil) == .publicAccess)
        #expect(ToolboxPolicy.reach(of: user(.municipalOfficial, OrganisationID("GM0637")!)) == .signedIn)
        #expect(ToolboxPolicy.reach(of: user(.deskAgent, .nctv)) == .signedIn)
        #expect(ToolboxPolicy.reach(of: user(.unitAdvisor, .expertiseUnit)) == .unitOnly)
        #expect(ToolboxPolicy.mayEdit(user(.unitCoordinator, .expertiseUnit)) && !ToolboxPolicy.mayEdit(user(.administrator, .nctv)))
    }
}

@Suite("Knowledge base: questions and articles are toolbox items with links")
struct KnowledgeDraftTests {
    @Test("links are read from slugs or whole links, deduplicated; anything else is refused")
    func related() throws {
        func draft(_ related: [String]) -> OfferingDraft {
            OfferingDraft(kind: OfferingKind.question.rawValue, title: "Hoe vraag ik een training aan?", summary: "Via de expertise-unit.",
                          audiences: ["gemeenten"], provider: "szw-ess", related: related)
        }
        let valid = try draft(["tienpuntenplan", " https://steunpunt.example/aanbod/Trainingen-voor-sleutelfiguren ", "/aanbod/tienpuntenplan", ""])
            .validated(knownNeeds: [])
        #expect(valid.related.map(\.rawValue) == ["tienpuntenplan", "trainingen-voor-sleutelfiguren"])
        #expect(valid.kind.isKnowledge && !OfferingKind.guide.isKnowledge)
        #expect(throws: DomainError.invalid([FieldError(field: "gerelateerd", code: "invalid_offering_slug")])) {
            _ = try draft(["niet geldig!"]).validated(knownNeeds: [])
        }
        #expect(throws: DomainError.invalid([FieldError(field: "gerelateerd", code: "too_many")])) {
            _ = try draft((1...21).map { "item-\($0)" }).validated(knownNeeds: [])
        }
    }
}
