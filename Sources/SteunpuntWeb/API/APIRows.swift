import SteunpuntDomain

/// The problems of a body's rows as the body names them: the domain names a row's field as
/// the form does (`stap-2-titel`, `mijlpaal-2-behaald`), the API by its place in the body
/// (`stappen[1].titel`, `mijlpalen[1].behaaldOp`). One rule for every API with rows.
struct APIRows {
    /// The form's prefix of a row (`stap`) and the body's array (`stappen`).
    let prefix: String
    let array: String
    /// Fields the body names otherwise than the form (`behaald` is `behaaldOp`).
    var renamed: [String: String] = [:]

    func bodyField(_ field: String) -> String {
        let parts = field.split(separator: "-", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == prefix, let row = Int(parts[1]) else { return field }
        return "\(array)[\(row - 1)].\(renamed[parts[2]] ?? parts[2])"
    }

    /// Runs `body`, renaming the rows' fields of any problems it reports.
    func naming<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch DomainError.invalid(let errors) {
            throw DomainError.invalid(errors.map { FieldError(field: bodyField($0.field), code: $0.code) })
        }
    }
}
