/// DEFLATE decompression (RFC 1951), enough to read the text inside ODT and DOCX files.
/// Written after Mark Adler's `puff.c`: small and strict rather than fast. Every read is
/// bounds-checked and the output is capped, so a damaged or hostile file (a "zip bomb")
/// fails with an error instead of taking the server's memory.
enum Inflate {
    enum Failure: Error, Equatable {
        case invalid
        case tooLarge
    }

    static func decompress(_ input: ArraySlice<UInt8>, limit: Int) throws(Failure) -> [UInt8] {
        var state = State(input: input, limit: limit)
        var last = false
        while !last {
            last = try state.bits(1) == 1
            switch try state.bits(2) {
            case 0: try state.stored()
            case 1: try state.codes(Tables.fixedLengths, Tables.fixedDistances)
            case 2: try state.dynamic()
            default: throw .invalid
            }
        }
        return state.output
    }

    struct Huffman {
        var count = [Int](repeating: 0, count: 16)
        var symbol: [Int]

        /// Builds the canonical code for `lengths`; incomplete codes are allowed only where
        /// RFC 1951 allows them (a single distance code), over-subscribed ones are refused.
        init(_ lengths: ArraySlice<Int>) throws(Failure) {
            symbol = [Int](repeating: 0, count: lengths.count)
            for length in lengths { count[length] += 1 }
            var left = 1
            for length in 1..<16 {
                left <<= 1
                left -= count[length]
                if left < 0 { throw .invalid }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + count[length] }
            for (index, length) in lengths.enumerated() where length != 0 {
                symbol[offsets[length]] = index
                offsets[length] += 1
            }
        }
    }

    enum Tables {
        static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
        static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
        static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                                   4097, 6145, 8193, 12289, 16385, 24577]
        static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
        static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        static let fixedLengths = try! Huffman(ArraySlice(
            [Int](repeating: 8, count: 144) + [Int](repeating: 9, count: 112) + [Int](repeating: 7, count: 24) + [Int](repeating: 8, count: 8)))
        static let fixedDistances = try! Huffman(ArraySlice([Int](repeating: 5, count: 30)))
    }

    struct State {
        let input: ArraySlice<UInt8>
        let limit: Int
        var position: Int
        var bitBuffer: UInt64 = 0
        var bitCount = 0
        var output: [UInt8] = []

        init(input: ArraySlice<UInt8>, limit: Int) {
            self.input = input
            self.limit = limit
            position = input.startIndex
        }

        mutating func bits(_ needed: Int) throws(Failure) -> Int {
            var value = bitBuffer
            while bitCount < needed {
                guard position < input.endIndex else { throw .invalid }
                value |= UInt64(input[position]) << UInt64(bitCount)
                position += 1
                bitCount += 8
            }
            bitBuffer = value >> UInt64(needed)
            bitCount -= needed
            return Int(value & ((1 << UInt64(needed)) - 1))
        }

        mutating func stored() throws(Failure) {
            bitBuffer = 0
            bitCount = 0
            guard position + 4 <= input.endIndex else { throw .invalid }
            let length = Int(input[position]) | Int(input[position + 1]) << 8
            let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
            guard length == ~complement & 0xFFFF else { throw .invalid }
            position += 4
            guard position + length <= input.endIndex else { throw .invalid }
            guard output.count + length <= limit else { throw .tooLarge }
            output.append(contentsOf: input[position..<(position + length)])
            position += length
        }

        mutating func decode(_ huffman: Huffman) throws(Failure) -> Int {
            var code = 0, first = 0, index = 0
            for length in 1..<16 {
                code |= try bits(1)
                let count = huffman.count[length]
                if code - count < first { return huffman.symbol[index + (code - first)] }
                index += count
                first += count
                first <<= 1
                code <<= 1
            }
            throw .invalid
        }

        mutating func codes(_ lengths: Huffman, _ distances: Huffman) throws(Failure) {
            while true {
                let symbol = try decode(lengths)
                if symbol < 256 {
                    guard output.count < limit else { throw .tooLarge }
                    output.append(UInt8(symbol))
                } else if symbol == 256 {
                    return
                } else {
                    let index = symbol - 257
                    guard index < Tables.lengthBase.count else { throw .invalid }
                    let length = Tables.lengthBase[index] + (try bits(Tables.lengthExtra[index]))
                    let distanceSymbol = try decode(distances)
                    guard distanceSymbol < Tables.distanceBase.count else { throw .invalid }
                    let distance = Tables.distanceBase[distanceSymbol] + (try bits(Tables.distanceExtra[distanceSymbol]))
                    guard distance <= output.count else { throw .invalid }
                    guard output.count + length <= limit else { throw .tooLarge }
                    let start = output.count - distance
                    for offset in 0..<length { output.append(output[start + offset]) }
                }
            }
        }

        mutating func dynamic() throws(Failure) {
            let literalCount = try bits(5) + 257
            let distanceCount = try bits(5) + 1
            let codeCount = try bits(4) + 4
            guard literalCount <= 286, distanceCount <= 30 else { throw .invalid }
            var lengths = [Int](repeating: 0, count: 320)
            for index in 0..<codeCount { lengths[Tables.codeLengthOrder[index]] = try bits(3) }
            let lengthCode = try Huffman(lengths[0..<19])
            var index = 0
            while index < literalCount + distanceCount {
                var symbol = try decode(lengthCode)
                if symbol < 16 {
                    lengths[index] = symbol
                    index += 1
                    continue
                }
                var repeated = 0
                if symbol == 16 {
                    guard index > 0 else { throw .invalid }
                    repeated = lengths[index - 1]
                    symbol = 3 + (try bits(2))
                } else if symbol == 17 {
                    symbol = 3 + (try bits(3))
                } else {
                    symbol = 11 + (try bits(7))
                }
                guard index + symbol <= literalCount + distanceCount else { throw .invalid }
                for _ in 0..<symbol {
                    lengths[index] = repeated
                    index += 1
                }
            }
            guard lengths[256] != 0 else { throw .invalid }
            let literal = try Huffman(lengths[0..<literalCount])
            let distance = try Huffman(lengths[literalCount..<(literalCount + distanceCount)])
            try codes(literal, distance)
        }
    }
}
