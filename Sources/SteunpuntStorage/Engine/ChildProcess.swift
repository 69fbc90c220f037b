import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program started with `posix_spawn`: the one way Steunpunt (its backups with
/// `pg_dump`) and its tests (the command line, LibreOffice, the Python peers) start
/// another program. Not Foundation's `Process`: on Linux its `run()` lists
/// `/proc/self/fd` copying 256 bytes of every entry, which reads past glibc's buffer now
/// and then and crashes the whole process (swift-corelibs-foundation pull request 5472,
/// not in Swift 6.3.1; it crashed the whole test suite here), and its `FileHandle` reads
/// stop the process on an interrupted system call. Here the child's descriptors other
/// than its three streams are closed by `posix_spawn` itself (`closefrom`), streams are
/// read with `read(2)`, retried when interrupted, and the child is waited for with
/// `waitpid`. The blocking calls (`wait`, `readAll`, `run`) belong off Swift's
/// cooperative threads.
public final class ChildProcess: @unchecked Sendable {
    /// Where one of the child's streams goes.
    public enum Stream: Sendable {
        /// A pipe to this process (`input`, `output`, `error` below).
        case pipe
        /// This process's own stream.
        case inherit
        /// `/dev/null`.
        case null
        /// An open file descriptor of this process (a log file).
        case descriptor(Int32)
        /// For the error stream: wherever the output goes.
        case output
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// What a program run to its end said.
    public struct Result: Sendable {
        public let status: Int32
        public let output: Data
        public let error: Data
    }

    public let pid: pid_t
    /// The write end of the child's standard input, when it is a pipe.
    public let input: Int32?
    /// The read ends of the child's standard output and error, when they are pipes.
    public let output: Int32?
    public let error: Int32?
    private let state = NSLock()
    private var exitStatus: Int32?
    private var closed: Set<Int32> = []

    /// Starts `executable` (a path, or a name looked up on the `PATH`) with `arguments`,
    /// in `environment` (nil: this process's) and `directory` (nil: this process's).
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
                input: Stream = .null, output: Stream = .pipe, error: Stream = .pipe) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let directory {
            guard let changeDirectory = Self.changeDirectory else { throw Failure(description: "this C library cannot start a program in another folder") }
            _ = changeDirectory(&actions, directory)
        }
        var parentEnds: [Int32?] = [nil, nil, nil]
        var childEnds: [Int32] = []
        defer { for fd in childEnds { Glibc.close(fd) } }
        for (target, stream) in [input, output, error].enumerated() {
            switch stream {
            case .inherit:
                continue
            case .output:
                posix_spawn_file_actions_adddup2(&actions, 1, Int32(target))
            case .descriptor(let fd):
                posix_spawn_file_actions_adddup2(&actions, fd, Int32(target))
            case .null:
                let fd = Glibc.open("/dev/null", O_RDWR | O_CLOEXEC)
                guard fd >= 0 else { throw Failure(description: "cannot open /dev/null: errno \(errno)") }
                childEnds.append(fd)
                posix_spawn_file_actions_adddup2(&actions, fd, Int32(target))
            case .pipe:
                var fds: [Int32] = [-1, -1]
                guard Glibc.pipe(&fds) == 0 else { throw Failure(description: "cannot make a pipe: errno \(errno)") }
                for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
                let (childEnd, parentEnd) = target == 0 ? (fds[0], fds[1]) : (fds[1], fds[0])
                childEnds.append(childEnd)
                parentEnds[target] = parentEnd
                posix_spawn_file_actions_adddup2(&actions, childEnd, Int32(target))
            }
        }
        // Everything else this process has open stays out of the child.
        if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, as Foundation does: a signal to the tests' group does not reach it. Every
        // signal at its default and none blocked: this process ignores some (SIGTERM and SIGINT for
        // ServiceLifecycle, SIGPIPE), and an ignored signal would stay ignored in the child.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envp = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let result = executable.contains("/")
            ? posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            : posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            for fd in parentEnds.compactMap({ $0 }) { Glibc.close(fd) }
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
        (self.input, self.output, self.error) = (parentEnds[0], parentEnds[1], parentEnds[2])
    }

    deinit {
        for fd in [input, output, error].compactMap({ $0 }) where !closed.contains(fd) { Glibc.close(fd) }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's
    /// Glibc module does not declare; nil where it is missing (descriptors are then kept
    /// out of children by close-on-exec alone).
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// A write to a pipe whose reader has gone fails with EPIPE instead of ending this process.
    private static let pipeSignalIgnored: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29 and later), likewise.
    private static let changeDirectory: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)
    }()

    /// Writes `data` to the child's standard input (a pipe).
    public func write(_ data: Data) throws {
        guard let input else { return }
        Self.pipeSignalIgnored
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(input, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure(description: "cannot write to the child: errno \(errno)")
                }
                offset += written
            }
        }
    }

    /// Closes this side of a pipe (the child's input: it reads its end).
    public func close(_ fd: Int32?) {
        guard let fd else { return }
        state.withLock { if closed.insert(fd).inserted { Glibc.close(fd) } }
    }

    /// What is there to read now on `fd`, waiting for some; empty at its end.
    public static func readSome(_ fd: Int32) -> Data {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count >= 0 { return Data(buffer[0..<count]) }
            if errno != EINTR { return Data() }
        }
    }

    /// Everything until the end of `fd`.
    public static func readAll(_ fd: Int32?) -> Data {
        guard let fd else { return Data() }
        var data = Data()
        while true {
            let chunk = readSome(fd)
            if chunk.isEmpty { return data }
            data.append(chunk)
        }
    }

    /// Waits for the child to end: its exit status, or 128 plus the signal that ended it.
    @discardableResult
    public func wait() -> Int32 {
        if let known = state.withLock({ exitStatus }) { return known }
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, 0) } while result == -1 && errno == EINTR
        if result == -1 {
            // Another thread reaped it (`terminate` does, on a thread of its own): its status comes from there.
            while true {
                if let known = state.withLock({ exitStatus }) { return known }
                usleep(1_000)
            }
        }
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return state.withLock {
            if exitStatus == nil { exitStatus = code }
            return exitStatus!
        }
    }

    /// Waits for the child to end on a thread of its own, not holding a cooperative thread.
    public func exit() async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.wait()) }.start()
        }
    }

    /// Whether it still runs (without waiting).
    public var isRunning: Bool {
        if state.withLock({ exitStatus }) != nil { return false }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return result == 0 }
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        state.withLock { exitStatus = code }
        return false
    }

    /// Sends `signal` (SIGTERM by default); the child is reaped on a thread of its own.
    public func terminate(_ signal: Int32 = SIGTERM) {
        guard isRunning else { return }
        kill(pid, signal)
        Thread { self.wait() }.start()
    }

    /// Runs `executable` to its end with `input` on its standard input, collecting its
    /// output and error (read at the same time, so neither pipe fills up and stalls it).
    /// Blocking: call it off Swift's cooperative threads.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
                           input: Data? = nil, error: Stream = .pipe) throws -> Result {
        let child = try ChildProcess(executable, arguments, environment: environment, directory: directory, input: input == nil ? .null : .pipe,
                                     error: error)
        let errorText = Collected(), done = DispatchSemaphore(value: 0)
        Thread {
            errorText.set(readAll(child.error))
            done.signal()
        }.start()
        // The input on a thread of its own too: a child may write before it has read it all.
        Thread {
            if let input { try? child.write(input) }   // a child that stops reading early says why on its error stream
            child.close(child.input)
        }.start()
        let output = readAll(child.output)
        done.wait()
        return Result(status: child.wait(), output: output, error: errorText.get())
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func set(_ value: Data) { lock.withLock { data = value } }
        func get() -> Data { lock.withLock { data } }
    }
}
