/// The text a PDF draws, for the privacy check: the strings shown in its content streams
/// (uncompressed or `FlateDecode`), read as single bytes and, where the PDF carries
/// `ToUnicode` maps (as fonts embedded by office programs do), through those maps too.
/// Strings are joined with a space (so `(123) Tj (456 782) Tj` reads as `123 456 782`),
/// text objects with a line break. Not read: text in images, in fonts with neither a
/// single-byte encoding nor a `ToUnicode` map, and streams with other filters.
enum PDFText {
    /// Each stream may inflate to at most this many bytes.
    static let maximumStream = 16 * 1024 * 1024

    static func extract(_ bytes: [UInt8]) -> String {
        let streams = self.streams(in: bytes)
        var unicode: [[UInt8]: String] = [:]
        for stream in streams where stream.contains(subsequence: Array("beginbf".utf8)) {
            unicode.merge(toUnicode(stream)) { a, _ in a }
        }
        var lines: [String] = []
        for stream in streams where !stream.contains(subsequence: Array("begincmap".utf8)) {
            var line: [String] = []
            for token in shownStrings(stream) {
                switch token {
                case .string(let raw):
                    line.append(String(raw.map { Character(Unicode.Scalar($0)) }))
                    if !unicode.isEmpty { line.append(decode(raw, with: unicode)) }
                case .textEnd:
                    if !line.isEmpty { lines.append(line.joined(separator: " ")) }
                    line = []
                }
            }
            if !line.isEmpty { lines.append(line.joined(separator: " ")) }
        }
        return lines.joined(separator: "\n")
    }

    /// Every stream's data, inflated where its dictionary names `FlateDecode`; streams with
    /// another filter, images and embedded font programs are left out.
    static func streams(in bytes: [UInt8]) -> [[UInt8]] {
        let start = Array("stream".utf8), end = Array("endstream".utf8)
        var result: [[UInt8]] = []
        var index = 0
        while let found = bytes.firstRange(of: start, from: index) {
            // "endstream" also contains "stream": skip it.
            if found.lowerBound >= 3, Array(bytes[(found.lowerBound - 3)..<found.lowerBound]) == Array("end".utf8) { index = found.upperBound; continue }
            var dataStart = found.upperBound
            if dataStart < bytes.count, bytes[dataStart] == 0x0D { dataStart += 1 }
            if dataStart < bytes.count, bytes[dataStart] == 0x0A { dataStart += 1 }
            guard let close = bytes.firstRange(of: end, from: dataStart) else { break }
            let dictionaryStart = bytes[..<found.lowerBound].lastRange(of: Array("obj".utf8))?.upperBound ?? max(0, found.lowerBound - 512)
            let dictionary = String(decoding: bytes[dictionaryStart..<found.lowerBound], as: UTF8.self)
            let data = bytes[dataStart..<close.lowerBound]
            // Images and embedded font programs draw no text strings: not worth inflating.
            if dictionary.contains("/Image") || dictionary.contains("/FontFile") || dictionary.contains("/Length1") {
                index = close.upperBound
                continue
            }
            if dictionary.contains("/FlateDecode") {
                // zlib: a two-byte header before the DEFLATE data.
                if data.count > 2, let inflated = try? Inflate.decompress(data.dropFirst(2), limit: maximumStream) { result.append(inflated) }
            } else if !dictionary.contains("/Filter") {
                result.append(Array(data))
            }
            index = close.upperBound
        }
        return result
    }

    enum Token { case string([UInt8]), textEnd }

    /// The strings of a content stream (`(…)` with its escapes, `<…>` in hex), and each `ET`.
    static func shownStrings(_ stream: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while index < stream.count {
            let byte = stream[index]
            if byte == UInt8(ascii: "(") {
                var depth = 1, raw: [UInt8] = []
                index += 1
                while index < stream.count, depth > 0 {
                    let c = stream[index]
                    if c == UInt8(ascii: "\\"), index + 1 < stream.count {
                        let next = stream[index + 1]
                        switch next {
                        case UInt8(ascii: "n"): raw.append(0x0A); index += 2
                        case UInt8(ascii: "r"): raw.append(0x0D); index += 2
                        case UInt8(ascii: "t"): raw.append(0x09); index += 2
                        case UInt8(ascii: "0")...UInt8(ascii: "7"):
                            var value = 0, count = 0
                            index += 1
                            while count < 3, index < stream.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(stream[index]) {
                                value = value * 8 + Int(stream[index] - UInt8(ascii: "0")); index += 1; count += 1
                            }
                            raw.append(UInt8(value & 0xFF))
                        case 0x0A, 0x0D: index += 2
                        default: raw.append(next); index += 2
                        }
                        continue
                    }
                    if c == UInt8(ascii: "(") { depth += 1 } else if c == UInt8(ascii: ")") { depth -= 1; if depth == 0 { index += 1; break } }
                    raw.append(c)
                    index += 1
                }
                tokens.append(.string(raw))
            } else if byte == UInt8(ascii: "<"), index + 1 < stream.count, stream[index + 1] != UInt8(ascii: "<") {
                guard let close = stream[index...].firstIndex(of: UInt8(ascii: ">")) else { break }
                tokens.append(.string(hex(stream[(index + 1)..<close])))
                index = close + 1
            } else if byte == UInt8(ascii: "E"), index + 1 < stream.count, stream[index + 1] == UInt8(ascii: "T"),
                      index == 0 || isDelimiter(stream[index - 1]), index + 2 >= stream.count || isDelimiter(stream[index + 2]) {
                tokens.append(.textEnd)
                index += 2
            } else {
                index += 1
            }
        }
        return tokens
    }

    static func isDelimiter(_ byte: UInt8) -> Bool { [0x20, 0x0A, 0x0D, 0x09, 0x0C, 0x00].contains(byte) }

    static func hex(_ digits: ArraySlice<UInt8>) -> [UInt8] {
        let values = digits.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        var index = 0
        while index < values.count {
            bytes.append(values[index] << 4 | (index + 1 < values.count ? values[index + 1] : 0))
            index += 2
        }
        return bytes
    }

    /// A `ToUnicode` map's `bfchar` and `bfrange` entries: source code bytes to text.
    static func toUnicode(_ stream: [UInt8]) -> [[UInt8]: String] {
        var map: [[UInt8]: String] = [:]
        let text = String(decoding: stream, as: UTF8.self)
        func hexValues(_ line: Substring) -> [[UInt8]] {
            var result: [[UInt8]] = []
            var rest = line[...]
            while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
                result.append(hex(ArraySlice(Array(rest[rest.index(after: open)..<close].utf8))))
                rest = rest[rest.index(after: close)...]
            }
            return result
        }
        func unicode(_ bytes: [UInt8]) -> String {
            var scalars = String.UnicodeScalarView()
            var index = 0
            while index + 1 < bytes.count {
                if let scalar = Unicode.Scalar(UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])) { scalars.append(scalar) }
                index += 2
            }
            return String(scalars)
        }
        for section in text.components(separatedBy: "beginbfchar").dropFirst() {
            for line in section.components(separatedBy: "endbfchar")[0].split(separator: "\n") {
                let values = hexValues(line)
                if values.count == 2 { map[values[0]] = unicode(values[1]) }
            }
        }
        for section in text.components(separatedBy: "beginbfrange").dropFirst() {
            for line in section.components(separatedBy: "endbfrange")[0].split(separator: "\n") {
                let values = hexValues(line)
                guard values.count >= 3, values[0].count == values[1].count, let first = values[0].last, let last = values[1].last,
                      first <= last, Array(values[0].dropLast()) == Array(values[1].dropLast()), values[2].count >= 2 else { continue }
                let prefix = Array(values[0].dropLast())
                let base = UInt32(values[2][values[2].count - 2]) << 8 | UInt32(values[2][values[2].count - 1])
                for offset in 0...(last - first) {
                    if let scalar = Unicode.Scalar(base + UInt32(offset)) { map[prefix + [first + offset]] = String(Character(scalar)) }
                }
            }
        }
        return map
    }

    /// `raw` through `map`, two-byte codes first, then one-byte codes.
    static func decode(_ raw: [UInt8], with map: [[UInt8]: String]) -> String {
        var result = ""
        var index = 0
        while index < raw.count {
            if index + 1 < raw.count, let text = map[[raw[index], raw[index + 1]]] {
                result += text; index += 2
            } else if let text = map[[raw[index]]] {
                result += text; index += 1
            } else {
                index += 1
            }
        }
        return result
    }
}

extension Array where Element == UInt8 {
    func firstRange(of needle: [UInt8], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty, count >= needle.count else { return nil }
        var index = start
        while index <= count - needle.count {
            guard let candidate = self[index...(count - needle.count)].firstIndex(of: needle[0]) else { return nil }
            if self[candidate..<(candidate + needle.count)].elementsEqual(needle) { return candidate..<(candidate + needle.count) }
            index = candidate + 1
        }
        return nil
    }

    func contains(subsequence needle: [UInt8]) -> Bool { firstRange(of: needle, from: 0) != nil }
}

extension ArraySlice where Element == UInt8 {
    func lastRange(of needle: [UInt8]) -> Range<Int>? {
        guard !needle.isEmpty, count >= needle.count else { return nil }
        var index = endIndex - needle.count
        while index >= startIndex {
            if self[index..<(index + needle.count)].elementsEqual(needle) { return index..<(index + needle.count) }
            index -= 1
        }
        return nil
    }
}
