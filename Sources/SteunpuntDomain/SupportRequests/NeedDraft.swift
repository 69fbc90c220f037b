import Foundation

/// Input for a need of the taxonomy (administrators extend it), validated as a whole.
public struct NeedDraft: Sendable, Equatable {
    public var code: String
    public var nameNL: String
    public var nameEN: String
    public var firstResponseDays: String
    public var resolutionDays: String
    public var isActive: Bool

    public init(code: String, nameNL: String, nameEN: String, firstResponseDays: String, resolutionDays: String, isActive: Bool = true) {
        self.code = code
        self.nameNL = nameNL
        self.nameEN = nameEN
        self.firstResponseDays = firstResponseDays
        self.resolutionDays = resolutionDays
        self.isActive = isActive
    }

    public func validated(privacy: PrivacyGuard = .standard) throws(DomainError) -> Need {
        var v = Validator()
        let code = NeedCode(self.code.trimmingCharacters(in: .whitespaces))
        v.check(code != nil, "code", "invalid_need_code")
        let nameNL = v.text(self.nameNL, field: "naam", max: 120)
        privacy.check(nameNL, field: "naam", into: &v)
        let nameEN = v.text(self.nameEN, field: "naamEngels", max: 120)
        privacy.check(nameEN, field: "naamEngels", into: &v)
        let first = Int(firstResponseDays.trimmingCharacters(in: .whitespaces))
        v.check(first.map { (1...60).contains($0) } ?? false, "termijnEersteReactie", "invalid_working_days")
        let resolution = Int(resolutionDays.trimmingCharacters(in: .whitespaces))
        v.check(resolution.map { (1...250).contains($0) } ?? false, "termijnAfhandeling", "invalid_working_days")
        if let first, let resolution, first > resolution { v.add("termijnAfhandeling", "resolution_before_response") }
        try v.finish()
        return Need(code: code!, nameNL: nameNL, nameEN: nameEN, firstResponseDays: first!, resolutionDays: resolution!, isActive: isActive)
    }
}
