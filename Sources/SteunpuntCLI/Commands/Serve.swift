import ArgumentParser
import Foundation
import Hummingbird
import ServiceLifecycle
import SteunpuntStorage
import SteunpuntWeb

/// `steunpunt serve`: migrate, load reference data, and serve HTTP until SIGTERM/SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server (the default command).")

    @Option(help: "Address to listen on (default: STEUNPUNT_HOST, else 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default: STEUNPUNT_PORT, else 8080).") var port: Int?
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Add the demo organisations and users (one per role) before serving.") var demo = false

    func run() async throws {
        var overrides: [AppConfiguration.Variable: String] = [:]
        if let host { overrides[.host] = host }
        if let port { overrides[.port] = String(port) }
        let runtime = try await Runtime.start(database, overrides: overrides)
        do {
            try await serve(runtime)
        } catch {
            await runtime.database.close()
            throw error
        }
        await runtime.database.close()
    }

    private func serve(_ runtime: Runtime) async throws {
        let demoUsers: [DemoData.Account] = demo
            ? try await DemoData.seed(runtime.database, bcryptCost: runtime.configuration.bcryptCost, box: try runtime.configuration.secretBox(), now: Date())
            : []
        let app = try await buildApplication(AppEnvironment(configuration: runtime.configuration, database: runtime.database, logger: runtime.logger)) { channel in
            let address = channel.localAddress.map { "http://\($0.ipAddress ?? runtime.configuration.host):\($0.port ?? runtime.configuration.port)" } ?? ""
            var lines = ["Steunpunt is running at \(address) on \(runtime.configuration.databaseURL)"]
            if !demoUsers.isEmpty {
                lines.append("Demo sign-ins (password: \(DemoData.password)):")
                lines += demoUsers.map { "  \($0.role.padding(toLength: 20, withPad: " ", startingAt: 0)) \($0.email)" }
                lines.append("Roles that read case data set up two-step verification (any TOTP app) at their first sign-in.")
            }
            // Written straight to the file descriptor so it shows at once, even when piped.
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        // With tracing on, its exporter runs beside the server and stops after it (a group
        // stops its services in reverse order), so the last requests' spans are sent.
        if let tracing = try TracingBootstrap.start(logger: runtime.logger) {
            try await ServiceGroup(configuration: .init(services: [.init(service: tracing), .init(service: app)],
                                                        gracefulShutdownSignals: [.sigterm, .sigint], logger: runtime.logger)).run()
        } else {
            try await app.runService()
        }
    }
}
