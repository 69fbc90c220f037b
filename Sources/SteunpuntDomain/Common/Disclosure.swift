import Foundation

/// What an aggregate may show its reader: the one rule for every figure shown to someone
/// who may not see the named rows it is made of (`docs/privacy.md`, "Aggregates").
///
/// A figure rests on at least `threshold` units (municipalities, organisations) *other than
/// the reader's own*, or it is hidden with a visible note. The reader's own unit never counts:
/// a municipality that knows its own scores could otherwise subtract them from a national
/// mean of two and read the other's. Where a total is shown beside its parts (a partition),
/// hiding one part is not enough, as the total minus the shown parts gives it back; so the
/// hidden parts together must again rest on `threshold` units, in at least two parts that
/// cannot be worked out one by one (`partition`). And a figure over a set that is still
/// growing is not shown at all (`withheld`): two readings of a mean, before and after one
/// more unit joined, give that unit's value away, however many units it rests on.
public struct Disclosure: Sendable, Equatable {
    /// Fewer units than this, other than the reader's own, and a figure is hidden.
    public static let threshold = 5

    /// The reader may see the named rows anyway: nothing is hidden.
    public let isOpen: Bool
    /// The reader's own unit (a municipality's code), which never counts toward the threshold.
    public let ownUnit: String?
    /// The units are still coming in: nothing but zero is shown until the set is final.
    public private(set) var isWithheld = false

    init(isOpen: Bool, ownUnit: String?) {
        self.isOpen = isOpen
        self.ownUnit = ownUnit
    }

    /// The same reader, for a set that is not final yet (an open quickscan round): a reader
    /// who sees the named rows sees them; any other sees no figure until the set is final.
    public var withheld: Disclosure {
        var copy = self
        copy.isWithheld = !isOpen
        return copy
    }

    /// For readers who see the named rows (the expertise unit).
    public static let open = Disclosure(isOpen: true, ownUnit: nil)
    /// For readers who see aggregates only and have no unit of their own in them (analysts).
    public static let aggregates = Disclosure(isOpen: false, ownUnit: nil)
    /// For a reader who belongs to one of the units (a municipality's official).
    public static func own(_ unit: String) -> Disclosure { Disclosure(isOpen: false, ownUnit: unit) }

    /// Whether a figure over `units` may be shown to this reader.
    public func mayShow<Units: Collection>(_ units: Units) -> Bool where Units.Element == String {
        if isOpen { return true }
        if isWithheld { return false }
        let others = units.count - (ownUnit.map { own in units.contains(own) ? 1 : 0 } ?? 0)
        return others >= Self.threshold
    }

    /// Whether a figure over `count` units, the reader's own among them or not, may be shown.
    public func mayShow(count: Int, includesOwn: Bool = false) -> Bool {
        isOpen || (!isWithheld && count - (includesOwn && ownUnit != nil ? 1 : 0) >= Self.threshold)
    }

    /// A count of units as the reader may see it: nil when hidden. Zero is shown: it rests
    /// on nobody.
    public func count(_ value: Int, includesOwn: Bool = false) -> Int? {
        value == 0 || mayShow(count: value, includesOwn: includesOwn) ? value : nil
    }

    /// The mean over `values` (per unit) if the reader may see it.
    public func mean(_ values: [String: [Dimension: Double]]) -> [Dimension: Double]? {
        mayShow(values.keys) && !values.isEmpty ? RoundAnalysis.mean(Array(values.values)) : nil
    }

    /// Which parts of a partition whose total is shown may be shown, given how many units
    /// each part holds and whether the reader's own is among them. A part that fails
    /// `mayShow` is hidden; when any part is hidden, further parts (the smallest first) are
    /// hidden with it until the hidden parts are at least two, hold at least `threshold`
    /// units and more units than parts (each hidden part holds one or more, so equal numbers
    /// would give each away). When that cannot be reached, every part is hidden.
    public func partition(_ parts: [(units: Int, includesOwn: Bool)]) -> [Bool] {
        if isOpen { return parts.map { _ in true } }
        var shown = parts.map { $0.units == 0 || mayShow(count: $0.units, includesOwn: $0.includesOwn) }
        func safe() -> Bool {
            let hidden = parts.indices.filter { !shown[$0] }
            if hidden.isEmpty { return true }
            let units = hidden.reduce(0) { $0 + parts[$1].units }
            return hidden.count >= 2 && units >= Self.threshold && units > hidden.count
        }
        while !safe() {
            let candidates = parts.indices.filter { shown[$0] && parts[$0].units > 0 }
            guard let next = candidates.min(by: { (parts[$0].units, $0) < (parts[$1].units, $1) }) else {
                return parts.map { _ in false }
            }
            shown[next] = false
        }
        return shown
    }

    /// `partition` for parts whose units may overlap (a municipality has incidents in
    /// several months): the parts are given as their sets of units. A part that fails
    /// `mayShow` is hidden; while any part is hidden, further parts (the fewest units
    /// first) are hidden with it until the hidden parts are at least two and together
    /// rest on `threshold` units other than the reader's own, counted once each (the
    /// total minus the shown parts gives their sum, which rests on their union). When
    /// that cannot be reached, every part is hidden. Empty parts are shown: they rest on
    /// nobody.
    public func partition(sets parts: [Set<String>]) -> [Bool] {
        if isOpen { return parts.map { _ in true } }
        var shown = parts.map { $0.isEmpty || mayShow($0) }
        func safe() -> Bool {
            let hidden = parts.indices.filter { !shown[$0] }
            if hidden.isEmpty { return true }
            return hidden.count >= 2 && mayShow(hidden.reduce(into: Set<String>()) { $0.formUnion(parts[$1]) })
        }
        while !safe() {
            let candidates = parts.indices.filter { shown[$0] && !parts[$0].isEmpty }
            guard let next = candidates.min(by: { (parts[$0].count, $0) < (parts[$1].count, $1) }) else {
                return parts.map { _ in false }
            }
            shown[next] = false
        }
        return shown
    }
}
