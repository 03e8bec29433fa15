import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child program started with `posix_spawn`, for the CLI and the tests.
///
/// Not Foundation's `Process`: on Linux its `run()` reads `/proc/self/fd` with a copy of each whole `dirent`, which can
/// read past glibc's buffer and crash the caller (swift-corelibs-foundation PR #5472, after Swift 6.3). Here the child
/// closes every descriptor above 2 with `closefrom`, starts in its own process group with no blocked signals, and its
/// exit is collected with `waitpid`.
public final class Subprocess: Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream {
        /// The same stream as this process.
        case inherit
        /// `/dev/null`.
        case null
        /// An open file.
        case file(FileHandle)
    }

    public let processIdentifier: pid_t
    private let status = Mutex<Int32?>(nil)

    private init(processIdentifier: pid_t) {
        self.processIdentifier = processIdentifier
    }

    /// Starts `executable` (a path) with `arguments`; `environment` nil passes this process's environment on.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        input: Stream = .null, output: Stream = .inherit, error: Stream = .inherit
    ) throws -> Subprocess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        for (stream, target) in [(input, STDIN_FILENO), (output, STDOUT_FILENO), (error, STDERR_FILENO)] {
            switch stream {
            case .inherit: break
            case .null: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
            case .file(let handle): posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, target)
            }
        }
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP
        #if os(Linux)
        guard let closeFrom = Self.closeFrom else {
            throw SubprocessFailure(description: "Could not start \(executable): this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 added it)")
        }
        _ = closeFrom(&actions, 3)
        #else
        flags |= POSIX_SPAWN_CLOEXEC_DEFAULT
        #endif

        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var pid = pid_t()
        let result = withCStrings([executable] + arguments) { argv in
            guard let environment else {
                return posix_spawn(&pid, executable, &actions, &attributes, argv, UnsafePointer(environ))
            }
            return withCStrings(environment.map { "\($0.key)=\($0.value)" }) { envp in
                posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            }
        }
        guard result == 0 else {
            throw SubprocessFailure(description: "Could not start \(executable): \(String(cString: strerror(result)))")
        }
        return Subprocess(processIdentifier: pid)
    }

    #if os(Linux)
    /// glibc declares it only for `_GNU_SOURCE`, which Swift's Glibc module does not define, so it is looked up by name.
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let closeFrom: CloseFrom? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: CloseFrom.self) }
    #endif

    /// Whether the child has not exited yet (collecting its status when it has).
    public var isRunning: Bool { exitStatus == nil }

    /// The exit code, or the signal's number when a signal ended it; nil while it runs.
    public var exitStatus: Int32? {
        status.withLock { status in
            if status == nil {
                var raw: Int32 = 0
                if waitpid(processIdentifier, &raw, WNOHANG) == processIdentifier {
                    let signal = raw & 0x7f
                    status = signal == 0 ? (raw >> 8) & 0xff : signal
                }
            }
            return status
        }
    }

    /// The exit status once the child has exited; blocks this thread until then.
    public func waitUntilExit() -> Int32 {
        while true {
            if let exitStatus { return exitStatus }
            usleep(5_000)
        }
    }

    /// The exit status once the child has exited, waiting without blocking a thread.
    public func exit() async -> Int32 {
        while true {
            if let exitStatus { return exitStatus }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// The exit status, waiting up to `timeout` without blocking a thread; nil if it still runs.
    public func exitStatus(within timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let exitStatus { return exitStatus }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return exitStatus
    }

    /// Sends `signal` unless the child has already exited (its pid may belong to another program by then).
    public func signal(_ signal: Int32) {
        status.withLock { status in
            if status == nil { _ = kill(processIdentifier, signal) }
        }
    }

    /// SIGTERM.
    public func terminate() { signal(SIGTERM) }
}

/// Runs `body` with `strings` as a C array of C strings ending in a null pointer.
private func withCStrings<Result>(
    _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
) -> Result {
    let pointers = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: strings.count + 1)
    for (index, string) in strings.enumerated() { pointers[index] = strdup(string) }
    pointers[strings.count] = nil
    defer {
        for index in strings.indices { free(pointers[index]) }
        pointers.deallocate()
    }
    return body(pointers)
}

/// The program could not be started.
public struct SubprocessFailure: Error, CustomStringConvertible {
    public let description: String
}
