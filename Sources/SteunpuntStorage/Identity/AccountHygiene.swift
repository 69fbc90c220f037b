import Foundation
import SQLKit
import SteunpuntDomain

/// What an administrator keeps an eye on: invitations not yet used, and active accounts
/// without two-step verification.
extension UserStore {
    /// Invitations neither used nor expired, of active accounts.
    public func pendingInvitations(at now: Date) async throws -> Int {
        try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("invitations").join("users", on: SQLColumn("id", table: "users"), .equal, SQLColumn("user_id", table: "invitations"))
            .where(SQLColumn("used_at", table: "invitations"), .is, SQLLiteral.null)
            .where(SQLColumn("expires_at", table: "invitations"), .greaterThan, SQLBind(now))
            .where(SQLColumn("is_active", table: "users"), .equal, SQLBind(true))
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Active accounts that have not switched two-step verification on, by role and name.
    public func withoutTwoStep() async throws -> [User] {
        try await database.sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("users"))).from("users")
            .join("user_mfa", method: SQLJoinMethod.left, on: SQLColumn("user_id", table: "user_mfa"), .equal, SQLColumn("id", table: "users"))
            .where(SQLColumn("is_active", table: "users"), .equal, SQLBind(true))
            .where(SQLColumn("confirmed_at", table: "user_mfa"), .is, SQLLiteral.null)
            .orderBy(SQLColumn("role", table: "users")).orderBy(SQLColumn("search_key", table: "users")).orderBy(SQLColumn("email", table: "users"))
            .all().map(Self.decode)
    }
}
