import Logging
import NIOCore
import SQLKit
import Tracing

/// Every statement as a span of the request or job that runs it (issue 23, part 6), when
/// tracing is on (`OTEL_EXPORTER_OTLP_ENDPOINT`; otherwise the tracer does nothing and this
/// costs a call). `Database` hands out only this wrapper, for statements outside and inside
/// transactions, so no query goes untraced. The span holds the statement's text as SQLKit
/// serialised it: values are bound (`$1`, `?`) and never part of it, so no name, search
/// word or secret reaches the traces.
struct TracedSQLDatabase: SQLDatabaseWrapper {
    let base: any SQLDatabase
    let system: String

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        promise.completeWithTask { try await self.execute(sql: query, onRow) }
        return promise.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await withSpan("db", ofKind: .client) { span in
            if span.isRecording {
                let text = base.serialize(query).sql
                let operation = text.prefix { !$0.isWhitespace }.uppercased()
                span.operationName = operation
                span.attributes["db.system.name"] = system
                span.attributes["db.operation.name"] = operation
                span.attributes["db.query.text"] = text
            }
            try await base.execute(sql: query, onRow)
        }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await base.withSession { try await closure(TracedSQLDatabase(base: $0, system: system)) }
    }
}

extension Engine {
    /// The engine's name in traces (OpenTelemetry's `db.system.name`).
    var tracingName: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgresql"
        }
    }
}
