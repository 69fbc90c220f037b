import Foundation

// The containers of `JSONStreamWriter`: each knows the frame it writes into and starts a
// member there before writing it.

struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONStreamWriter
    /// The frame of this object.
    let index: Int

    var codingPath: [any CodingKey] { [] }

    func encodeNil(forKey key: Key) throws {
        writer.beginMember(of: index, key: key.stringValue)
        writer.writeASCII("null")
    }

    func encode(_ value: String, forKey key: Key) throws {
        writer.beginMember(of: index, key: key.stringValue)
        writer.writeString(value)
    }

    func encode(_ value: Bool, forKey key: Key) throws {
        writer.beginMember(of: index, key: key.stringValue)
        writer.writeASCII(value ? "true" : "false")
    }

    func encode(_ value: Int, forKey key: Key) throws {
        writer.beginMember(of: index, key: key.stringValue)
        writer.writeASCII(String(value))
    }

    func encode(_ value: Double, forKey key: Key) throws {
        writer.beginMember(of: index, key: key.stringValue)
        try writer.writeDouble(value)
    }

    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        writer.beginMember(of: index, key: key.stringValue)
        try writer.encodeValue(value, slot: index + 1)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        writer.beginMember(of: index, key: key.stringValue)
        writer.open(object: true)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(writer: writer, index: index + 1))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writer.beginMember(of: index, key: key.stringValue)
        writer.open(object: false)
        return UnkeyedContainer(writer: writer, index: index + 1)
    }

    func superEncoder() -> any Encoder { superEncoder(named: "super") }

    func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        writer.beginMember(of: index, key: name)
        return SlotEncoder(writer: writer, slot: index + 1)
    }
}

struct UnkeyedContainer: UnkeyedEncodingContainer {
    let writer: JSONStreamWriter
    /// The frame of this array.
    let index: Int

    var codingPath: [any CodingKey] { [] }
    var count: Int { writer.frames.count > index ? writer.frames[index].count : 0 }

    mutating func encodeNil() throws {
        writer.beginMember(of: index)
        writer.writeASCII("null")
    }

    mutating func encode(_ value: String) throws {
        writer.beginMember(of: index)
        writer.writeString(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.beginMember(of: index)
        try writer.encodeValue(value, slot: index + 1)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        writer.beginMember(of: index)
        writer.open(object: true)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(writer: writer, index: index + 1))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.beginMember(of: index)
        writer.open(object: false)
        return UnkeyedContainer(writer: writer, index: index + 1)
    }

    mutating func superEncoder() -> any Encoder {
        writer.beginMember(of: index)
        return SlotEncoder(writer: writer, slot: index + 1)
    }
}

struct SingleValueContainer: SingleValueEncodingContainer {
    let writer: JSONStreamWriter
    let slot: Int

    var codingPath: [any CodingKey] { [] }

    func encodeNil() throws { writer.writeASCII("null") }

    func encode(_ value: String) throws { writer.writeString(value) }

    func encode(_ value: Bool) throws { writer.writeASCII(value ? "true" : "false") }

    func encode(_ value: Int) throws { writer.writeASCII(String(value)) }

    func encode(_ value: Double) throws { try writer.writeDouble(value) }

    func encode<T: Encodable>(_ value: T) throws { try writer.encodeValue(value, slot: slot) }
}

/// The encoder of a super encoder's member: the same writer, at that member's place. What
/// it leaves open is closed by the next member or the end of the object.
struct SlotEncoder: Encoder {
    let writer: JSONStreamWriter
    let slot: Int

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { writer.container(keyedBy: type, slot: slot) }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { writer.unkeyedContainer(slot: slot) }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueContainer(writer: writer, slot: slot) }
}
