import Foundation
import Testing
@testable import SteunpuntStorage

@Suite("Secrets and documents are digested as SHA-256 in lower-case hex")
struct SecretTokenTests {
    @Test("the published SHA-256 test vectors, and every byte value as two hex digits")
    func vectors() {
        // FIPS 180-2, appendix B.
        #expect(SecretToken.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SecretToken.digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SecretToken.digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let all = (0...255).map { UInt8($0) }
        #expect(SecretToken.hex(all) == all.map { String(format: "%02x", $0) }.joined())
    }

    @Test("a generated secret is 43 base64url characters after its prefix, and differs each time")
    func generated() {
        let one = SecretToken.generate(prefix: "spt_"), other = SecretToken.generate(prefix: "spt_")
        #expect(one.hasPrefix("spt_") && one.count == 47 && one != other)
        #expect(one.dropFirst(4).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
    }
}
