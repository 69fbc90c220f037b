/// The entries of a ZIP archive (ODT and DOCX files are ZIP archives), read from its
/// central directory. Only what office documents use: stored and deflated entries, no
/// ZIP64, no encryption. Every offset is checked against the data, and reading an entry
/// is capped, so a damaged or hostile archive fails instead of misbehaving.
struct ZipArchive {
    struct Entry: Equatable {
        let name: String
        let method: Int
        let compressedSize: Int
        let size: Int
        let localHeader: Int
    }

    enum Failure: Error, Equatable {
        case invalid
        case tooLarge
    }

    let bytes: [UInt8]
    let entries: [Entry]

    static func isZip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04
    }

    init(_ bytes: [UInt8]) throws(Failure) {
        self.bytes = bytes
        // The end-of-central-directory record: within the last 64 KiB (its comment) + 22 bytes.
        guard bytes.count >= 22 else { throw .invalid }
        var end = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        while end >= lowest, Self.uint32(bytes, end) != 0x0605_4B50 { end -= 1 }
        guard end >= lowest else { throw .invalid }
        let count = Self.uint16(bytes, end + 10)
        var offset = Self.uint32(bytes, end + 16)
        var entries: [Entry] = []
        for _ in 0..<count {
            guard offset + 46 <= bytes.count, Self.uint32(bytes, offset) == 0x0201_4B50 else { throw .invalid }
            let nameLength = Self.uint16(bytes, offset + 28)
            let extraLength = Self.uint16(bytes, offset + 30)
            let commentLength = Self.uint16(bytes, offset + 32)
            guard offset + 46 + nameLength <= bytes.count else { throw .invalid }
            entries.append(Entry(name: String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self),
                                 method: Self.uint16(bytes, offset + 10), compressedSize: Self.uint32(bytes, offset + 20),
                                 size: Self.uint32(bytes, offset + 24), localHeader: Self.uint32(bytes, offset + 42)))
            offset += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    /// The data of `entry`, decompressed, refused past `limit` bytes.
    func read(_ entry: Entry, limit: Int) throws(Failure) -> [UInt8] {
        let header = entry.localHeader
        guard header + 30 <= bytes.count, Self.uint32(bytes, header) == 0x0403_4B50 else { throw .invalid }
        let start = header + 30 + Self.uint16(bytes, header + 26) + Self.uint16(bytes, header + 28)
        guard start + entry.compressedSize <= bytes.count else { throw .invalid }
        let data = bytes[start..<(start + entry.compressedSize)]
        switch entry.method {
        case 0:
            guard data.count <= limit else { throw .tooLarge }
            return Array(data)
        case 8:
            do {
                return try Inflate.decompress(data, limit: limit)
            } catch .tooLarge {
                throw .tooLarge
            } catch {
                throw .invalid
            }
        default:
            throw .invalid
        }
    }

    static func uint16(_ bytes: [UInt8], _ offset: Int) -> Int {
        guard offset >= 0, offset + 2 <= bytes.count else { return -1 }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    static func uint32(_ bytes: [UInt8], _ offset: Int) -> Int {
        guard offset >= 0, offset + 4 <= bytes.count else { return -1 }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
    }
}
