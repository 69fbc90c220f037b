import PostgresNIO

/// What a log line may say about an error. Every place that logs an error goes through
/// here, so none can forget the rule: the log says what went wrong and where, never a
/// stored value. PostgresNIO's own description says nothing ("Generic description to
/// prevent accidental leakage"), and its debug description carries the statement's
/// parameters and the server's detail (`Key (email)=(…) already exists`), which are
/// personal data in this system; so for PostgreSQL the log gets the error's kind, the
/// SQLSTATE, the server's message unless the message quotes input (class 22, data
/// exceptions) and the names of the table, column and constraint.
public enum LoggedError {
    public static func description(of error: any Error) -> String {
        if let error = error as? PSQLError { return description(of: error) }
        return "\(error)"
    }

    static func description(of error: PSQLError) -> String {
        var parts = ["PostgreSQL \(error.code)"]
        if let info = error.serverInfo {
            let state = info[.sqlState]
            if let state { parts.append("SQLSTATE \(state)") }
            if let message = info[.message], !(state?.hasPrefix("22") ?? true) { parts.append(message) }
            for (label, field) in [("table", PSQLError.ServerInfo.Field.tableName), ("column", .columnName), ("constraint", .constraintName)] {
                if let value = info[field] { parts.append("\(label) \(value)") }
            }
        }
        if let underlying = error.underlying { parts.append("\(underlying)") }
        return parts.joined(separator: ", ")
    }
}
