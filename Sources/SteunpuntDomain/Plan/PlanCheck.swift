import Foundation

extension PlanPoint {
    public enum TextLimit {
        public static let title = 200
        public static let asks = 2_000
        public static let evidence = 1_000
    }

    /// The point's own problems, each on `prefix` + its field (`titel`, `vraagt`, `bewijs`,
    /// `behoeften`, `aanbod`, `sleutel`): a well-formed key, a title, what it asks and the
    /// evidence that shows it (each within its length and through the privacy guard), at
    /// least one known need, offerings by a well-formed address. A key the pages use for
    /// something else under a municipality's plan (`reservedKeys`) is refused.
    public func problems(prefix: String = "", knownNeeds: Set<NeedCode>, privacy: PrivacyGuard = .standard) -> [FieldError] {
        var v = Validator()
        v.check(Instrument.isKey(key), prefix + "sleutel", "invalid_key")
        v.check(!PlanPoint.reservedKeys.contains(key), prefix + "sleutel", "reserved_key")
        for (value, field, max) in [(title, "titel", TextLimit.title), (asks, "vraagt", TextLimit.asks), (evidence, "bewijs", TextLimit.evidence)] {
            _ = v.text(value, field: prefix + field, max: max)
            privacy.check(value, field: prefix + field, into: &v)
        }
        if needs.isEmpty { v.add(prefix + "behoeften", "required") }
        if needs.contains(where: { !knownNeeds.contains($0) }) { v.add(prefix + "behoeften", "unknown_need") }
        if offerings.contains(where: { OfferingSlug($0) == nil }) { v.add(prefix + "aanbod", "invalid_offering") }
        return v.errors
    }
}

extension Plan {
    /// Every problem of the plan at once: a title (and an introduction within 5,000
    /// characters), one to thirty points numbered 1, 2, 3… in order (`punten`, once), keys
    /// that differ, and each point's own problems (`punten[2].titel`).
    public func problems(knownNeeds: Set<NeedCode>, privacy: PrivacyGuard = .standard) -> [FieldError] {
        var v = Validator()
        _ = v.text(title, field: "titel", max: PlanPoint.TextLimit.title)
        privacy.check(title, field: "titel", into: &v)
        _ = v.text(introduction, field: "inleiding", max: 5_000, required: false)
        privacy.check(introduction, field: "inleiding", into: &v)
        if points.isEmpty { v.add("punten", "required") }
        if points.count > 30 { v.add("punten", "too_many_points") }
        var keys: Set<String> = []
        if points.enumerated().contains(where: { $0.element.number != $0.offset + 1 }) { v.add("punten", "points_out_of_order") }
        var problems = v.errors
        for (index, point) in points.enumerated() {
            let prefix = "punten[\(index)]."

            if !keys.insert(point.key).inserted { problems.append(FieldError(field: prefix + "sleutel", code: "duplicate_key")) }
            problems += point.problems(prefix: prefix, knownNeeds: knownNeeds, privacy: privacy)
        }
        return problems
    }

    /// Throws every problem at once.
    public func validated(knownNeeds: Set<NeedCode>, privacy: PrivacyGuard = .standard) throws(DomainError) -> Plan {
        let problems = problems(knownNeeds: knownNeeds, privacy: privacy)
        if !problems.isEmpty { throw .invalid(problems) }
        return self
    }
}
