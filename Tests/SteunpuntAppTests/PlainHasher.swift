import SteunpuntApp

/// Stands in for bcrypt, which is the web layer's; the use cases only need a hash they can check.
struct PlainHasher: PasswordHashing {
    func hash(_ password: String) async throws -> String { "hashed:" + password }
    func verify(_ password: String, hash: String?) async throws -> Bool { hash == "hashed:" + password }
}
