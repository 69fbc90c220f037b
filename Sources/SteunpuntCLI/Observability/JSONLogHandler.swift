import Foundation
import Logging
import Synchronization

/// Log lines as one JSON object each (`STEUNPUNT_LOG_FORMAT=json`), for a log collector:
/// `time` (ISO 8601, UTC, milliseconds), `level`, `logger`, `message`, `source`, then the
/// metadata as fields (the request id `hb.request.id`, with tracing on `trace_id` and
/// `span_id`). Nested metadata stays nested; everything else is a string.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    let output: JSONLogOutput

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        var fields = self.metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let explicit { fields.merge(explicit) { _, new in new } }
        output.write(Self.line(time: Date(), level: level, label: label, message: message.description, source: source, metadata: fields))
    }

    static func line(time: Date, level: Logger.Level, label: String, message: String, source: String, metadata: Logger.Metadata) -> String {
        var object: [String: Any] = metadata.mapValues(Self.value)
        object["time"] = time.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon)) + "Z"
        object["level"] = level.rawValue
        object["logger"] = label
        object["message"] = message
        object["source"] = source
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func value(_ metadata: Logger.Metadata.Value) -> Any {
        switch metadata {
        case .string(let text): text
        case .stringConvertible(let value): value.description
        case .array(let values): values.map(value)
        case .dictionary(let fields): fields.mapValues(value)
        }
    }
}

/// Where JSON log lines go: standard error, one whole line per write, in order.
final class JSONLogOutput: Sendable {
    private let lock = Mutex(())

    func write(_ line: String) {
        lock.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }
}
