import Foundation

extension ServerProcess {
    /// Starts a server, runs `body`, and stops the server whether `body` succeeds or throws.
    ///
    /// The work folder (data, logs) is removed after a success and kept after a failure, for a look.
    static func with<Result>(
        name: String, transcript: Transcript = Transcript(), environment: [String: String] = [:],
        _ body: (ServerProcess) async throws -> Result
    ) async throws -> Result {
        let server = try ServerProcess(transcript: transcript, name: name)
        do {
            try await server.start(environment: environment)
            let result = try await body(server)
            await server.shutdown()
            try? FileManager.default.removeItem(at: server.workDirectory)
            return result
        } catch {
            await server.shutdown()
            print("end-to-end \(name): server data and logs kept in \(server.workDirectory.path)")
            throw error
        }
    }
}
