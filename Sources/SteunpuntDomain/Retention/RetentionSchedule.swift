import Foundation

/// Every kind of record's retention rule, in one place: Steunpunt's defaults, each one
/// the operator may change with `STEUNPUNT_RETENTION` (`steunvraag=P7Y,incident=bewaren`:
/// a period means destroy after it, `bewaren` keeps permanently). A period below the
/// kind's floor is refused, as is an unknown kind or period; every problem at once.
public struct RetentionSchedule: Hashable, Sendable {
    public let rules: [RetentionRecordType: RetentionRule]

    public static let standard = RetentionSchedule(rules: Dictionary(uniqueKeysWithValues: RetentionRecordType.allCases.map { ($0, $0.defaultRule) }))

    public init(rules: [RetentionRecordType: RetentionRule]) {
        self.rules = rules
    }

    public subscript(type: RetentionRecordType) -> RetentionRule { rules[type] ?? type.defaultRule }

    /// The rules in the order of `RetentionRecordType`.
    public var ordered: [RetentionRule] { RetentionRecordType.allCases.map { self[$0] } }

    /// The defaults with the operator's changes; `.failure` lists every problem.
    public static func configured(_ text: String) -> Result<RetentionSchedule, Problems> {
        var rules = standard.rules
        var problems: [String] = []
        var seen: Set<RetentionRecordType> = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let type = RetentionRecordType(rawValue: parts[0].lowercased()) else {
                problems.append("'\(entry)' must be kind=period or kind=bewaren, kind one of \(RetentionRecordType.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            if !seen.insert(type).inserted { problems.append("\(type.rawValue) is set twice") }
            switch type.application {
            case .lists, .checkpoint, .purge: break
            case .sessionEnd:
                problems.append("sessie: sessions are removed when they end (STEUNPUNT_SESSION_IDLE_MINUTES, STEUNPUNT_SESSION_ABSOLUTE_HOURS)")
                continue
            }
            if parts[1].lowercased() == ArchiveNomination.keep.rawValue {
                rules[type] = RetentionRule(type: type, nomination: .keep, period: type.defaultRule.period)
            } else if let period = RetentionPeriod(parts[1]) {
                if period.isAtLeast(type.floor) {
                    rules[type] = RetentionRule(type: type, nomination: .destroy, period: period)
                } else {
                    problems.append("\(type.rawValue)=\(parts[1]) is shorter than the least allowed, \(type.floor)")
                }
            } else {
                problems.append("\(type.rawValue)=\(parts[1]) is not an ISO 8601 period (P5Y, P18M, P30D) or bewaren")
            }
        }
        return problems.isEmpty ? .success(RetentionSchedule(rules: rules)) : .failure(Problems(messages: problems))
    }

    public struct Problems: Error, Equatable, Sendable {
        public let messages: [String]
    }
}
