import Foundation
import Hummingbird
import Prometheus
import SteunpuntStorage

/// Probes for the platform the service runs on: liveness (the process answers),
/// readiness (the database answers and takes a write), and Prometheus metrics.
struct OperationsRoutes {
    let database: Database
    let registry: PrometheusCollectorRegistry
    let now: @Sendable () -> Date

    func register(on router: Router<AppContext>) {
        router.get("health/live") { _, _ in
            try JSONResponse.make(["status": "ok"])
        }
        router.get("health/ready") { _, context in
            do {
                try await database.ping(timeout: .seconds(2))
                try await database.probeWrite(at: now(), timeout: .seconds(2))
                return try JSONResponse.make(["status": "ok", "database": database.engine.rawValue])
            } catch {
                context.logger.warning("readiness check failed", metadata: ["error": "\(LoggedError.description(of: error))"])
                return try JSONResponse.make(["status": "unavailable", "database": database.engine.rawValue], status: .serviceUnavailable,
                                             headers: [.retryAfter: ErrorMiddleware.retryAfterSeconds])
            }
        }
        router.get("metrics") { _, _ in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
