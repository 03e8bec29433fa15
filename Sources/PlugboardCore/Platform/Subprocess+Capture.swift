import Foundation

extension Subprocess {
    /// What a program that ran to its end left behind.
    public struct Captured: Sendable {
        public let status: Int32
        public let output: Data
        public let errors: Data

        /// stderr as text, for failure messages.
        public var errorText: String { String(decoding: errors, as: UTF8.self) }
    }

    /// Runs `executable` to its end with `input` on stdin; its streams go through temporary files, so neither can
    /// fill a pipe and stall it. Blocks this thread until the program exits.
    public static func capture(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: Data = Data()
    ) throws -> Captured {
        let (child, files) = try start(executable, arguments, environment: environment, input: input)
        defer { files.remove() }
        return try files.captured(status: child.waitUntilExit())
    }

    /// Like `capture`, but waits for the program without holding a thread: for async callers, since a thread of the
    /// concurrency pool blocked in a wait stalls every other task (the pool has one thread per core).
    public static func capture(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: Data = Data()
    ) async throws -> Captured {
        let (child, files) = try start(executable, arguments, environment: environment, input: input)
        defer { files.remove() }
        return try files.captured(status: await child.exit())
    }

    /// The temporary files a captured program's streams go through.
    private struct Files {
        let folder: URL
        let input: FileHandle
        let output: FileHandle
        let errors: FileHandle

        func captured(status: Int32) throws -> Captured {
            Captured(
                status: status, output: try Data(contentsOf: folder.appendingPathComponent("output")),
                errors: try Data(contentsOf: folder.appendingPathComponent("errors")))
        }

        func remove() {
            [input, output, errors].forEach { try? $0.close() }
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// Makes the files and starts the program on them; the caller removes the files once it has exited.
    private static func start(
        _ executable: String, _ arguments: [String], environment: [String: String]?, input: Data
    ) throws -> (Subprocess, Files) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plugboard-subprocess-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let paths = ["input", "output", "errors"].map { folder.appendingPathComponent($0) }
        do {
            try input.write(to: paths[0])
            try Data().write(to: paths[1])
            try Data().write(to: paths[2])
            let files = Files(
                folder: folder, input: try FileHandle(forReadingFrom: paths[0]), output: try FileHandle(forWritingTo: paths[1]),
                errors: try FileHandle(forWritingTo: paths[2]))
            do {
                let child = try run(
                    executable, arguments, environment: environment, input: .file(files.input), output: .file(files.output),
                    error: .file(files.errors))
                return (child, files)
            } catch {
                files.remove()
                throw error
            }
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }
}
