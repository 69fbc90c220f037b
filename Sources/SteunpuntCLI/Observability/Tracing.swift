import Foundation
import Logging
import OTel
import ServiceLifecycle
import Tracing

/// OpenTelemetry traces (issue 23, part 6): on when the standard variable
/// `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set. Spans go
/// over OTLP/HTTP (`http/protobuf`, or `http/json` with `OTEL_EXPORTER_OTLP_PROTOCOL`) in
/// batches; the other `OTEL_*` variables of the specification apply (sampler, batch delay,
/// headers, resource attributes). Only traces: logs stay on standard error and metrics on
/// `/metrics`.
enum TracingBootstrap {
    static func isRequested(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"].contains { !(environment[$0] ?? "").isEmpty }
    }

    /// Installs the tracer and returns the service that exports its spans (run it beside the
    /// server, started first so that it stops last); nil when tracing is not asked for.
    static func start(logger: Logger) throws -> (any Service)? {
        guard isRequested() else { return nil }
        var configuration = OTel.Configuration.default
        // Its own messages (an export that failed) go where Steunpunt's go, in its format.
        configuration.diagnosticLogger = .custom(logger)
        configuration.diagnosticLogLevel = .warning
        configuration.serviceName = "steunpunt"
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        let (tracer, service) = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(tracer)
        return service
    }
}
