import Logging
import NIOCore
import SQLKit

/// An `SQLDatabase` around another that changes how statements run and forwards the rest
/// (`OpenConnectionOnly`, `TracedSQLDatabase`).
protocol SQLDatabaseWrapper: SQLDatabase {
    var base: any SQLDatabase { get }
}

extension SQLDatabaseWrapper {
    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }
}
