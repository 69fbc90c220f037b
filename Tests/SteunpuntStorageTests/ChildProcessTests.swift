import Foundation
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Child processes: started with posix_spawn, their streams read and their end waited for, never with Foundation's Process")
struct ChildProcessTests {
    @Test("output and error are collected apart, input arrives, the exit status and a signal are told, a folder and an environment are given")
    func runs() async throws {
        try await offThePool {
            let echo = try ChildProcess.run("/bin/sh", ["-c", "cat; echo fout >&2; exit 3"], input: Data("invoer\n".utf8))
            #expect(echo.status == 3 && String(decoding: echo.output, as: UTF8.self) == "invoer\n" && String(decoding: echo.error, as: UTF8.self) == "fout\n")
            let merged = try ChildProcess.run("/bin/sh", ["-c", "echo een; echo twee >&2"], error: .output)
            #expect(String(decoding: merged.output, as: UTF8.self) == "een\ntwee\n" && merged.error.isEmpty)
            let place = try ChildProcess.run("pwd", [], environment: ["PATH": "/usr/bin:/bin"], directory: "/tmp")
            #expect(String(decoding: place.output, as: UTF8.self) == "/tmp\n", "a name is looked up on the PATH; the folder is the one given")
            let environment = try ChildProcess.run("/usr/bin/env", [], environment: ["ALLEEN": "dit"])
            #expect(String(decoding: environment.output, as: UTF8.self) == "ALLEEN=dit\n")
            // More output than a pipe holds (64 KiB) on both streams at once: read together, nothing stalls.
            let large = try ChildProcess.run("/bin/sh", ["-c", "head -c 300000 /dev/zero; head -c 200000 /dev/zero >&2"])
            #expect(large.status == 0 && large.output.count == 300_000 && large.error.count == 200_000)
            // A filter that answers while it still reads: more than a pipe holds each way.
            let echoed = try ChildProcess.run("/bin/cat", [], input: Data(repeating: 7, count: 500_000))
            #expect(echoed.output == Data(repeating: 7, count: 500_000))
            // This process ignores SIGTERM (ServiceLifecycle); the child has it at its default.
            let sleeper = try ChildProcess("/bin/sleep", ["30"], output: .null, error: .null)
            #expect(sleeper.isRunning)
            kill(sleeper.pid, SIGTERM)
            #expect(sleeper.wait() == 128 + SIGTERM && !sleeper.isRunning)
            let reaped = try ChildProcess("/bin/sleep", ["30"], output: .null, error: .null)
            reaped.terminate()
            #expect(reaped.wait() == 128 + SIGTERM, "a wait beside terminate's own reaper gets the status too")
            #expect(throws: ChildProcess.Failure.self) { try ChildProcess("/bestaat/niet", []) }
        }
    }

    @Test("the child holds only its three streams, not the descriptors this process has open")
    func descriptors() async throws {
        let held = FileManager.default.temporaryDirectory.appendingPathComponent("held-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: held.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: held) }
        let handle = try FileHandle(forWritingTo: held)
        defer { try? handle.close() }
        _ = fcntl(handle.fileDescriptor, F_SETFD, 0)   // not close-on-exec: inherited unless the spawn closes it
        let listed = try await offThePool { try ChildProcess.run("/bin/ls", ["/proc/self/fd"]) }
        let descriptors = String(decoding: listed.output, as: UTF8.self).split(separator: "\n").compactMap { Int($0) }.filter { $0 > 2 }
        #expect(!descriptors.contains(Int(handle.fileDescriptor)), "\(descriptors)")
        #expect(descriptors.count <= 1, "only the one ls opened to list them: \(descriptors)")
    }

    @Test("no Foundation Process anywhere: its run() reads past a buffer now and then on Linux and crashes the whole process")
    func noFoundationProcess() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var found: [String] = []
        var scanned = 0
        for folder in ["Sources", "Tests", "Benchmarks"] {
            let base = root.appendingPathComponent(folder)
            let enumerator = FileManager.default.enumerator(atPath: base.path)!
            while let path = enumerator.nextObject() as? String {
                guard path.hasSuffix(".swift"), path != "ChildProcessTests.swift", !path.hasSuffix("/ChildProcessTests.swift") else { continue }
                scanned += 1
                let text = try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)
                    .replacingOccurrences(of: "ChildProcess", with: "").replacingOccurrences(of: "ProcessInfo", with: "")
                if text.contains("Process()") || text.contains(": Process") || text.contains("Process.run(") { found.append("\(folder)/\(path)") }
            }
        }
        #expect(found.isEmpty, "use ChildProcess instead in \(found)")
        #expect(scanned > 300, "the scan reads the sources")
    }
}
