import Foundation

/// One edit the unit makes to a draft of the plan, point by point as its pages offer it.
/// Applying it gives the whole plan to save (numbers follow the order, 1, 2, 3…), so a
/// page, the API and the checks see one plan, never half of one.
public enum PlanEdit: Sendable, Equatable {
    /// The title and the introduction.
    case header(title: String, introduction: String)
    /// The point with `key` as `point` (its number is kept from its place).
    case replace(key: String, with: PlanPoint)
    /// A new point at the end.
    case add(PlanPoint)
    /// The point with `key` out of the plan.
    case remove(key: String)
    /// The point with `key` one place up (towards 1) or down.
    case move(key: String, up: Bool)

    /// The key the edit is about, if it is about one point.
    public var key: String? {
        switch self {
        case .header: nil
        case .replace(let key, _), .remove(let key), .move(let key, _): key
        case .add(let point): point.key
        }
    }
}

extension Plan {
    /// The plan with `edit` applied; `DomainError.notFound` when it names a point the plan
    /// does not have. Checks are `problems(knownNeeds:)`'s, on the result.
    public func applying(_ edit: PlanEdit) throws(DomainError) -> Plan {
        var plan = self
        func index(_ key: String) throws(DomainError) -> Int {
            guard let index = plan.points.firstIndex(where: { $0.key == key }) else { throw .notFound }
            return index
        }
        switch edit {
        case .header(let title, let introduction):
            plan.title = title
            plan.introduction = introduction
        case .replace(let key, let point):
            plan.points[try index(key)] = point
        case .add(let point):
            plan.points.append(point)
        case .remove(let key):
            plan.points.remove(at: try index(key))
        case .move(let key, let up):
            let from = try index(key)
            let to = up ? from - 1 : from + 1
            if plan.points.indices.contains(to) { plan.points.swapAt(from, to) }
        }
        for offset in plan.points.indices { plan.points[offset].number = offset + 1 }
        return plan
    }
}

extension PlanEdit {
    /// Whether applying this edit to `plan` would overwrite a change someone else made
    /// since the form was read: `read` is the fingerprint of the part the form showed (a
    /// point's, or the title and introduction's). Not when that part is as it was read,
    /// nor when it already is what this edit makes of it. A point removed since is the
    /// apply's `notFound`.
    public func overwrites(_ plan: Plan, read: String) -> Bool {
        switch self {
        case .header(let title, let introduction):
            return plan.headerFingerprint != read && (plan.title != title || plan.introduction != introduction)
        case .replace(let key, let point):
            guard let current = plan.point(key) else { return false }
            return current.fingerprint != read && current.fingerprint != point.fingerprint
        case .add, .remove, .move:
            return false
        }
    }
}

extension PlanPoint {
    /// What a form read of the point, its place in the order aside: a stable digest
    /// (FNV-1a, 64 bits) of its key, phase, texts, needs and offerings.
    public var fingerprint: String {
        Fingerprint.of([key, phase.rawValue, title, asks, evidence, needs.map(\.rawValue).joined(separator: ","), offerings.joined(separator: ",")])
    }
}

extension Plan {
    /// What a form read of the title and the introduction.
    public var headerFingerprint: String { Fingerprint.of([title, introduction]) }

    /// What a reader of the whole plan read: its header and every point in order.
    public var fingerprint: String { Fingerprint.of([headerFingerprint] + points.map(\.fingerprint)) }
}

/// A digest that is the same in every process and on every machine (Swift's `Hasher` is
/// seeded per process): FNV-1a over the parts' UTF-8, each part ended by a unit separator.
enum Fingerprint {
    static func of(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 + [0x1F] {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        return String(hash, radix: 16)
    }
}
