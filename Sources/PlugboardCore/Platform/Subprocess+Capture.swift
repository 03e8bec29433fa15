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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plugboard-subprocess-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputFile = folder.appendingPathComponent("input")
        let outputFile = folder.appendingPathComponent("output")
        let errorsFile = folder.appendingPathComponent("errors")
        try input.write(to: inputFile)
        try Data().write(to: outputFile)
        try Data().write(to: errorsFile)
        let inputHandle = try FileHandle(forReadingFrom: inputFile)
        let outputHandle = try FileHandle(forWritingTo: outputFile)
        let errorsHandle = try FileHandle(forWritingTo: errorsFile)
        defer { [inputHandle, outputHandle, errorsHandle].forEach { try? $0.close() } }
        let child = try run(executable, arguments, environment: environment, input: .file(inputHandle), output: .file(outputHandle), error: .file(errorsHandle))
        let status = child.waitUntilExit()
        return Captured(status: status, output: try Data(contentsOf: outputFile), errors: try Data(contentsOf: errorsFile))
    }
}
