/// What the database said when it refused `work` (its error as the engine describes it in
/// full, server message included), or nil when it did not refuse. A test reads the reason,
/// so a refusal for another cause (a typo in the statement, a lost connection) fails it.
func refusal(_ work: () async throws -> Void) async -> String? {
    do {
        try await work()
        return nil
    } catch {
        return String(reflecting: error)
    }
}
