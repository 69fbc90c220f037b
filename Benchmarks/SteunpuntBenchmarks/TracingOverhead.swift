import Foundation
import SteunpuntStorage
import Tracing

/// What tracing costs when it is off (no `OTEL_EXPORTER_OTLP_ENDPOINT`, issue 23 part 6):
/// every statement still runs inside `withSpan` (`TracedSQLDatabase`), which then meets the
/// no-op tracer. Measured as the time of a batch of such empty spans, per span, beside the
/// cheapest statement there is (the session lookup, a primary-key read on SQLite), so the
/// share of a statement it takes is read off directly.
enum TracingOverhead {
    static func run(folder: URL) async throws -> [Measurement] {
        let batch = 1_000
        let spans = try await measure("tracing off: \(batch) no-op spans (withSpan, the no-op tracer)", engine: "—", iterations: 2_000) {
            for _ in 0..<batch {
                try await withSpan("db", ofKind: .client) { span in
                    if span.isRecording { span.attributes["db.system.name"] = "sqlite" }
                }
            }
        }
        let bare = try await measure("tracing off: \(batch) empty async calls (the same loop without a span)", engine: "—", iterations: 2_000) {
            for _ in 0..<batch { try await Self.nothing() }
        }
        let (database, _) = try await openBenchmarkDatabase(.sqlite(path: folder.appendingPathComponent("tracing.sqlite").path))
        let statement = try await measure("tracing off: one statement (SELECT 1) through the traced handle", engine: "SQLite", iterations: 20_000) {
            _ = try await database.sql.raw("SELECT 1 AS n").first()
        }
        await database.close()
        let perSpan = (spans.percentile(0.5) - bare.percentile(0.5)) / Double(batch) * 1_000_000   // ns
        FileHandle.standardError.write(Data(String(format: "no-op span: %.0f ns each; a statement's median %.3f ms, so %.3f %% of it\n", perSpan,
                                                   statement.percentile(0.5), perSpan / (statement.percentile(0.5) * 1_000_000) * 100).utf8))
        return [spans, bare, statement]
    }

    @inline(never)
    static func nothing() async throws {}
}
