import Foundation

/// A municipality's progress as a sheet (part 5 of the plan): one row per point, written
/// for a spreadsheet and read back changed. Reading checks every row and reports every
/// problem at once, by row number as the spreadsheet counts it (the header is row 1) and
/// column (`rij-3.status`); only rows that change something become changes, each on the
/// version it was downloaded at (`versie`), so a point changed since is refused rather
/// than overwritten. Values are read as people type them in Dutch Excel: a status by its
/// code or its Dutch name, a day as `2026-10-01` or `1-10-2026`, "ja" or "nee".
public enum ProgressSheet {
    public static let key = "sleutel"
    public static let status = "status"
    public static let since = "sinds"
    public static let evidence = "bewijs"
    public static let function = "verantwoordelijke functie"
    public static let nextStep = "volgende stap"
    public static let nextStepOn = "volgende stap op"
    public static let support = "ondersteuning gewenst"
    public static let version = "versie"

    /// The columns in order; `nummer` and `punt` are there to read by and ignored on upload.
    public static let columns = [key, "nummer", "punt", status, since, evidence, function, nextStep, nextStepOn, support, version]
    /// The columns an upload must have (the rest may be left out).
    public static let required = [key, status]

    /// The sheet of `plan` with `progress` (a point never recorded: not started, version 0).
    public static func rows(plan: Plan, progress: [String: PointProgress]) -> [[String]] {
        plan.points.map { point in
            let p = progress[point.key]
            return [point.key, String(point.number), point.title, (p?.status ?? .notStarted).dutchName, p?.since ?? "", p?.evidence ?? "",
                    p?.responsibleFunction ?? "", p?.nextStep ?? "", p?.nextStepOn ?? "", p?.wantsSupport == true ? "ja" : "nee", String(p?.version ?? 0)]
        }
    }

    /// One change an upload makes: point `key` becomes `valid`, made on `expectedVersion`.
    public struct Change: Sendable, Equatable {
        public let key: String
        public let valid: ProgressDraft.Valid
        public let expectedVersion: Int
    }

    /// What an upload holds: the changes, and how many rows left their point as it was.
    public struct Upload: Sendable, Equatable {
        public let changes: [Change]
        public let unchanged: Int
    }

    /// Reads a sheet: `header` and `rows` as parsed, `current` the progress now (by point
    /// key). Every problem of every row at once; nothing when one is found.
    public static func read(header: [String], rows: [[String]], plan: Plan, municipality: MunicipalityCode, current: [String: PointProgress], today: Date,
                            privacy: PrivacyGuard = .standard) throws(DomainError) -> Upload {
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var problems: [FieldError] = []
        for column in required where !names.contains(column) { problems.append(FieldError(field: "bestand", code: "missing_column_\(column)")) }
        let filled = rows.enumerated().filter { !$0.element.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        if filled.isEmpty, problems.isEmpty { problems.append(FieldError(field: "bestand", code: "no_rows")) }
        guard problems.isEmpty else { throw .invalid(problems) }

        var changes: [Change] = []
        var unchanged = 0
        var seen: Set<String> = []
        for (index, cells) in filled {
            let row = index + 2
            func cell(_ column: String) -> String? {
                names.firstIndex(of: column).map { $0 < cells.count ? cells[$0].trimmingCharacters(in: .whitespacesAndNewlines) : "" }
            }
            var flagged: Set<String> = []
            func problem(_ column: String, _ code: String) {
                flagged.insert(column)
                problems.append(FieldError(field: "rij-\(row).\(column)", code: code))
            }
            let key = cell(Self.key)?.lowercased() ?? ""
            guard plan.point(key) != nil else { problem(Self.key, key.isEmpty ? "required" : "unknown_point"); continue }
            guard seen.insert(key).inserted else { problem(Self.key, "duplicate_point"); continue }
            let now = current[key] ?? PointProgress(municipality: municipality, pointKey: key, planVersion: 0)
            let statusText = cell(Self.status) ?? ""
            let status = statusCode(statusText)
            if status == nil { problem(Self.status, statusText.isEmpty ? "required" : "invalid_progress_status") }
            func day(_ column: String, _ fallback: String) -> String {
                guard let text = cell(column) else { return fallback }
                if text.isEmpty { return "" }
                if let read = Self.day(text) { return read }
                problem(column, "invalid_date")
                return ""
            }
            let since = day(Self.since, now.since), stepOn = day(Self.nextStepOn, now.nextStepOn)
            var wants = now.wantsSupport
            if let text = cell(Self.support) {
                switch text.lowercased() {
                case "ja", "j": wants = true
                case "nee", "n", "": wants = false
                default: problem(Self.support, "invalid_yes_no")
                }
            }
            var expected = now.version
            if let text = cell(Self.version), !text.isEmpty {
                if let number = Int(text), number >= 0 { expected = number } else { problem(Self.version, "invalid_number") }
            }
            let draft = ProgressDraft(status: status ?? "", since: since, evidence: cell(Self.evidence) ?? now.evidence,
                                      responsibleFunction: cell(Self.function) ?? now.responsibleFunction, nextStep: cell(Self.nextStep) ?? now.nextStep,
                                      nextStepOn: stepOn, wantsSupport: wants)
            do {
                let valid = try draft.validated(today: today, privacy: privacy)
                guard flagged.isEmpty else { continue }
                if valid == ProgressDraft.Valid(now) { unchanged += 1; continue }
                if expected != now.version { problem(Self.version, "progress_changed"); continue }
                changes.append(Change(key: key, valid: valid, expectedVersion: expected))
            } catch {
                guard case .invalid(let found) = error else { throw error }
                // A column already reported (a day not read, a status not known) is told once.
                for item in found {
                    let column = columnName[item.field] ?? item.field
                    if !flagged.contains(column) { problems.append(FieldError(field: "rij-\(row).\(column)", code: item.code)) }
                }
            }
        }
        guard problems.isEmpty else { throw .invalid(problems) }
        return Upload(changes: changes, unchanged: unchanged)
    }

    /// The column of each field `ProgressDraft` names.
    static let columnName = ["status": status, "sinds": since, "bewijs": evidence, "verantwoordelijkeFunctie": function, "volgendeStap": nextStep,
                             "volgendeStapOp": nextStepOn]

    /// A status by its code (`in-voorbereiding`) or Dutch name (`in voorbereiding`,
    /// `Geëvalueerd en geborgd`, `geborgd`), in any case.
    public static func statusCode(_ text: String) -> String? {
        let folded = text.lowercased().replacingOccurrences(of: "-", with: " ")
        return ProgressStatus.allCases.first { status in
            [status.rawValue.replacingOccurrences(of: "-", with: " "), status.dutchName].contains(folded)
        }?.rawValue ?? (folded == "geborgd" ? ProgressStatus.sustained.rawValue : nil)
    }

    /// A day as `2026-10-01`, or as Dutch Excel writes it: `1-10-2026`, `01-10-2026`, `1/10/2026`.
    public static func day(_ text: String) -> String? {
        if CalendarDay(text) != nil { return text }
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), parts[2].count == 4 else { return nil }
        let iso = String(format: "%04d-%02d-%02d", y, m, d)
        return CalendarDay(iso) != nil ? iso : nil
    }
}

extension ProgressDraft.Valid {
    /// The values `progress` holds now, to tell a row that changes nothing.
    init(_ progress: PointProgress) {
        self.init(status: progress.status, since: progress.since, evidence: progress.evidence, responsibleFunction: progress.responsibleFunction,
                  nextStep: progress.nextStep, nextStepOn: progress.nextStepOn, wantsSupport: progress.wantsSupport)
    }
}
