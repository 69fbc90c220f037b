import ArgumentParser
import Foundation
import Logging
import OTel
import SteunpuntStorage
import SteunpuntWeb
import Synchronization

/// Options every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "sqlite:PATH, sqlite:///ABSOLUTE/PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE (default: STEUNPUNT_DATABASE_URL, else sqlite:var/steunpunt.sqlite)")
    var databaseURL: String?
}

/// What a command needs to run: the configuration, a logger and an open, migrated
/// database. Start-up problems end the command with a clear message, never a trace.
struct Runtime {
    let configuration: AppConfiguration
    let logger: Logger
    let database: Database

    /// What the server would be built from, for the use cases a command runs.
    var environment: AppEnvironment {
        AppEnvironment(configuration: configuration, database: database, logger: logger)
    }

    /// The configuration (the options over the environment) and a logger at its level,
    /// for a command that opens the database itself (a restore into an empty one).
    static func configure(_ options: DatabaseOptions, overrides: [AppConfiguration.Variable: String] = [:]) throws -> (AppConfiguration, Logger) {
        var overrides = overrides
        if let url = options.databaseURL { overrides[.databaseURL] = url }
        let configuration: AppConfiguration
        do {
            configuration = try AppConfiguration.load(environment: ProcessInfo.processInfo.environment, overrides: overrides)
        } catch {
            throw CLIError(error.description)
        }
        LoggingBootstrap.once(format: configuration.logFormat)
        var logger = Logger(label: "steunpunt")
        logger.logLevel = configuration.logLevel
        return (configuration, logger)
    }

    static func start(_ options: DatabaseOptions, overrides: [AppConfiguration.Variable: String] = [:]) async throws -> Runtime {
        var (configuration, logger) = try configure(options, overrides: overrides)
        if configuration.encryptionKey == nil {
            let file = EncryptionKeyFile.location(for: configuration.databaseURL)
            let (key, created) = try EncryptionKeyFile.loadOrCreate(at: file)
            if created { logger.notice("made a new encryption key; back it up apart from the database", metadata: ["file": "\(file.path)"]) }
            configuration.encryptionKey = key
        }
        let database: Database
        do {
            database = try await Database.open(configuration.databaseURL, logger: logger, limits: configuration.databaseLimits)
        } catch {
            throw CLIError("Cannot open the database \(configuration.databaseURL): \(LoggedError.description(of: error))")
        }
        do {
            try await DatabasePreparation.prepare(database, box: SecretBox(key: configuration.encryptionKey!))
        } catch {
            await database.close()
            throw CLIError("Cannot prepare the database \(configuration.databaseURL): \(LoggedError.description(of: error))")
        }
        return Runtime(configuration: configuration, logger: logger, database: database)
    }
}

/// A failure the user can act on, printed as one clear message with exit code 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Logs go to standard error, as text or as JSON lines (`STEUNPUNT_LOG_FORMAT`); each logger
/// carries the configured level itself. With tracing on, each line carries the trace and
/// span it was written in (`trace_id`, `span_id`).
enum LoggingBootstrap {
    private static let done = Mutex(false)

    static func once(format: AppConfiguration.LogFormat) {
        let first = done.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        let provider: Logger.MetadataProvider? = TracingBootstrap.isRequested() ? OTel.makeLoggingMetadataProvider() : nil
        let output = JSONLogOutput()
        LoggingSystem.bootstrap({ label, provider in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label, metadataProvider: provider)
                handler.logLevel = .trace
                return handler
            case .json:
                return JSONLogHandler(label: label, metadataProvider: provider, output: output)
            }
        }, metadataProvider: provider)
    }
}

/// Reads a secret from standard input when it is piped, without echoing anything.
enum StandardInput {
    static var isPiped: Bool { isatty(FileHandle.standardInput.fileDescriptor) == 0 }

    static func readLine() -> String? {
        Swift.readLine(strippingNewline: true)
    }
}
