import Hummingbird
import HummingbirdCore
import Logging

/// At most `maximum` open client connections; past it the server stops accepting until
/// one closes (new ones wait in the listen backlog). Reaching the limit is logged as a
/// warning, once each time it is reached, so an operator sees a flood of slow or idle
/// connections instead of a server that silently stops answering.
struct ConnectionLimit: AvailableConnectionsDelegate {
    let maximum: Int
    let logger: Logger
    private var open = 0

    init(maximum: Int, logger: Logger) {
        self.maximum = maximum
        self.logger = logger
    }

    mutating func connectionOpened() {
        open += 1
        if open == maximum {
            logger.warning("connection limit reached; new connections wait until one closes", metadata: ["connections": "\(open)"])
        }
    }

    mutating func connectionClosed() {
        open -= 1
    }

    func isAcceptingNewConnections() -> Bool {
        open < maximum
    }
}
