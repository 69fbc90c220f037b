import Testing
@testable import SteunpuntDomain

@Suite("Privacy guard")
struct PrivacyGuardTests {
    @Test("a BSN is refused in every common spelling", arguments: [
        "123456782", "BSN 123456782.", "bsn: 123 456 782", "1234.56.782", "123-456-782", "nummer 111222333 van de jongere", "(999999990)",
    ])
    func refusesBSN(text: String) {
        #expect(PrivacyGuard.standard.findings(in: text) == [.bsn])
    }

    @Test("nine digits failing the eleven-test, and other numbers, pass", arguments: [
        "123456789", "000000000", "0612345678", "1234567820", "12345678", "postcode 2511 DP, 15 april 2015", "GM0363", "tel. 070 123 4567",
    ])
    func acceptsOtherNumbers(text: String) {
        #expect(PrivacyGuard.standard.findings(in: text).isEmpty, "\(text)")
    }

    @Test("the eleven-test itself")
    func elevenTest() {
        #expect(ElevenTest.passes([1, 2, 3, 4, 5, 6, 7, 8, 2]))
        #expect(!ElevenTest.passes([1, 2, 3, 4, 5, 6, 7, 8, 9]))
        #expect(!ElevenTest.passes([0, 0, 0, 0, 0, 0, 0, 0, 0]))
    }

    @Test("IBAN and e-mail are refused only when configured")
    func configurable() {
        let text = "Rekening NL91 ABNA 0417 1643 00, mail jan@voorbeeld.nl"
        #expect(PrivacyGuard.standard.findings(in: text).isEmpty)
        #expect(PrivacyGuard(refused: [.bsn, .iban, .email]).findings(in: text) == [.iban, .email])
        #expect(PrivacyGuard(refused: [.iban]).findings(in: "NL91ABNA0417164301").isEmpty, "a wrong check digit is no IBAN")
    }

    @Test("the guard reports the field and the kind, never the value")
    func validatorMessage() {
        var v = Validator()
        PrivacyGuard.standard.check("Gesprek over 123456782", field: "omschrijving", into: &v)
        #expect(v.errors == [FieldError(field: "omschrijving", code: "personal_identifier_bsn")])
        #expect(!v.errors.description.contains("123456782"))
    }

    @Test("names of organisations and users are guarded")
    func draftsAreGuarded() {
        #expect(throws: DomainError.invalid([FieldError(field: "naam", code: "personal_identifier_bsn")])) {
            try OrganisationDraft(id: "partner-x", name: "Partner 123456782", kind: "partner").validated()
        }
        #expect(throws: DomainError.invalid([FieldError(field: "naam", code: "personal_identifier_bsn")])) {
            try UserDraft(email: "a@b.nl", name: "Jan 111 222 333", organisation: "nctv", role: "analist").validated()
        }
    }
}
