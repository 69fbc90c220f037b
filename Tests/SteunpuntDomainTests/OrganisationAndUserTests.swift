import Foundation
import Testing
@testable import SteunpuntDomain

@Suite("Organisations, users and roles")
struct OrganisationAndUserTests {
    @Test("organisation identifiers are slugs or CBS codes")
    func identifiers() {
        #expect(OrganisationID("szw-ess")?.rawValue == "szw-ess")
        #expect(OrganisationID("gm0363")?.rawValue == "GM0363")
        for bad in ["Szw", "a", "-abc", "abc-", "ab c", "ab_c", String(repeating: "a", count: 65)] {
            #expect(OrganisationID(bad) == nil, "\(bad) should be refused")
        }
    }

    @Test("the slug rule on bytes agrees with the rule on characters, non-ASCII letters and digits included")
    func slugRule() {
        func byCharacters(_ text: String, _ length: ClosedRange<Int>, doubleHyphens: Bool) -> Bool {
            length.contains(text.count) && !text.hasPrefix("-") && !text.hasSuffix("-") && (doubleHyphens || !text.contains("--"))
                && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        }
        let alphabet = Array("az09-Z_ é٣ĳ")
        var state: UInt64 = 7
        for _ in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let text = String((0..<Int(state >> 60)).map { index in alphabet[Int((state >> UInt64(index * 4)) % UInt64(alphabet.count))] })
            for doubleHyphens in [true, false] {
                #expect(Slug.isValid(text, length: 2...8, doubleHyphens: doubleHyphens) == byCharacters(text, 2...8, doubleHyphens: doubleHyphens), "\(text)")
            }
        }
        #expect(OfferingSlug("a--b") == nil && OfferingSlug("a-b") != nil && NeedCode("a--b") != nil)
        #expect(MunicipalityCode("gM0363")?.rawValue == "GM0363")
    }

    @Test("an organisation draft reports every problem at once")
    func organisationDraftErrors() {
        let draft = OrganisationDraft(id: "Bad Id", name: " ", kind: "castle", municipality: "XX", parent: "Also Bad")
        #expect(throws: DomainError.invalid([
            FieldError(field: "id", code: "invalid_organisation_id"),
            FieldError(field: "naam", code: "required"),
            FieldError(field: "soort", code: "invalid_kind"),
            FieldError(field: "gemeente", code: "invalid_municipality_code"),
            FieldError(field: "bovenliggend", code: "invalid_organisation_id"),
        ])) { try draft.validated() }
    }

    @Test("a school needs a municipality; a municipality's identifier is its code")
    func organisationRules() throws {
        #expect(throws: DomainError.invalid([FieldError(field: "gemeente", code: "required")])) {
            try OrganisationDraft(id: "school-x", name: "X", kind: "school").validated()
        }
        #expect(throws: DomainError.invalid([FieldError(field: "id", code: "municipality_id_must_be_code")])) {
            try OrganisationDraft(id: "GM0001", name: "X", kind: "gemeente", municipality: "GM0002").validated()
        }
        let school = try OrganisationDraft(id: "school-x", name: " X ", kind: "school", municipality: "gm0637").validated()
        #expect(school.name == "X")
        #expect(school.municipality?.rawValue == "GM0637")
    }

    @Test("roles fit only their kinds of organisation")
    func rolesFit() {
        #expect(Role.unitAdvisor.fits(.expertiseUnit))
        #expect(!Role.unitAdvisor.fits(.school))
        #expect(Role.municipalOfficial.fits(.municipality))
        #expect(!Role.municipalOfficial.fits(.nationalGovernment))
        #expect(Role.deskAgent.fits(.associationDesk) && Role.deskAgent.fits(.helpdesk))
        #expect(OrganisationKind.allCases.allSatisfy { Role.administrator.fits($0) })
    }

    @Test("a user draft normalises the address and reports every problem")
    func userDraft() throws {
        let valid = try UserDraft(email: " Anna@Gemeente.NL ", name: "Anna", organisation: "GM0363", role: "gemeente-medewerker").validated()
        #expect(valid.email == "anna@gemeente.nl")
        #expect(throws: DomainError.invalid([
            FieldError(field: "naam", code: "required"),
            FieldError(field: "email", code: "invalid_email"),
            FieldError(field: "organisatie", code: "invalid_organisation_id"),
            FieldError(field: "rol", code: "invalid_role"),
        ])) { try UserDraft(email: "anna@", name: "", organisation: "?", role: "king").validated() }
        #expect(throws: DomainError.invalid([FieldError(field: "rol", code: "role_does_not_fit_organisation")])) {
            try valid.check(organisationKind: .school)
        }
    }

    @Test("e-mail addresses need a local part and a dotted domain", arguments: [
        ("a@b.nl", true), ("a.b@c.d.nl", true), ("a@b", false), ("@b.nl", false), ("a b@c.nl", false), ("a@.nl", false), ("a@b..nl", false),
    ])
    func emails(address: String, valid: Bool) {
        #expect(EmailAddress.isValid(address) == valid)
    }

    @Test("passwords need 12 characters and may not be common or contain the address")
    func passwords() {
        #expect(PasswordPolicy.problems("kort").map(\.code) == ["password_too_short"])
        #expect(PasswordPolicy.problems("Wachtwoord123", commonPasswords: ["wachtwoord123"]).map(\.code) == ["password_too_common"])
        #expect(PasswordPolicy.problems("annadevries-geheim", email: "annadevries@x.nl").map(\.code) == ["password_contains_email"])
        #expect(PasswordPolicy.problems("paard batterij nietje").isEmpty)
    }

    @Test("pagination parameters are checked together")
    func pageRequests() {
        var v = Validator()
        let page = PageRequest.parse(number: "3", size: "50", into: &v)
        #expect(v.errors.isEmpty && page.offset == 100)
        var w = Validator()
        _ = PageRequest.parse(number: "0", size: "101", into: &w)
        #expect(w.errors.map(\.code) == ["invalid_page", "invalid_page_size"])
        let p = Page(items: [1, 2], total: 41, request: PageRequest(number: 2, size: 20))
        #expect(p.pageCount == 3 && p.hasNext && p.hasPrevious)
    }

    @Test("only national staff see the priority flag")
    func priorityVisibility() {
        func user(_ role: Role) -> User {
            User(id: UUID(), email: "x@y.nl", name: "X", organisation: .nctv, role: role, createdAt: Date())
        }
        #expect(!AccessPolicy.canSeePriority(nil))
        #expect(!AccessPolicy.canSeePriority(user(.municipalOfficial)))
        #expect(!AccessPolicy.canSeePriority(user(.schoolStaff)))
        #expect(AccessPolicy.canSeePriority(user(.unitCoordinator)))
        #expect(AccessPolicy.canSeePriority(user(.nationalAnalyst)))
    }
}

@Suite("Checked identifiers")
struct CheckedIdentifierTests {
    @Test("identifiers decode only in their own form")
    func decoding() throws {
        let decoder = JSONDecoder()
        #expect(try decoder.decode([MunicipalityCode].self, from: Data(#"["gm0363"]"#.utf8)).first?.rawValue == "GM0363")
        #expect(throws: DecodingError.self) { try decoder.decode([MunicipalityCode].self, from: Data(#"["GM36"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode([OrganisationID].self, from: Data(#"["Niet Goed"]"#.utf8)) }
        let encoded = try JSONEncoder().encode([OrganisationID.expertiseUnit])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["szw-ess"]"#)
    }
}

@Suite("Notification preferences: defaults per role, the digest hour in Dutch time")
struct NotificationPreferenceTests {
    @Test("what asks someone to act comes at once; what only informs in the summary; a coordinator's advisors' messages in the summary")
    func defaults() {
        #expect(NotificationPreferences.defaultDelivery(of: .message, role: .municipalOfficial) == .immediately)
        #expect(NotificationPreferences.defaultDelivery(of: .message, role: .unitAdvisor) == .immediately)
        #expect(NotificationPreferences.defaultDelivery(of: .answered, role: .unitAdvisor) == .immediately)
        #expect(NotificationPreferences.defaultDelivery(of: .message, role: .unitCoordinator) == .digest)
        #expect(NotificationPreferences.defaultDelivery(of: .answered, role: .unitCoordinator) == .digest)
        #expect(NotificationPreferences.defaultDelivery(of: .accepted, role: .deskAgent) == .digest)
        #expect(NotificationPreferences.defaultDelivery(of: .overdue, role: .unitCoordinator) == .immediately)
        #expect(NotificationPreferences.kinds(for: .auditor) == RequestNotice.Kind.meetings, "anyone may register for a meeting")
        #expect(NotificationPreferences.kinds(for: .administrator) == [.mailUndelivered, .webhookUndelivered] + RequestNotice.Kind.meetings)
        #expect(NotificationPreferences.defaultDelivery(of: .placeOffered, role: .municipalOfficial) == .immediately, "an offer expires: it comes at once")
    }

    @Test("the summary comes at the chosen hour in Dutch time, in winter and in summer, the next day once the hour has passed")
    func digestHour() throws {
        let calendar = DutchCalendar().calendar
        func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
            calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
        }
        #expect(NotificationPreferences.nextDigest(after: at(2027, 1, 15, 6, 59), hour: 7) == at(2027, 1, 15, 7))
        #expect(NotificationPreferences.nextDigest(after: at(2027, 1, 15, 7), hour: 7) == at(2027, 1, 16, 7))
        // 28 March 2027: clocks go forward at 02:00; 07:00 is then 05:00 UTC.
        let summer = NotificationPreferences.nextDigest(after: at(2027, 3, 27, 20), hour: 7)
        #expect(summer == at(2027, 3, 28, 7) && summer.timeIntervalSince(at(2027, 3, 27, 20)) == 10 * 3600)
    }
}
