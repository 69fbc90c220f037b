import Foundation
import SteunpuntStorage
import Testing
@testable import SteunpuntWeb

/// The QR encoder is checked by reading its output back with a real decoder (zbarimg,
/// Debian's zbar-tools, installed by scripts/install-test-deps).
@Suite("QR codes")
struct QRCodeTests {
    static let zbarimg = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func decode(_ code: QRCode) throws -> String? {
        guard let zbarimg else { throw DecoderMissing() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).pgm")
        try Data(code.pgm()).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ChildProcess.run(zbarimg, ["--raw", "-q", "-Sbinary", file.path])
        guard result.status == 0 else { return nil }
        var text = String(decoding: result.output, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    struct DecoderMissing: Error, CustomStringConvertible {
        var description: String { "zbarimg is not installed (apt-get install zbar-tools); scripts/test installs it" }
    }

    @Test("codes of every size read back as the text they encode", arguments: [
        "A",
        "otpauth://totp/Steunpunt:gina%40zoetermeer.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Steunpunt",
        String(repeating: "Zoetermeer-Fryslân-'s-Gravenhage ", count: 6),
        String(repeating: "0123456789abcdef", count: 40),
    ])
    func roundTrip(text: String) throws {
        let code = try QRCode(text: text)
        #expect(try Self.decode(code) == text, "version \(code.version)")
    }

    @Test("the smallest version is chosen, and too much text is refused")
    func versions() throws {
        #expect(try QRCode(text: "A").version == 1)
        #expect(try QRCode(text: String(repeating: "x", count: 14)).version == 1)
        #expect(try QRCode(text: String(repeating: "x", count: 15)).version == 2)
        #expect(throws: QRCode.Failure.self) { try QRCode(text: String(repeating: "x", count: 3000)) }
    }

    @Test("the SVG carries its text alternative, escaped")
    func svg() throws {
        let svg = try QRCode(text: "x").svg(title: "Code voor <Steunpunt>")
        #expect(svg.contains("role=\"img\"") && svg.contains("<title>Code voor &lt;Steunpunt&gt;</title>"))
    }

    @Test("Reed–Solomon matches the standard's worked example")
    func reedSolomon() {
        // ISO/IEC 18004 annex: "01234567" at version 1-M has these data and ECC codewords.
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let ecc = ReedSolomon.remainder(data, divisor: ReedSolomon.divisor(degree: 10))
        #expect(ecc == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }
}
