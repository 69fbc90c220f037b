import Foundation

/// A response shape that writes its own JSON, for the lists a client reads most (issue
/// 17): no `Encoder` containers, boxes or casts per member, only bytes appended. The
/// `Encodable` conformance stays the definition: `DirectJSONTests` holds every adopter's
/// bytes to what `StreamingJSONEncoder` writes through `encode(to:)` for fully filled and
/// for sparse values, so a member added to the type and forgotten here fails that test.
///
/// `StreamingJSONEncoder` uses `writeJSON` whenever the value it is given adopts this.
protocol DirectJSONEncodable: Encodable {
    func writeJSON(to out: inout JSONOut)
}

/// The bytes of a JSON document written member by member. One flag is enough to place
/// the commas: opening an object or array makes the next member the first, and a value
/// that ends (scalar, object or array) makes the next member of its container a further
/// one. Absent optionals are left out, as synthesized `Encodable` leaves them out.
struct JSONOut {
    var bytes: [UInt8] = []
    private var first = true

    init(capacity: Int = 4_096) { bytes.reserveCapacity(capacity) }

    mutating func openObject() { bytes.append(UInt8(ascii: "{")); first = true }
    mutating func closeObject() { bytes.append(UInt8(ascii: "}")); first = false }
    mutating func openArray() { bytes.append(UInt8(ascii: "[")); first = true }
    mutating func closeArray() { bytes.append(UInt8(ascii: "]")); first = false }

    /// `"key":`, after a comma unless it is the container's first member. Keys are the
    /// types' own ASCII member names, which need no escaping.
    mutating func key(_ key: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Before an array's element.
    mutating func element() {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
    }

    mutating func string(_ value: String) { JSONStreamWriter.appendString(value, to: &bytes); first = false }
    mutating func int(_ value: Int) { bytes.append(contentsOf: String(value).utf8); first = false }
    mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8); first = false }
    mutating func date(_ value: Date) { JSONStreamWriter.appendDate(value, to: &bytes); first = false }

    // Members, each with the value's own writer; an optional member is left out when nil.

    mutating func member(_ name: StaticString, _ value: String) { key(name); string(value) }
    mutating func member(_ name: StaticString, _ value: String?) { if let value { member(name, value) } }
    mutating func member(_ name: StaticString, _ value: Int) { key(name); int(value) }
    mutating func member(_ name: StaticString, _ value: Bool) { key(name); bool(value) }
    mutating func member(_ name: StaticString, _ value: Date) { key(name); date(value) }
    mutating func member(_ name: StaticString, _ value: Date?) { if let value { member(name, value) } }
    mutating func member(_ name: StaticString, _ value: [String]) {
        key(name)
        openArray()
        for text in value { element(); string(text) }
        closeArray()
    }
    mutating func member(_ name: StaticString, _ value: some DirectJSONEncodable) { key(name); value.writeJSON(to: &self) }
    mutating func member(_ name: StaticString, _ value: (some DirectJSONEncodable)?) { if let value { member(name, value) } }
    mutating func member(_ name: StaticString, _ values: [some DirectJSONEncodable]) {
        key(name)
        openArray()
        for value in values { element(); value.writeJSON(to: &self) }
        closeArray()
    }
}

extension Link: DirectJSONEncodable {
    func writeJSON(to out: inout JSONOut) {
        out.openObject()
        out.member("href", href)
        out.closeObject()
    }
}

extension ListResponse: DirectJSONEncodable where Item: DirectJSONEncodable {
    func writeJSON(to out: inout JSONOut) {
        out.openObject()
        out.key("_links")
        out.openObject()
        out.member("self", _links.`self`)
        out.member("first", _links.first)
        out.member("last", _links.last)
        out.member("prev", _links.prev)
        out.member("next", _links.next)
        out.closeObject()
        out.member("totaal", totaal)
        out.member("totaalIsMinimum", totaalIsMinimum)
        out.member("pagina", pagina)
        out.member("paginaGrootte", paginaGrootte)
        out.member("aantalPaginas", aantalPaginas)
        out.member("resultaten", resultaten)
        out.closeObject()
    }
}
