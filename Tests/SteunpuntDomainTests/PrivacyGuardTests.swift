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

    /// Sentences as people write them, each hiding a BSN (123456782, 111222333 or 999999990)
    /// in a way the guard once let through or might.
    static let hiding = [
        "Gesprek met de jongere, BSN 123456782 3 keer gezien in de wijk.",
        "Zie dossier 2024 123456782 voor de afspraken.",
        "dossier 2024-123456782",
        "Melding 12 april, nummer 111222333, 2 broers betrokken.",
        "bsn\u{00A0}123\u{00A0}456\u{00A0}782",
        "bsn 123\u{202F}456\u{202F}782 (smalle spatie)",
        "nummer 123\u{2013}456\u{2013}782 met en-streepjes",
        "nummer 123\u{2014}456\u{2014}782 met em-streepjes",
        "nummer 123 - 456 - 782",
        "nummer 1 2 3 4 5 6 7 8 2 los getypt",
        "nummer 12.34.56.782",
        "nummer 123\u{200B}456782 met een onzichtbare spatie",
        "nummer 1234\u{00AD}56782 met een zacht afbreekstreepje",
        "nummer １２３４５６７８２ in brede cijfers",
        "nummer ١٢٣٤٥٦٧٨٢ in Arabische cijfers",
        "BSN:999999990.",
        "(999 999 990) en 2015",
        "Op 3 maart 2015 123456782 gesproken",
    ]

    /// Ordinary text with numbers that are no BSN: dates, years, telephone numbers,
    /// postcodes, amounts, chamber of commerce and case numbers.
    static let ordinary = [
        "Op 15 april 2015 is de brief verstuurd (kenmerk 2015-0000123456).",
        "Bel 070 123 4567 of 06-12345678, of 0612345678.",
        "Postcode 2511 DP, huisnummer 15; KvK 27124701.",
        "Het budget is € 1.250.000,00 voor 2026-2027.",
        "Tussen 2015 en 2016 zijn 48 van de 49 gemeenten bereikt.",
        "De tien punten: 1. netwerk, 2. signalen, 3. aanpak.",
        "Kamerstuk 29754, nr. 335, 23 juni 2015.",
        "Telefoon +31 70 751 5050.",
        "Nummer 123456789 voldoet niet aan de elfproef.",
    ]

    @Test("a BSN is found however the sentence around it is written", arguments: hiding)
    func refusesInSentences(text: String) {
        #expect(PrivacyGuard.standard.findings(in: text) == [.bsn], "\(text)")
    }

    @Test("ordinary numbers in sentences pass", arguments: ordinary)
    func acceptsSentences(text: String) {
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

    @Test("every text of a quickscan instrument is guarded and limited: titles, introductions, questions, help, option and scale labels")
    func instrumentTexts() {
        let bsn = "zie 123456782"
        let instrument = Instrument(title: "Quickscan " + bsn, intro: bsn, sections: [
            Section(key: "deel", title: "Deel " + bsn, intro: String(repeating: "a", count: Instrument.TextLimit.introduction + 1), questions: [
                Question(key: "q1", text: bsn, help: bsn, type: .singleChoice, dimension: .knowledge,
                         choices: [Choice(code: "a", label: bsn, score: 100), Choice(code: "b", label: "B", score: 0)]),
                Question(key: "q2", text: "Schaal", type: .scale, dimension: .capacity, scaleLabels: ["1", "2", "3", "4", bsn]),
                Question(key: "q3", text: String(repeating: "x", count: Instrument.TextLimit.question + 1), type: .text, dimension: .context),
            ]),
        ])
        let problems = instrument.problems()
        #expect(problems.filter { $0.code == "personal_identifier_bsn" }.map(\.field) == ["instrument", "instrument", "deel", "q1", "q1", "q1", "q2"])
        #expect(problems.filter { $0.code == "too_long" }.map(\.field) == ["deel", "q3"])
        #expect(Instrument.starting.problems().isEmpty, "the shipped instrument passes")
    }

    @Test("an API token's name is guarded and limited")
    func tokenName() {
        var v = Validator()
        #expect(APITokenName.validated("  Rapportage  ", into: &v) == "Rapportage" && v.errors.isEmpty)
        _ = APITokenName.validated("voor 111 222 333", into: &v)
        _ = APITokenName.validated(String(repeating: "n", count: APITokenName.maxLength + 1), field: "naam2", into: &v)
        #expect(v.errors == [FieldError(field: "naam", code: "personal_identifier_bsn"), FieldError(field: "naam2", code: "too_long")])
    }
}
