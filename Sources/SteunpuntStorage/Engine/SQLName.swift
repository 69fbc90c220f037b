import SQLKit

/// A table or column name written in the code, quoted once when made. SQLKit's
/// `SQLIdentifier` quotes and escapes every name again each time a statement is
/// serialized, through a generic string replacement that cost a tenth of the CPU of a
/// request list on SQLite (issue 17); the hot queries name their tables and columns with
/// this instead. Both engines quote names with `"`. Only for names from the code: a name
/// holding a quote stops the program rather than be escaped.
struct SQLName: SQLExpression {
    let text: String

    init(_ name: String, table: String? = nil) {
        precondition(!name.utf8.contains(UInt8(ascii: "\"")) && !(table ?? "").utf8.contains(UInt8(ascii: "\"")), "a name from the code has no quote")
        text = table.map { "\"\($0)\".\"\(name)\"" } ?? "\"\(name)\""
    }

    /// The columns `names` of `table`: `"table"."a", "table"."b"`. Named rather than
    /// `"table".*`, which is never kept prepared (`StatementNames.isPreparable`) and reads
    /// columns a list does not show (search text and vectors).
    static func columns(_ names: [String], of table: String) -> SQLName {
        SQLName(text: names.map { SQLName($0, table: table).text }.joined(separator: ", "))
    }

    private init(text: String) { self.text = text }

    func serialize(to serializer: inout SQLSerializer) { serializer.write(text) }

    /// `expression AS "name"`.
    static func alias(_ expression: any SQLExpression, as name: String) -> SQLAlias { SQLAlias(expression, as: SQLName(name)) }
}
